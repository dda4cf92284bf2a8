import UIHierarchy

/// The Element List Generation target (task 1): every node with a non-empty `text` and a
/// `bounds`, depth-first in document order, as `<ref>text</ref><box>bounds</box>`.
///
/// Reproduces the original's `print_text_and_bounds`: a node's own entry and its children's
/// entries (joined by newlines) are concatenated without a newline between them; text keeps its
/// newlines; bounds are written as the dump has them. Unlike the original, a node without a
/// `text` attribute counts as empty (the original printed `<ref>None</ref>` for it).
public enum ElementListTarget {
  /// The target for `tree` (empty when no node has text).
  public static func text(for tree: UITree) -> String {
    nonEmptyJoined(tree.windows.map { entry(tree, $0) })
  }

  private static func entry(_ tree: UITree, _ index: Int) -> String {
    let node = tree.nodes[index]
    var result = ""
    if !node.text.isEmpty, let bounds = node[attribute: "bounds"], !bounds.isEmpty {
      result = "<ref>\(node.text)</ref><box>\(bounds)</box>"
    }
    return result + nonEmptyJoined(node.children.map { entry(tree, $0) })
  }

  private static func nonEmptyJoined(_ parts: [String]) -> String {
    parts.filter { !$0.isEmpty }.joined(separator: "\n")
  }
}
