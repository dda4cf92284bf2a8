import Foundation

/// Why a screenshot could not be read as text, with the file (or name) it came from.
///
/// `description` is one line, `SOURCE: reason`.
public struct TextRecognitionError: Error, CustomStringConvertible, Sendable, Equatable {
  /// The screenshot (or the name of the image) being recognised.
  public var source: String
  /// What went wrong.
  public var reason: Reason

  /// An error for `source`.
  public init(source: String, reason: Reason) {
    self.source = source
    self.reason = reason
  }

  /// What went wrong.
  public enum Reason: Sendable, Equatable {
    /// A language list that is not `code` or `code+code…` (letters, digits and `_` only).
    case badLanguageList(String)
    /// A language's trained data is not installed: the file looked for and the Debian package
    /// that installs it.
    case missingLanguage(code: String, file: String, package: String)
    /// Tesseract refused to start with the installed data (a damaged `.traineddata` file).
    case engineFailed(String)
    /// More pixels than the recogniser was allowed (`--max-image-pixels`).
    case tooLarge(width: Int, height: Int, maximumPixels: Int)
    /// An image with no pixels, or one too large for Tesseract's 32-bit sizes.
    case unusableImage(width: Int, height: Int)
    /// Recognition ran past its time limit (`--ocr-timeout`) and was stopped.
    case timedOut(seconds: Double)
    /// Tesseract failed on the image without saying why.
    case recognitionFailed
  }

  public var description: String {
    let text: String
    switch reason {
    case .badLanguageList(let list):
      text =
        "'\(list)' is not a language list (expected codes such as eng, chi_sim or chi_sim+eng)"
    case .missingLanguage(let code, let file, let package):
      text =
        "OCR language '\(code)' is not installed (no \(file)); install the Debian package "
        + "\(package) or set TESSDATA_PREFIX to a folder holding \(code).traineddata"
    case .engineFailed(let detail): text = "Tesseract could not start: \(detail)"
    case .tooLarge(let width, let height, let maximumPixels):
      let pixels = width.multipliedReportingOverflow(by: height)
      text =
        "image too large to OCR: \(width)x\(height) is "
        + (pixels.overflow ? "more pixels than can be counted" : "\(pixels.partialValue) pixels")
        + ", over the limit of \(maximumPixels) (--max-image-pixels)"
    case .unusableImage(let width, let height):
      text = "cannot OCR a \(width)x\(height) image"
    case .timedOut(let seconds):
      text =
        "OCR stopped after its time limit of \(Self.format(seconds)) s (--ocr-timeout)"
    case .recognitionFailed: text = "Tesseract failed to recognise the image"
    }
    return "\(source): \(text)"
  }

  private static func format(_ seconds: Double) -> String {
    String(format: "%g", seconds)
  }
}
