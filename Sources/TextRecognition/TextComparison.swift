import Geometry
import Screenshots
import UIHierarchy

/// How OCR of a screenshot compares with the text its UI hierarchy says is on screen.
///
/// The reference is the dump's text nodes: a non-blank `text`, a non-empty box inside the
/// screen, not `visible-to-user="false"`, and no descendant with text of its own (a container
/// whose `text` sums up its children's, as Gmail's conversation rows do, draws nothing itself:
/// its children are the reference). Of those, the *visible* ones are the nodes
/// ``TextVisibility`` does not find hidden (clipped to a sliver, a label its app does not draw,
/// a blank box on the screenshot); recall is given over both. A node is *found* when some OCR text
/// overlapping its box matches its text with ``editSimilarity(_:_:)`` ≥ ``threshold``. The OCR
/// texts tried are the contiguous runs of words of each line that overlap the box (a line Tesseract
/// ran on from a node into its neighbour still finds the node) and of the lines whose centres lie
/// in the box, read top to bottom (a wrapped paragraph is one node). A run that ends in an
/// ellipsis (`…` or `...`, after at least ``minimumEllipsizedCharacters`` characters) is text
/// Android cut short to fit: it is compared with as many first characters of the node's text.
/// Recall is found nodes over nodes; precision is OCR lines used in a match over all lines (text
/// the hierarchy lacks, such as a WebView's, counts against it); IoU is between a found node's
/// box and its matching words' box.
public struct TextComparison: Sendable, Hashable, Codable {
  /// The similarity at which a line matches a node (the 0.8).
  public static let threshold = 0.8
  /// The fewest characters before an ellipsis for a run to count as a cut-short text.
  public static let minimumEllipsizedCharacters = 4

  /// Text nodes in the dump.
  public var nodes: Int
  /// Of those, found by OCR.
  public var found: Int
  /// Text nodes that are visible (``TextVisibility``).
  public var visibleNodes: Int
  /// Of those, found by OCR.
  public var visibleFound: Int
  /// OCR lines.
  public var lines: Int
  /// OCR lines that matched some node.
  public var matchedLines: Int
  /// Mean IoU of the found nodes' boxes with their lines' boxes (nil when none was found).
  public var meanIoU: Double?
  /// Each node, as compared.
  public var details: [NodeMatch]

  /// Found nodes over text nodes (1 when the dump has no text).
  public var recall: Double { nodes == 0 ? 1 : Double(found) / Double(nodes) }
  /// Found visible nodes over visible nodes (1 when none is visible).
  public var visibleRecall: Double {
    visibleNodes == 0 ? 1 : Double(visibleFound) / Double(visibleNodes)
  }
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
    /// The best-matching OCR text (words of one line, or of lines joined), if any overlapped.
    public var ocrText: String?
    /// The box of those words.
    public var ocrBounds: Bounds?
    /// Their similarity with the node's text.
    public var similarity: Double
    /// True when the similarity reaches the threshold.
    public var found: Bool
    /// IoU of the node's box and the words' box, when found.
    public var iou: Double?
    /// Why the node is not visible (nil when it is).
    public var hidden: TextVisibility?
  }

  /// Compares `recognized` with the text of `tree`.
  /// - Parameter screenshot: the image `recognized` was read from, for ``TextVisibility``'s ink
  ///   test (nil decides visibility from the hierarchy alone).
  public init(tree: UITree, recognized: RecognizedText, screenshot: RGBAImage? = nil) {
    let screen = Bounds(left: 0, top: 0, right: recognized.width, bottom: recognized.height)
    let lines = recognized.lines
    let containers = Self.nodesWithTextBelow(tree)
    var used = Set<Int>()
    var details: [NodeMatch] = []
    for node in tree.nodes {
      guard node.isVisibleToUser != false, !node.text.trimmingWhitespace.isEmpty,
        !containers.contains(node.index),
        let raw = node.bounds, !raw.isEmpty, let box = raw.intersection(screen), !box.isEmpty
      else { continue }
      var candidates: [(lines: [Int], words: [Word])] = []
      for (index, line) in lines.enumerated() where Self.overlaps(line.bounds, box) {
        candidates.append(([index], Self.words(of: line, index: index)))
      }
      let inside = lines.indices.filter { box.contains(lines[$0].bounds.center) }
        .sorted {
          (lines[$0].bounds.top, lines[$0].bounds.left) < (
            lines[$1].bounds.top, lines[$1].bounds.left
          )
        }
      if inside.count > 1 {
        candidates.append((inside, inside.flatMap { Self.words(of: lines[$0], index: $0) }))
      }
      let target = normalisedCharacters(node.text)
      var best: Match?
      for candidate in candidates {
        guard let match = Self.bestRun(of: candidate.words, in: box, matching: target) else {
          continue
        }
        if match.similarity > (best?.similarity ?? -1) { best = match }
      }
      let found = (best?.similarity ?? 0) >= Self.threshold
      if found, let best { used.formUnion(best.lines) }
      details.append(
        NodeMatch(
          node: node.index, text: node.text, bounds: box, ocrText: best?.text,
          ocrBounds: best?.bounds, similarity: best?.similarity ?? 0, found: found,
          iou: found ? best.map { box.intersectionOverUnion($0.bounds) } : nil,
          hidden: TextVisibility.hidden(node, in: tree, box: box, screenshot: screenshot)))
    }
    nodes = details.count
    found = details.filter(\.found).count
    visibleNodes = details.filter { $0.hidden == nil }.count
    visibleFound = details.filter { $0.hidden == nil && $0.found }.count
    self.lines = lines.count
    matchedLines = used.count
    let ious = details.compactMap(\.iou)
    meanIoU = ious.isEmpty ? nil : ious.reduce(0, +) / Double(ious.count)
    self.details = details
  }

  /// A word of a candidate text: its text, box and the line it came from.
  private struct Word {
    var text: String
    var bounds: Bounds
    var line: Int
  }

  /// A run of words and how well it matches a node.
  private struct Match {
    var text: String
    var bounds: Bounds
    var lines: Set<Int>
    var similarity: Double
  }

  /// The words of `line` (the whole line as one word when it carries none).
  private static func words(of line: RecognizedLine, index: Int) -> [Word] {
    line.words.isEmpty
      ? [Word(text: line.text, bounds: line.bounds, line: index)]
      : line.words.map { Word(text: $0.text, bounds: $0.bounds, line: index) }
  }

  /// The contiguous run of `words` overlapping `box` most similar to `target` (normalised
  /// characters), whole or, when the run ends in an ellipsis, as a cut-short prefix. Runs too
  /// long or too short to reach the threshold are not compared.
  private static func bestRun(of words: [Word], in box: Bounds, matching target: [Character])
    -> Match?
  {
    let characters = words.map { normalisedCharacters($0.text) }
    var best: Match?
    for start in words.indices where overlaps(words[start].bounds, box) {
      var run: [Character] = []
      var bounds = words[start].bounds
      for end in start..<words.count {
        guard overlaps(words[end].bounds, box) else { break }
        run += characters[end]
        bounds = union(bounds, words[end].bounds)
        var similarity = 0.0
        let longer = max(run.count, target.count)
        // A Levenshtein distance is at least the difference in length.
        if longer > 0,
          Double(longer - min(run.count, target.count)) / Double(longer)
            <= 1 - threshold
        {
          similarity = 1 - Double(levenshtein(run, target)) / Double(longer)
        }
        if let prefix = ellipsizedPrefix(run), prefix.count < target.count {
          let shown = Array(target.prefix(prefix.count))
          similarity = max(
            similarity, 1 - Double(levenshtein(prefix, shown)) / Double(prefix.count))
        }
        if similarity > (best?.similarity ?? -1) {
          best = Match(
            text: words[start...end].map(\.text).joined(separator: " "), bounds: bounds,
            lines: Set(words[start...end].map(\.line)), similarity: similarity)
        }
        if run.count > target.count * 2 + 8 { break }
      }
    }
    return best
  }

  /// The characters before a trailing `…` or `...`, when there are at least
  /// ``minimumEllipsizedCharacters`` of them.
  private static func ellipsizedPrefix(_ characters: [Character]) -> [Character]? {
    var body = characters[...]
    if body.last == "…" {
      body = body.dropLast()
    } else if body.suffix(3).elementsEqual("...") {
      body = body.dropLast(3)
    } else {
      return nil
    }
    return body.count >= minimumEllipsizedCharacters ? Array(body) : nil
  }

  /// Nodes with a descendant whose `text` is not blank.
  private static func nodesWithTextBelow(_ tree: UITree) -> Set<Int> {
    var result = Set<Int>()
    for node in tree.nodes.reversed() {
      guard let parent = node.parent,
        result.contains(node.index) || !node.text.trimmingWhitespace.isEmpty
      else { continue }
      result.insert(parent)
    }
    return result
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
