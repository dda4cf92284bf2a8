import Foundation

/// The Mobile3M compact "HTML" of a page: one line per emitted element, as the original
/// `any_tree_to_html` writes it (`-html.txt` in the Mobile3M release).
///
/// ```swift
/// let html = CompactHTML(tree, leafBounds: false)
/// html.lines[0]  // <p id="…:id/city" package="…" class="android.widget.TextView" clickable="true"> 上海 </p>
/// ```
///
/// Rules (byte for byte with the original):
/// - a node's *type* is its class name; it is *visible* when it has text or a content-desc, or
///   its type contains `button` or `edittext` (case-insensitive);
/// - tags by substring of the type, in order: `ImageView`/`IconView` → `img`, `Button` →
///   `button`, `Image` → `img`, `MenuItemView` → `button`, `EditText` → `input`, `TextView` →
///   `p`, else `div`;
/// - a `clickable="true"` node makes every descendant print `clickable="true"`;
/// - newlines are removed from text and content-desc;
/// - a visible leaf prints
///   `<tag[ id=""][ package=""][ class=""][ description=""][ clickable=""][ scrollable="true"][ bounds=""]> text </tag>`;
///   `scrollable`/`bounds` only on scrollable leaves, or `bounds` on every leaf with
///   `leafBounds: true` (the variant the original regenerates for training targets);
/// - any other node prints only when scrollable, as
///   `<tag[ id=""][ class=""][ description=""][ clickable=""] scrollable="true" bounds=""> text </tag>`
///   (no `package`), and the walk goes on into its children either way.
///
/// Difference from the original: on that container line the original misspells the attribute
/// as `descript  ion` (two spaces). m3m writes `description` unless `originalTypo` is set, which
/// reproduces the released data byte for byte.
public struct CompactHTML: Sendable, Hashable {
  /// The emitted lines, in document order.
  public private(set) var lines: [String] = []
  /// For each line, the index of the node it came from in ``UITree/nodes``.
  public private(set) var nodeIndices: [Int] = []

  /// Renders `tree`.
  /// - Parameters:
  ///   - leafBounds: print `bounds` on every leaf (the bounded variant), not only scrollables.
  ///   - originalTypo: spell the container attribute `descript  ion` as the original did.
  public init(_ tree: UITree, leafBounds: Bool = false, originalTypo: Bool = false) {
    let nodes = tree.nodes
    var inherited = [Bool](repeating: false, count: nodes.count)
    lines.reserveCapacity(nodes.count / 2)
    nodeIndices.reserveCapacity(nodes.count / 2)
    for position in nodes.indices {
      // Pre-order: a parent is always visited before its children.
      let clickableFromAbove = nodes[position].parent.map { inherited[$0] } ?? false
      inherited[nodes[position].index] = clickableFromAbove || nodes[position].isClickable
      if let line = Self.line(
        for: nodes[position], clickableFromAbove: clickableFromAbove, leafBounds: leafBounds,
        originalTypo: originalTypo)
      {
        lines.append(line)
        nodeIndices.append(nodes[position].index)
      }
    }
  }

  /// The lines joined with newlines (the release's `-html.txt` holds each line followed by a
  /// newline, and one newline more).
  public var text: String { lines.joined(separator: "\n") }

  /// The distinct lines, the element set that the Mobile3M page-identity rule compares.
  public var lineSet: Set<String> { Set(lines) }

  /// A stable 64-bit FNV-1a hash of the sorted distinct lines (each followed by a newline).
  ///
  /// Equal line sets give equal hashes on every run and platform; used for the exact-match
  /// shortcut of page identity.
  public var lineSetHash: UInt64 {
    var hasher = FNV1a()
    for line in lineSet.sorted() {
      hasher.combine(line.utf8)
      hasher.combine([0x0A])
    }
    return hasher.value
  }

  /// The HTML tag for a class name (the original's substring tests, in order).
  public static func tag(forClass type: String) -> String {
    if type.containsBytes("ImageView") || type.containsBytes("IconView") { return "img" }
    if type.containsBytes("Button") { return "button" }
    if type.containsBytes("Image") { return "img" }
    if type.containsBytes("MenuItemView") { return "button" }
    if type.containsBytes("EditText") { return "input" }
    if type.containsBytes("TextView") { return "p" }
    return "div"
  }

  /// True when the original counts the node as visible.
  static func isVisible(_ node: UINode) -> Bool {
    if !node.text.isEmpty || !node.contentDescription.isEmpty { return true }
    let type = node.className
    // ASCII class names (all real ones) are compared without a lowered copy; others are
    // lowered as Python's lower() does.
    guard type.utf8.allSatisfy({ $0 < 0x80 }) else {
      let lowered = type.lowercased()
      return lowered.containsBytes("button") || lowered.containsBytes("edittext")
    }
    return containsASCIIIgnoringCase(type, "button")
      || containsASCIIIgnoringCase(type, "edittext")
  }

  /// Whether the ASCII `text` contains the lowercase ASCII `needle`, ignoring case.
  private static func containsASCIIIgnoringCase(_ text: String, _ needle: StaticString) -> Bool {
    let pattern = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
    var text = text
    return text.withUTF8 { bytes in
      guard pattern.count <= bytes.count else { return false }
      for start in 0...(bytes.count - pattern.count) {
        var matched = 0
        while matched < pattern.count, bytes[start + matched] | 0x20 == pattern[matched] {
          matched += 1
        }
        if matched == pattern.count { return true }
      }
      return false
    }
  }

  private static func line(
    for node: UINode, clickableFromAbove: Bool, leafBounds: Bool, originalTypo: Bool
  ) -> String? {
    // Decide first whether the node prints at all: most containers do not.
    let isVisibleLeaf = node.isLeaf && isVisible(node)
    guard isVisibleLeaf || node.isScrollable else { return nil }
    let type = node.className
    let tag = tag(forClass: type)
    let description = stripNewlines(node.contentDescription)
    let clickable: String? =
      clickableFromAbove || node.isClickable
      ? "true" : (node.hasClickableAttribute ? node[attribute: "clickable"] : nil)
    var bounds: String { node[attribute: "bounds"] ?? "" }
    // Appended piece by piece into one reserved string: no intermediate strings.
    var line = ""
    line.reserveCapacity(
      64 + type.utf8.count + node.resourceID.utf8.count + node.package.utf8.count
        + description.utf8.count + node.text.utf8.count)
    line += "<"
    line += tag
    if isVisibleLeaf {
      append(&line, "id", node.resourceID)
      append(&line, "package", node.package)
      append(&line, "class", type)
      append(&line, "description", description)
      if let clickable { append(&line, "clickable", clickable, evenWhenEmpty: true) }
      if node.isScrollable {
        line += " scrollable=\"true\""
        append(&line, "bounds", bounds)
      } else if leafBounds {
        append(&line, "bounds", bounds)
      }
    } else {
      append(&line, "id", node.resourceID)
      append(&line, "class", type)
      append(&line, originalTypo ? "descript  ion" : "description", description)
      if let clickable { append(&line, "clickable", clickable, evenWhenEmpty: true) }
      line += " scrollable=\"true\""
      append(&line, "bounds", bounds, evenWhenEmpty: true)
    }
    line += "> "
    line += stripNewlines(node.text)
    line += " </"
    line += tag
    line += ">"
    return line
  }

  private static func append(
    _ line: inout String, _ name: String, _ value: String, evenWhenEmpty: Bool = false
  ) {
    guard evenWhenEmpty || !value.isEmpty else { return }
    line += " "
    line += name
    line += "=\""
    line += value
    line += "\""
  }

  private static func stripNewlines(_ text: String) -> String {
    text.containsBytes("\n") ? text.replacingOccurrences(of: "\n", with: "") : text
  }
}
