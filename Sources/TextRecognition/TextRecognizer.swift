internal import CTesseract
import Dispatch
import Geometry
import Screenshots

/// Tesseract, started once for a set of languages, reading decoded screenshots.
///
/// ```swift
/// let recognizer = try TextRecognizer(RecognitionSettings(languages: .chineseAndEnglish))
/// let text = try recognizer.recognize(try RGBAImage(contentsOfImage: "screen.png"), source: "screen.png")
/// text.lines[0].text, text.lines[0].bounds   // "Settings", [42,130][260,180]
/// ```
///
/// One recogniser reads one image at a time (Tesseract's engine is not shared between threads);
/// ``TextRecognizerPool`` hands recognisers to threads.
public final class TextRecognizer {
  /// Changes whenever the same image under the same settings may read differently (a new
  /// pass, a changed merge): a cache of recognised text keys on it.
  public static let revision = 2

  /// The settings it was started with.
  public let settings: RecognitionSettings
  private let handle: OpaquePointer
  private let tesseract: TesseractLibrary

  /// Starts Tesseract with `settings.languages` from `settings.dataPath`.
  /// - Throws: ``TextRecognitionError`` `.missingLanguage` naming the Debian package to install,
  ///   or `.engineFailed` when the trained data does not load.
  public init(_ settings: RecognitionSettings = RecognitionSettings()) throws {
    try settings.languages.checkInstalled(in: settings.dataPath)
    let tesseract = try TesseractLibrary.loaded()
    guard let handle = tesseract.create() else {
      throw TextRecognitionError(
        source: "--lang \(settings.languages)", reason: .engineFailed("no memory"))
    }
    // Tesseract's notes ("Estimating resolution as …") go nowhere instead of to stderr.
    _ = tesseract.setVariable(handle, "debug_file", "/dev/null")
    let status = tesseract.initialize(
      handle, settings.dataPath, settings.languages.description, OEM_LSTM_ONLY)
    guard status == 0 else {
      tesseract.delete(handle)
      throw TextRecognitionError(
        source: "--lang \(settings.languages)",
        reason: .engineFailed("its trained data in \(settings.dataPath) did not load"))
    }
    _ = tesseract.setVariable(handle, "debug_file", "/dev/null")
    _ = tesseract.setVariable(
      handle, "thresholding_method", settings.thresholding.tesseractValue)
    switch settings.pageSegmentation {
    case .sparseText: tesseract.setPageSegMode(handle, PSM_SPARSE_TEXT)
    case .automatic: tesseract.setPageSegMode(handle, PSM_AUTO)
    }
    self.settings = settings
    self.handle = handle
    self.tesseract = tesseract
  }

  deinit {
    tesseract.end(handle)
    tesseract.delete(handle)
  }

  /// Reads the text of a decoded screenshot.
  /// - Parameter source: the file it came from, for errors.
  /// - Throws: ``TextRecognitionError``: too many pixels (checked before Tesseract sees the
  ///   image), an empty image, past the time limit, or a failure of the engine.
  public func recognize(_ image: RGBAImage, source: String) throws -> RecognizedText {
    let (pixels, overflow) = image.width.multipliedReportingOverflow(by: image.height)
    guard !overflow, pixels <= settings.maximumPixels else {
      throw TextRecognitionError(
        source: source,
        reason: .tooLarge(
          width: image.width, height: image.height, maximumPixels: settings.maximumPixels))
    }
    // Tesseract takes 32-bit sizes; the row length is 4 bytes a pixel.
    guard image.width > 0, image.height > 0, let width = Int32(exactly: image.width),
      let height = Int32(exactly: image.height), let rowBytes = Int32(exactly: image.width * 4)
    else {
      throw TextRecognitionError(
        source: source, reason: .unusableImage(width: image.width, height: image.height))
    }
    let started = DispatchTime.now().uptimeNanoseconds
    let budget = settings.timeout.isFinite ? settings.timeout : Double(Int32.max) / 1000
    var lines = try image.pixels.withUnsafeBufferPointer {
      try read(
        $0.baseAddress, width: width, height: height, bytesPerPixel: 4, rowBytes: rowBytes,
        seconds: budget, source: source)
    }
    if settings.readsLightText {
      let light = LightTextImage(image)
      let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
      guard elapsed < budget else {
        throw TextRecognitionError(source: source, reason: .timedOut(seconds: settings.timeout))
      }
      let more = try light.pixels.withUnsafeBufferPointer {
        try read(
          $0.baseAddress, width: width, height: height, bytesPerPixel: 1, rowBytes: width,
          seconds: budget - elapsed, source: source)
      }
      lines = Self.merging(
        more.filter { $0.confidence >= Self.lightTextMinimumConfidence }, into: lines)
    }
    return RecognizedText(
      width: image.width, height: image.height, languages: settings.languages, lines: lines)
  }

  /// One Tesseract pass over pixels, stopped after `seconds`.
  private func read(
    _ pixels: UnsafePointer<UInt8>?, width: Int32, height: Int32, bytesPerPixel: Int32,
    rowBytes: Int32, seconds: Double, source: String
  ) throws -> [RecognizedLine] {
    defer { tesseract.clear(handle) }
    if settings.oneThreadPerImage { _ = ctess_one_thread_on_calling_thread() }
    tesseract.setImage(handle, pixels, width, height, bytesPerPixel, rowBytes)
    guard let monitor = tesseract.monitorCreate() else {
      throw TextRecognitionError(source: source, reason: .recognitionFailed)
    }
    defer { tesseract.monitorDelete(monitor) }
    // Whole milliseconds, at least one, at most what Tesseract's int holds.
    let milliseconds = Int32(max(1, min(seconds * 1000, Double(Int32.max))))
    let started = DispatchTime.now().uptimeNanoseconds
    tesseract.monitorSetDeadline(monitor, milliseconds)
    let status = tesseract.recognize(handle, monitor)
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
    guard status == 0 else {
      throw TextRecognitionError(
        source: source,
        reason: elapsed >= Double(milliseconds) / 1000
          ? .timedOut(seconds: settings.timeout) : .recognitionFailed)
    }
    return readLines()
  }

  /// The least confidence of a line of the second pass: below it, what the light-text image
  /// shows of a photo or a wallpaper's texture reads as junk (on the real screens, lines under 60
  /// added no found text and a fifth of the unmatched lines).
  static let lightTextMinimumConfidence = 60.0

  /// `lines` with the second pass's `more` added: a line of `more` that overlaps none of
  /// `lines` (by over 30% of the smaller box) is added; one that does replaces the lines it
  /// overlaps when Tesseract is surer of it than of each of them, and is dropped otherwise.
  static func merging(_ more: [RecognizedLine], into lines: [RecognizedLine])
    -> [RecognizedLine]
  {
    var kept: [RecognizedLine?] = lines
    for line in more {
      let clashes = kept.indices.filter { index in
        guard let other = kept[index],
          let shared = other.bounds.intersection(line.bounds), !shared.isEmpty
        else { return false }
        return Double(shared.area) > 0.3 * Double(min(other.bounds.area, line.bounds.area))
      }
      if clashes.allSatisfy({ kept[$0].map { line.confidence > $0.confidence } ?? true }) {
        for index in clashes { kept[index] = nil }
        kept.append(line)
      }
    }
    return kept.compactMap { $0 }
  }

  /// Walks Tesseract's result word by word, starting a line where Tesseract does.
  private func readLines() -> [RecognizedLine] {
    guard let iterator = tesseract.iterator(handle) else { return [] }
    defer { tesseract.iteratorDelete(iterator) }
    var lines: [RecognizedLine] = []
    var words: [RecognizedWord] = []
    func endLine() {
      if let line = RecognizedLine(joining: words) { lines.append(line) }
      words = []
    }
    let page = tesseract.pageIterator(iterator)
    repeat {
      if tesseract.isAtBeginning(page, RIL_TEXTLINE) != 0 { endLine() }
      guard let pointer = tesseract.iteratorText(iterator, RIL_WORD) else { continue }
      let text = String(cString: pointer).trimmingWhitespace
      tesseract.deleteText(pointer)
      var left: Int32 = 0
      var top: Int32 = 0
      var right: Int32 = 0
      var bottom: Int32 = 0
      guard !text.isEmpty,
        tesseract.boundingBox(page, RIL_WORD, &left, &top, &right, &bottom) != 0
      else { continue }
      let confidence = Double(tesseract.iteratorConfidence(iterator, RIL_WORD))
      guard confidence >= settings.minimumConfidence else { continue }
      words.append(
        RecognizedWord(
          text: text,
          bounds: Bounds(left: Int(left), top: Int(top), right: Int(right), bottom: Int(bottom)),
          confidence: confidence))
    } while tesseract.iteratorNext(iterator, RIL_WORD) != 0
    endLine()
    return lines
  }
}

extension RecognizedLine {
  /// A line of `words` (nil when there are none): their union box, their mean confidence, their
  /// texts joined by spaces except between two CJK characters (Tesseract splits Chinese into
  /// one "word" a character or a few).
  init?(joining words: [RecognizedWord]) {
    guard let first = words.first else { return nil }
    var text = first.text
    var box = first.bounds
    for (previous, word) in zip(words, words.dropFirst()) {
      if !(previous.text.unicodeScalars.last.map(\.isCJK) == true
        && word.text.unicodeScalars.first.map(\.isCJK) == true)
      {
        text += " "
      }
      text += word.text
      box = Bounds(
        left: min(box.left, word.bounds.left), top: min(box.top, word.bounds.top),
        right: max(box.right, word.bounds.right), bottom: max(box.bottom, word.bounds.bottom))
    }
    let confidence = words.map(\.confidence).reduce(0, +) / Double(words.count)
    self.init(text: text, bounds: box, confidence: confidence, words: words)
  }
}

extension Unicode.Scalar {
  /// CJK ideographs and punctuation, kana and full-width forms: written without spaces.
  var isCJK: Bool {
    switch value {
    case 0x3000...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0xFF00...0xFFEF,
      0x20000...0x2FA1F:
      true
    default: false
    }
  }
}

extension String {
  var trimmingWhitespace: String {
    var scalars = Substring(self).unicodeScalars
    while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
    while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
    return String(scalars)
  }
}
