/// The actions the Mobile3M crawler would try on a page, in its order.
///
/// From the dataset variant of the compact HTML: a line is interactive when it contains
/// `clickable="true"`, `scrollable="true"` or the substring `input`. An interactive line is an
/// *input* when it contains `input` or `EditText` (so a resource-id containing "input" counts,
/// as in the original), else a *scrollable* when it contains `scrollable="true"`, else a
/// *clickable*. A line with neither a non-empty `description="…"` nor a `class="…"` is left
/// out, as the original's `display_html_and_mapping` does. Actions come as every clickable's
/// `click`, then every scrollable's four swipes (up, down, left, right), then every input's
/// `click` followed by one `input` per keyword.
///
/// An action whose string is already in the list is dropped, keeping the first (the original's
/// `if action_res not in action_tobe`): two identical lines give one click, two scrollables
/// with the same bounds one set of swipes, a flat box whose up and down swipes coincide one
/// swipe. Keywords are typed as the original's `process_user_input` reads them back from
/// `input(N,keyword)`: trailing `)` dropped, cut at the first comma.
///
/// ```swift
/// let space = ActionSpace(tree, inputKeywords: ["北京市"])
/// space.actions.map(\.mobile3MString)
/// ```
public struct ActionSpace: Sendable, Hashable {
  /// The actions, in the original crawler's order, each action string once.
  public private(set) var actions: [PageAction] = []

  /// The action space of a tree.
  /// - Parameter inputKeywords: the app's input keywords (the original used 7–10 per app).
  public init(_ tree: UITree, inputKeywords: [String] = []) {
    self.init(CompactHTML(tree, leafBounds: false), tree: tree, inputKeywords: inputKeywords)
  }

  /// The action space of an already rendered compact HTML of `tree`.
  public init(_ html: CompactHTML, tree: UITree? = nil, inputKeywords: [String] = []) {
    var clicks: [PageAction] = []
    var scrolls: [PageAction] = []
    var inputs: [PageAction] = []
    let typed = inputKeywords.map(Self.typedText)
    for (line, nodeIndex) in zip(html.lines, html.nodeIndices) {
      let isClickable = line.containsBytes("clickable=\"true\"")
      let isScrollable = line.containsBytes("scrollable=\"true\"")
      let mentionsInput = line.containsBytes("input")
      guard isClickable || isScrollable || mentionsInput, Self.isDescribed(line) else { continue }
      let bounds = tree?.nodes[nodeIndex].bounds
      if mentionsInput || line.containsBytes("EditText") {
        inputs.append(
          PageAction(kind: .click, htmlLine: line, nodeIndex: nodeIndex, bounds: bounds))
        for text in typed {
          inputs.append(
            PageAction(
              kind: .input, htmlLine: line, nodeIndex: nodeIndex, bounds: bounds, text: text))
        }
      } else if isScrollable {
        // The swipe comes from the bounds printed in the line, as in the original.
        guard let box = PageAction.boundsAttribute(of: line) else { continue }
        for direction in PageAction.Direction.allCases {
          scrolls.append(
            PageAction(
              kind: .scroll, htmlLine: line, nodeIndex: nodeIndex, bounds: box,
              direction: direction, swipe: PageAction.swipe(in: box, direction: direction)))
        }
      } else {
        clicks.append(
          PageAction(kind: .click, htmlLine: line, nodeIndex: nodeIndex, bounds: bounds))
      }
    }
    var seen = Set<String>()
    actions = (clicks + scrolls + inputs).filter { seen.insert($0.mobile3MString).inserted }
  }

  /// True when the original gives the line a description and so keeps it: a non-empty
  /// `description="…"` value, or else any `class="…"` (an empty element is "Empty <class>").
  static func isDescribed(_ line: String) -> Bool {
    if let start = line.range(of: "description=\"") {
      return !line[start.upperBound...].hasPrefix("\"")
    }
    return line.containsBytes("class=\"")
  }

  /// The text the original types for a keyword: `input(N,keyword)` is read back by dropping
  /// trailing `)` and splitting on commas, so the text stops at the first comma.
  static func typedText(_ keyword: String) -> String {
    var text = Substring(keyword)
    while text.last == ")" { text = text.dropLast() }
    return String(text.prefix { $0 != "," })
  }
}
