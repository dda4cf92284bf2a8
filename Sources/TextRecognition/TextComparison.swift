import Geometry
import UIHierarchy

/// How OCR of a screenshot compares with the text its UI hierarchy says is on screen.
///
/// The reference is the dump's visible text nodes: a non-blank `text`, a non-empty box inside
/// the screen, not `visible-to-user="false"`. A node is *found* when an OCR line overlapping its
/// box — or the lines whose centres lie in its box, read top to bottom (a wrapped paragraph is
/// one node) — match its text with ``editSimilarity(_:_:)`` ≥ ``threshold``. Recall is found
/// nodes over nodes; precision is OCR lines used in a match over all lines (text the hierarchy
/// lacks, such as a WebView's, counts against it); IoU is between a found node's box and its
/// lines' box.
public struct TextComparison: Sendable, Hashable, Codable {
  /// The similarity at which a line matches a node (the 0.8).
  public static let threshold = 0.8

  /// Visible text nodes in the dump.
  public var nodes: Int
  /// Of those, found by OCR.
  public var found: Int
  /// OCR lines.
  public var lines: Int
  /// OCR lines that matched some node.
  public var matchedLines: Int
  /// Mean IoU of the found nodes' boxes with their lines' boxes (nil when none was found).
  public var meanIoU: Double?
  /// Each node, as compared.
  public var details: [NodeMatch]

  /// Found nodes over nodes (1 when the dump has no visible text).
  public var recall: Double { nodes == 0 ? 1 : Double(found) / Double(nodes) }
  /// Matched lines over lines (1 when OCR found no line).
  public var precision: Double { lines == 0 ? 1 : Double(matchedLines) / Double(lines) }

  /// One reference node and its best OCR match.
  public struct NodeMatch: Sendable, Hashable, Codable {
    /// The node's index in the dump.
    public var node: Int
    /// The node's text.
    public var text: String
    /// Its box, clipped to the screen.
    public var bounds: Bounds
    /// The best-matching OCR text (one line, or lines joined), if any line overlapped.
    public var ocrText: String?
    /// The box of those lines.
    public var ocrBounds: Bounds?
    /// Their similarity with the node's text.
    public var similarity: Double
    /// True when the similarity reaches the threshold.
    public var found: Bool
    /// IoU of the node's box and the lines' box, when found.
    public var iou: Double?
  }

  /// Compares `recognized` with the visible text of `tree`.
  public init(tree: UITree, recognized: RecognizedText) {
    let screen = Bounds(left: 0, top: 0, right: recognized.width, bottom: recognized.height)
    let lines = recognized.lines
    var used = Set<Int>()
    var details: [NodeMatch] = []
    for node in tree.nodes {
      guard node.isVisibleToUser != false, !node.text.trimmingWhitespace.isEmpty,
        let raw = node.bounds, !raw.isEmpty, let box = raw.intersection(screen), !box.isEmpty
      else { continue }
      var candidates: [(indices: [Int], text: String, bounds: Bounds)] = []
      for (index, line) in lines.enumerated() where Self.overlaps(line.bounds, box) {
        candidates.append(([index], line.text, line.bounds))
      }
      let inside = lines.indices.filter { box.contains(lines[$0].bounds.center) }
        .sorted {
          (lines[$0].bounds.top, lines[$0].bounds.left) < (
            lines[$1].bounds.top, lines[$1].bounds.left
          )
        }
      if inside.count > 1 {
        candidates.append(
          (
            inside, inside.map { lines[$0].text }.joined(separator: " "),
            inside.map { lines[$0].bounds }.dropFirst().reduce(lines[inside[0]].bounds, Self.union)
          ))
      }
      var best: (indices: [Int], text: String, bounds: Bounds, similarity: Double)?
      for candidate in candidates {
        let similarity = editSimilarity(candidate.text, node.text)
        if similarity > (best?.similarity ?? -1) {
          best = (candidate.indices, candidate.text, candidate.bounds, similarity)
        }
      }
      let found = (best?.similarity ?? 0) >= Self.threshold
      if found, let best { used.formUnion(best.indices) }
      details.append(
        NodeMatch(
          node: node.index, text: node.text, bounds: box, ocrText: best?.text,
          ocrBounds: best?.bounds, similarity: best?.similarity ?? 0, found: found,
          iou: found ? best.map { box.intersectionOverUnion($0.bounds) } : nil))
    }
    nodes = details.count
    found = details.filter(\.found).count
    self.lines = lines.count
    matchedLines = used.count
    let ious = details.compactMap(\.iou)
    meanIoU = ious.isEmpty ? nil : ious.reduce(0, +) / Double(ious.count)
    self.details = details
  }

  private static func overlaps(_ a: Bounds, _ b: Bounds) -> Bool {
    a.intersection(b).map { !$0.isEmpty } ?? false
  }

  private static func union(_ a: Bounds, _ b: Bounds) -> Bounds {
    Bounds(
      left: min(a.left, b.left), top: min(a.top, b.top), right: max(a.right, b.right),
      bottom: max(a.bottom, b.bottom))
  }
}
