import FileIO
import Screenshots
import TextRecognition
import UIHierarchy

/// The work on one trace step that needs nothing from the graph, done before the writer records
/// it (on a worker thread when ingest runs several jobs): the dump parsed, its compact HTML's
/// line hashes, the screenshot read, checked and digested, and its pixels decoded when the
/// decode-ahead budget allows.
struct PreparedStep: Sendable {
  /// The parsed screen, or why the step is rejected (`step.problem`, a dump that does not parse,
  /// a screenshot with no dump when OCR is off or fails).
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
  ///   - textRecognition: reads a screenshot that has no dump into a pixel-derived tree (OCR
  ///     lines as text elements); nil rejects such a screen.
  ///   - reserve: asked for the decoded size before decoding; false leaves the decode to the
  ///     writer (which decodes only if the pixel test needs it).
  init(
    _ step: TraceStep, limits: HierarchyLimits, maximumPixels: Int,
    textRecognition: TextRecognizerPool? = nil, reserve: (Int) -> Bool = { _ in false }
  ) {
    if let problem = step.problem {
      self.init(content: .rejected(reason: problem), reservedBytes: 0)
      return
    }
    do {
      if let given = step.tree {
        self.init(tree: given, step: step, maximumPixels: maximumPixels, reserve: reserve)
      } else if let path = step.xmlPath {
        let tree = try UITree(contentsOf: path, limits: limits)
        self.init(tree: tree, step: step, maximumPixels: maximumPixels, reserve: reserve)
      } else if let path = step.screenshotPath, let textRecognition {
        self = try Self.fromPixels(
          path: path, maximumPixels: maximumPixels, textRecognition: textRecognition,
          reserve: reserve)
      } else {
        throw IngestError(
          source: step.screenshotPath ?? step.record,
          reason: "no UI hierarchy was recorded for this screen (screenshot only)")
      }
    } catch {
      self.init(content: .rejected(reason: PlainErrorText.describe(error)), reservedBytes: 0)
    }
  }

  private init(
    tree: UITree, step: TraceStep, maximumPixels: Int, reserve: (Int) -> Bool
  ) {
    var screen = PreparedScreen(tree: tree, screenshot: .init(path: step.screenshotPath))
    let reserved = screen.decodeAhead(maximumPixels: maximumPixels, reserve: reserve)
    self.init(content: .screen(screen), reservedBytes: reserved)
  }

  /// True when it holds a screenshot's bytes or pixels.
  var holdsScreenshot: Bool {
    guard case .screen(let screen) = content else { return false }
    return screen.screenshot.bytes != nil || screen.screenshot.image != nil
  }

  private init(content: Content, reservedBytes: Int) {
    self.content = content
    self.reservedBytes = reservedBytes
  }

  /// A screen with a screenshot and no dump: its pixels decoded and read by OCR into a
  /// pixel-derived tree. The decoded image is kept for the pixel test when `reserve` grants it.
  private static func fromPixels(
    path: String, maximumPixels: Int, textRecognition: TextRecognizerPool,
    reserve: (Int) -> Bool
  ) throws -> PreparedStep {
    var screenshot = GraphIngester.Screenshot(path: path)
    guard let bytes = screenshot.bytes else {
      throw IngestError(
        source: path,
        reason: "no UI hierarchy was recorded for this screen, and its screenshot cannot be read "
          + "for OCR (\(screenshot.problem ?? "unreadable"))")
    }
    let image = try RGBAImage(imageData: bytes, source: path, maximumPixels: maximumPixels)
    let text = try textRecognition.withRecognizer { try $0.recognize(image, source: path) }
    let tree = try UITree(recognized: text, source: path)
    let size = image.pixels.count
    let kept = reserve(size)
    if kept { screenshot.image = image }
    return PreparedStep(
      content: .screen(PreparedScreen(tree: tree, screenshot: screenshot)),
      reservedBytes: kept ? size : 0)
  }
}

/// A screen that parsed: what the page-identity test and the page row need. Its compact HTML
/// is kept as line hashes only: most visits are revisits, and a new page's lines (its `html`
/// and elements' `html_line`) are rendered again when its row is written.
struct PreparedScreen: Sendable {
  var tree: UITree
  var lines: LineHashes
  var lineSetHash: UInt64
  var screenshot: GraphIngester.Screenshot

  init(tree: UITree, screenshot: GraphIngester.Screenshot) {
    self.tree = tree
    lines = LineHashes(compactHTMLOf: tree)
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
