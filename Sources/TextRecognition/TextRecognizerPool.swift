import Foundation

/// Recognisers shared by threads: each call borrows one (starting a new one when all are busy)
/// and gives it back, so Tesseract starts once per thread that needs it, not once per image.
public final class TextRecognizerPool: @unchecked Sendable {
  /// The settings every recogniser of the pool uses.
  public let settings: RecognitionSettings
  // Guarded by `lock`. A recogniser is only ever used by the thread that borrowed it.
  private var idle: [TextRecognizer] = []
  private let lock = NSLock()

  /// A pool for `settings`; checks that the languages are installed, and starts nothing yet.
  /// - Throws: ``TextRecognitionError`` `.missingLanguage`.
  public init(_ settings: RecognitionSettings) throws {
    try settings.languages.checkInstalled(in: settings.dataPath)
    self.settings = settings
  }

  /// Runs `body` with a recogniser no other thread is using.
  public func withRecognizer<T>(_ body: (TextRecognizer) throws -> T) throws -> T {
    let recognizer =
      try lock.withLock { idle.popLast() } ?? TextRecognizer(settings)
    defer { lock.withLock { idle.append(recognizer) } }
    return try body(recognizer)
  }
}
