import Geometry
import UIHierarchy

/// Whether a screen shows that the element a goal names has been acted on, read from the
/// hierarchy alone (no memory): the element is there and selected or checked (a tab, a
/// switch), or it is no longer there to act on and the screen's title carries its text (a
/// "Compose" button opened the page titled "Compose", "Attach" the page "Attach a file").
/// A screen still offering the element to act on is never the end: the goal says to act on it.
enum GoalOnScreen {
  /// Why the screen shows the goal done for element text `target`; nil when it does not.
  static func reached(target: String, on tree: UITree) -> String? {
    let wanted = words(target)
    guard !wanted.isEmpty else { return nil }
    let carriers = tree.nodes.indices.filter { index in
      let node = tree.nodes[index]
      return words(node.text) == wanted || words(node.contentDescription) == wanted
    }
    if let on = carriers.first(where: { stateIsOn($0, in: tree) }) {
      let node = tree.nodes[on]
      return "\"\(node.text.isEmpty ? node.contentDescription : node.text)\" is selected"
    }
    guard !carriers.contains(where: { actionable($0, in: tree) }), let title = title(of: tree),
      contains(words(title), wanted)
    else { return nil }
    return "\"\(target)\" is not on the screen to act on, and the screen's title is \"\(title)\""
  }

  /// The bounds of the element carrying `target` that the screen offers to act on; nil when
  /// none does.
  static func offered(target: String, on tree: UITree) -> Bounds? {
    let wanted = words(target)
    guard !wanted.isEmpty else { return nil }
    return tree.nodes.indices.first { index in
      let node = tree.nodes[index]
      return (words(node.text) == wanted || words(node.contentDescription) == wanted)
        && node.bounds != nil && actionable(index, in: tree)
    }.flatMap { tree.nodes[$0].bounds }
  }

  /// The screen's title: the topmost text of the screen's app (the first window's package)
  /// that is not inside an element to act on (clicked, long-pressed, scrolled, typed into).
  static func title(of tree: UITree) -> String? {
    let app = tree.windows.first.map { tree.nodes[$0].package }
    var best: (top: Int, left: Int, text: String)?
    for (index, node) in tree.nodes.enumerated()
    where !node.text.isEmpty && node.package == app && !actionable(index, in: tree) {
      guard let box = node.bounds else { continue }
      if best.map({ (box.top, box.left) < ($0.top, $0.left) }) ?? true {
        best = (box.top, box.left, node.text)
      }
    }
    return best?.text
  }

  /// The node or one of its ancestors can be acted on.
  static func actionable(_ index: Int, in tree: UITree) -> Bool {
    var current: Int? = index
    while let position = current {
      let node = tree.nodes[position]
      if node.isClickable || node.isLongClickable || node.isScrollable || node.isEditable {
        return true
      }
      current = node.parent
    }
    return false
  }

  /// The node or its nearest actionable ancestor is selected or checked.
  static func stateIsOn(_ index: Int, in tree: UITree) -> Bool {
    var current: Int? = index
    while let position = current {
      let node = tree.nodes[position]
      if node.isSelected || node.isChecked { return true }
      if node.isClickable { return false }
      current = node.parent
    }
    return false
  }

  /// Lower-cased words (letters and digits); a run of Chinese stays one word.
  static func words(_ text: String) -> [String] {
    text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
  }

  /// `haystack` holds `needle` as consecutive words.
  static func contains(_ haystack: [String], _ needle: [String]) -> Bool {
    guard !needle.isEmpty, haystack.count >= needle.count else { return false }
    return (0...(haystack.count - needle.count)).contains {
      Array(haystack[$0..<($0 + needle.count)]) == needle
    }
  }
}
