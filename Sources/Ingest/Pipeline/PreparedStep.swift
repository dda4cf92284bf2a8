import FileIO
import Screenshots
import UIHierarchy

/// The work on one trace step that needs nothing from the graph, done before the writer records
/// it (on a worker thread when ingest runs several jobs): the dump parsed, its compact HTML and
/// line hashes, the screenshot read, checked and digested, and its pixels decoded when the
/// decode-ahead budget allows.
struct PreparedStep: Sendable {
  /// The parsed screen, or why the step is rejected (`step.problem`, a dump that does not parse,
  /// a screenshot with no dump).
  enum Content: Sendable {
    case screen(PreparedScreen)
    case rejected(reason: String)
  }

  var content: Content
  /// Bytes of decoded pixels reserved from the decode-ahead budget (0 when none were decoded).
  var reservedBytes = 0

  /// Prepares `step`; decodes its screenshot ahead only when `reserve` grants the bytes.
  /// - Parameters:
  ///   - limits: the largest dump accepted.
  ///   - maximumPixels: the most pixels a screenshot may have to be decoded.
  ///   - reserve: asked for the decoded size before decoding; false leaves the decode to the
  ///     writer (which decodes only if the pixel test needs it).
  init(
    _ step: TraceStep, limits: HierarchyLimits, maximumPixels: Int,
    reserve: (Int) -> Bool = { _ in false }
  ) {
    if let problem = step.problem {
      content = .rejected(reason: problem)
      return
    }
    let tree: UITree
    do {
      if let given = step.tree {
        tree = given
      } else if let path = step.xmlPath {
        tree = try UITree(contentsOf: path, limits: limits)
      } else {
        throw IngestError(
          source: step.screenshotPath ?? step.record,
          reason: "no UI hierarchy was recorded for this screen (screenshot only)")
      }
    } catch {
      content = .rejected(reason: PlainErrorText.describe(error))
      return
    }
    var screen = PreparedScreen(tree: tree, screenshot: .init(path: step.screenshotPath))
    reservedBytes = screen.decodeAhead(maximumPixels: maximumPixels, reserve: reserve)
    content = .screen(screen)
  }
}

/// A screen that parsed: what the page-identity test and the page row need.
struct PreparedScreen: Sendable {
  var tree: UITree
  var html: CompactHTML
  var lines: LineHashes
  var lineSetHash: UInt64
  var screenshot: GraphIngester.Screenshot

  init(tree: UITree, screenshot: GraphIngester.Screenshot) {
    self.tree = tree
    html = CompactHTML(tree)
    lines = LineHashes(html.lines)
    lineSetHash = PageIdentifier.setHash(lines)
    self.screenshot = screenshot
  }

  /// Decodes the screenshot's pixels when it is a PNG or JPEG within `maximumPixels` and
  /// `reserve` grants its decoded size; returns the bytes reserved (0 when nothing was decoded).
  /// An image that fails to decode is left undecoded: the writer meets the failure only if the pixel
  /// test needs the image, as without decoding ahead.
  mutating func decodeAhead(maximumPixels: Int, reserve: (Int) -> Bool) -> Int {
    guard let bytes = screenshot.bytes,
      let info = try? ImageInfo(imageData: bytes, source: screenshot.path ?? "")
    else { return 0 }
    let (pixels, overflow) = info.width.multipliedReportingOverflow(by: info.height)
    guard !overflow, pixels <= maximumPixels, pixels <= Int.max / 4, reserve(pixels * 4) else {
      return 0
    }
    screenshot.image = try? RGBAImage(
      imageData: bytes, source: screenshot.path ?? "", maximumPixels: maximumPixels)
    let size = pixels * 4
    return size
  }
}
