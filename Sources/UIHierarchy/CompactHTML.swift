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
    var lines: [String] = []
    var nodeIndices: [Int] = []
    lines.reserveCapacity(tree.nodes.count / 2)
    nodeIndices.reserveCapacity(tree.nodes.count / 2)
    Self.forEachLine(of: tree, leafBounds: leafBounds, originalTypo: originalTypo) { node, utf8 in
      lines.append(String(decoding: utf8, as: UTF8.self))
      nodeIndices.append(node)
    }
    self.lines = lines
    self.nodeIndices = nodeIndices
  }

  /// Renders each line of `tree`'s compact HTML, in document order, into one reused byte
  /// buffer and hands `body` the index of its node and the line's UTF-8 bytes (valid only during
  /// the call): the bytes of ``lines``, without a `String` made for each line (page identity
  /// needs only their hashes). ``init(_:leafBounds:originalTypo:)`` is built on it, so both
  /// follow the same rules.
  public static func forEachLine(
    of tree: UITree, leafBounds: Bool = false, originalTypo: Bool = false,
    _ body: (_ node: Int, _ utf8: UnsafeBufferPointer<UInt8>) throws -> Void
  ) rethrows {
    var inherited = [Bool](repeating: false, count: tree.nodes.count)
    var line = LineBuffer()
    defer { line.deallocate() }
    // Read in place: no copy of a node (its strings retained and released) for each one.
    try tree.nodes.withUnsafeBufferPointer { nodes in
      for position in nodes.indices {
        // Pre-order: a parent is always visited before its children.
        let clickableFromAbove = nodes[position].parent.map { inherited[$0] } ?? false
        inherited[nodes[position].index] = clickableFromAbove || nodes[position].isClickable
        // Most containers print nothing.
        guard nodes[position].isLeaf || nodes[position].isScrollable else { continue }
        if render(
          nodes[position], clickableFromAbove: clickableFromAbove, leafBounds: leafBounds,
          originalTypo: originalTypo, into: &line)
        {
          try body(nodes[position].index, line.bytes)
        }
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
    "\(tagName(forClass: type))"
  }

  /// ``tag(forClass:)`` as a literal, from one pass over the name's bytes.
  static func tagName(forClass type: String) -> StaticString {
    // Each substring the tests look for, found anywhere in the name.
    var found: TagWord = []
    var type = type
    type.withUTF8 { name in
      for start in name.indices {
        switch name[start] {
        case UInt8(ascii: "I"):
          if name.hasPrefix("ImageView", at: start) || name.hasPrefix("IconView", at: start) {
            found.insert(.imageOrIconView)
            return  // the first test: nothing else matters
          }
          if name.hasPrefix("Image", at: start) { found.insert(.image) }
        case UInt8(ascii: "B"): if name.hasPrefix("Button", at: start) { found.insert(.button) }
        case UInt8(ascii: "M"):
          if name.hasPrefix("MenuItemView", at: start) { found.insert(.menuItemView) }
        case UInt8(ascii: "E"): if name.hasPrefix("EditText", at: start) { found.insert(.editText) }
        case UInt8(ascii: "T"): if name.hasPrefix("TextView", at: start) { found.insert(.textView) }
        default: break
        }
      }
    }
    // The original's tests, in order.
    if found.contains(.imageOrIconView) { return "img" }
    if found.contains(.button) { return "button" }
    if found.contains(.image) { return "img" }
    if found.contains(.menuItemView) { return "button" }
    if found.contains(.editText) { return "input" }
    if found.contains(.textView) { return "p" }
    return "div"
  }

  /// The substrings of a class name that choose its tag.
  private struct TagWord: OptionSet {
    let rawValue: UInt8
    static let imageOrIconView = TagWord(rawValue: 1 << 0)
    static let button = TagWord(rawValue: 1 << 1)
    static let image = TagWord(rawValue: 1 << 2)
    static let menuItemView = TagWord(rawValue: 1 << 3)
    static let editText = TagWord(rawValue: 1 << 4)
    static let textView = TagWord(rawValue: 1 << 5)
  }

  /// True when the original counts the node as visible.
  static func isVisible(_ node: UINode) -> Bool {
    if !node.text.isEmpty || !node.contentDescription.isEmpty { return true }
    var type = node.className
    // ASCII class names (all real ones) are compared in one pass without a lowered copy
    // (nil: a byte that is not ASCII); others are lowered as Python's lower() does.
    let inASCII = type.withUTF8 { name -> Bool? in
      var found = false
      for start in name.indices {
        switch name[start] {
        case 0x80...: return nil
        case UInt8(ascii: "b"), UInt8(ascii: "B"):
          found = found || name.hasPrefixIgnoringASCIICase("button", at: start)
        case UInt8(ascii: "e"), UInt8(ascii: "E"):
          found = found || name.hasPrefixIgnoringASCIICase("edittext", at: start)
        default: break
        }
      }
      return found
    }
    if let inASCII { return inASCII }
    let lowered = type.lowercased()
    return lowered.containsBytes("button") || lowered.containsBytes("edittext")
  }

  /// Writes the node's line into `line` (emptied first); false when the node prints none.
  private static func render(
    _ node: UINode, clickableFromAbove: Bool, leafBounds: Bool, originalTypo: Bool,
    into line: inout LineBuffer
  ) -> Bool {
    // Decide first whether the node prints at all: most containers do not.
    let isVisibleLeaf = node.isLeaf && isVisible(node)
    guard isVisibleLeaf || node.isScrollable else { return false }
    let type = node.className
    let tag = tagName(forClass: type)
    let description = stripNewlines(node.contentDescription)
    let clickable: String? =
      clickableFromAbove || node.isClickable
      ? "true" : (node.hasClickableAttribute ? node[attribute: "clickable"] : nil)
    var bounds: String { node[attribute: "bounds"] ?? "" }
    line.removeAll()
    line.append("<")
    line.append(tag)
    if isVisibleLeaf {
      line.append(" id=\"", node.resourceID)
      line.append(" package=\"", node.package)
      line.append(" class=\"", type)
      line.append(" description=\"", description)
      if let clickable { line.append(" clickable=\"", clickable, evenWhenEmpty: true) }
      if node.isScrollable {
        line.append(" scrollable=\"true\"")
        line.append(" bounds=\"", bounds)
      } else if leafBounds {
        line.append(" bounds=\"", bounds)
      }
    } else {
      line.append(" id=\"", node.resourceID)
      line.append(" class=\"", type)
      line.append(originalTypo ? " descript  ion=\"" : " description=\"", description)
      if let clickable { line.append(" clickable=\"", clickable, evenWhenEmpty: true) }
      line.append(" scrollable=\"true\"")
      line.append(" bounds=\"", bounds, evenWhenEmpty: true)
    }
    line.append("> ")
    line.append(stripNewlines(node.text))
    line.append(" </")
    line.append(tag)
    line.append(">")
    return true
  }

  private static func stripNewlines(_ text: String) -> String {
    text.containsBytes("\n") ? text.replacingOccurrences(of: "\n", with: "") : text
  }
}

/// One line's bytes, written piece by piece into storage reused from line to line (freed by
/// its owner with ``deallocate()``).
private struct LineBuffer {
  private var start: UnsafeMutablePointer<UInt8>
  private var capacity: Int
  private var count = 0

  init(capacity: Int = 512) {
    start = .allocate(capacity: capacity)
    self.capacity = capacity
  }

  /// The line so far.
  var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: start, count: count) }

  func deallocate() { start.deallocate() }

  mutating func removeAll() { count = 0 }

  mutating func append(_ text: StaticString) {
    append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
  }

  mutating func append(_ text: String) {
    var text = text
    text.withUTF8 { append($0) }
  }

  /// ` name="value"` (`opening` is ` name="`); nothing when the value is empty, unless
  /// `evenWhenEmpty`.
  mutating func append(_ opening: StaticString, _ value: String, evenWhenEmpty: Bool = false) {
    guard evenWhenEmpty || !value.isEmpty else { return }
    append(opening)
    append(value)
    append("\"")
  }

  private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
    if count + bytes.count > capacity {
      let larger = Swift.max(2 * capacity, count + bytes.count)
      let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
      moved.initialize(from: start, count: count)
      start.deallocate()
      start = moved
      capacity = larger
    }
    guard let source = bytes.baseAddress else { return }
    (start + count).initialize(from: source, count: bytes.count)
    count += bytes.count
  }
}

extension UnsafeBufferPointer<UInt8> {
  /// Whether `word` occurs here at `start`.
  fileprivate func hasPrefix(_ word: StaticString, at start: Int) -> Bool {
    let length = word.utf8CodeUnitCount
    guard length <= count - start, let base = baseAddress else { return false }
    return memcmp(base + start, word.utf8Start, length) == 0
  }

  /// Whether the lowercase ASCII `word` occurs here at `start`, ignoring ASCII case.
  fileprivate func hasPrefixIgnoringASCIICase(_ word: StaticString, at start: Int) -> Bool {
    let length = word.utf8CodeUnitCount
    guard length <= count - start else { return false }
    let pattern = word.utf8Start
    for offset in 0..<length where self[start + offset] | 0x20 != pattern[offset] {
      return false
    }
    return true
  }
}
