/// The actions the Mobile3M crawler would try on a page, in its order.
///
/// From the dataset variant of the compact HTML: a line is interactive when it contains
/// `clickable="true"`, `scrollable="true"` or the substring `input`. An interactive line is an
/// *input* when it contains `input` or `EditText` (so a resource-id containing "input" counts,
/// as in the original), else a *scrollable* when it contains `scrollable="true"`, else a
/// *clickable*. Actions come as every clickable's `click`, then every scrollable's four swipes
/// (up, down, left, right), then every input's `click` followed by one `input` per keyword.
///
/// ```swift
/// let space = ActionSpace(tree, inputKeywords: ["北京市"])
/// space.actions.map(\.mobile3MString)
/// ```
public struct ActionSpace: Sendable, Hashable {
  /// The actions, in the original crawler's order.
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
    for (line, nodeIndex) in zip(html.lines, html.nodeIndices) {
      let isClickable = line.containsBytes("clickable=\"true\"")
      let isScrollable = line.containsBytes("scrollable=\"true\"")
      let mentionsInput = line.containsBytes("input")
      guard isClickable || isScrollable || mentionsInput else { continue }
      let bounds = tree?.nodes[nodeIndex].bounds
      if mentionsInput || line.containsBytes("EditText") {
        inputs.append(
          PageAction(kind: .click, htmlLine: line, nodeIndex: nodeIndex, bounds: bounds))
        for keyword in inputKeywords {
          inputs.append(
            PageAction(
              kind: .input, htmlLine: line, nodeIndex: nodeIndex, bounds: bounds, text: keyword))
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
    actions = clicks + scrolls + inputs
  }
}
