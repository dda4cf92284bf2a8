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
    var inherited = [Bool](repeating: false, count: tree.nodes.count)
    lines.reserveCapacity(tree.nodes.count / 2)
    for node in tree.nodes {
      // Pre-order: a parent is always visited before its children.
      let clickableFromAbove = node.parent.map { inherited[$0] } ?? false
      inherited[node.index] = clickableFromAbove || node.isClickable
      if let line = Self.line(
        for: node, clickableFromAbove: clickableFromAbove, leafBounds: leafBounds,
        originalTypo: originalTypo)
      {
        lines.append(line)
        nodeIndices.append(node.index)
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
    // ASCII class names (all real ones) are lowered in place; others as Python's lower() does.
    let lowered = type.utf8.allSatisfy { $0 < 0x80 } ? asciiLowered(type) : type.lowercased()
    return lowered.containsBytes("button") || lowered.containsBytes("edittext")
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
    var line = "<" + tag
    if isVisibleLeaf {
      append(&line, "id", node.resourceID)
      append(&line, "package", node.package)
      append(&line, "class", type)
      append(&line, "description", description)
      if let clickable { line += " clickable=\"\(clickable)\"" }
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
      if let clickable { line += " clickable=\"\(clickable)\"" }
      line += " scrollable=\"true\" bounds=\"\(bounds)\""
    }
    line += "> " + stripNewlines(node.text) + " </" + tag + ">"
    return line
  }

  private static func asciiLowered(_ text: String) -> String {
    let isUpper = { (byte: UInt8) in byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") }
    guard text.utf8.contains(where: isUpper) else { return text }
    return String(decoding: text.utf8.map { isUpper($0) ? $0 | 0x20 : $0 }, as: UTF8.self)
  }

  private static func append(_ line: inout String, _ name: String, _ value: String) {
    guard !value.isEmpty else { return }
    line += " " + name + "=\"" + value + "\""
  }

  private static func stripNewlines(_ text: String) -> String {
    text.containsBytes("\n") ? text.replacingOccurrences(of: "\n", with: "") : text
  }
}
