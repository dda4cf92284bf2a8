/// Why a screenshot could not be read or written, with the file it came from.
///
/// `description` is one line, `FILE: reason`.
public struct ScreenshotError: Error, CustomStringConvertible, Sendable, Equatable {
  /// The file (or name) being read or written.
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
    /// The bytes do not start with the PNG signature; names what they look like instead when
    /// recognisable (an empty file, a JPEG saved as .png as DroidBot does, …).
    case notPNG(detected: String?)
    /// The bytes are neither PNG nor JPEG (told by their first bytes); names what they look like
    /// when recognisable (an empty file, a GIF, XML, …).
    case notAnImage(detected: String?)
    /// The data ends before the image does.
    case truncated(String)
    /// libpng refused the data (bad CRC, bad chunk, bad compressed data…): its message.
    case corrupt(String)
    /// A JPEG whose data ends before the image does (libjpeg's "Premature end of JPEG file").
    case truncatedJPEG(String)
    /// libjpeg-turbo refused the JPEG, or warned that its data is damaged: its message.
    case corruptJPEG(String)
    /// A well-formed JPEG that m3m does not decode (CMYK colour).
    case unsupportedJPEG(String)
    /// More pixels than the decoder was allowed (`maximumPixels`, the `--max-image-pixels`
    /// setting); refused from the header, before anything is allocated.
    case tooLarge(width: Int, height: Int, maximumPixels: Int)
    /// The file could not be read.
    case unreadable(String)
    /// The image could not be encoded.
    case encodeFailed(String)
    /// A crop box outside the image, empty or inverted.
    case emptyCrop(String)
  }

  public var description: String {
    let text: String
    switch reason {
    case .notPNG(let detected):
      text = "not a PNG file (" + (detected.map { "it is \($0)" } ?? "bad signature") + ")"
    case .notAnImage(let detected):
      text = "not a PNG or JPEG file (" + (detected.map { "it is \($0)" } ?? "bad signature") + ")"
    case .truncated(let detail): text = "truncated PNG: \(detail)"
    case .truncatedJPEG(let detail): text = "truncated JPEG: \(detail)"
    case .corruptJPEG(let detail): text = "corrupt JPEG: \(detail)"
    case .unsupportedJPEG(let detail): text = "unsupported JPEG: \(detail)"
    case .corrupt(let detail): text = "corrupt PNG: \(detail)"
    case .tooLarge(let width, let height, let maximumPixels):
      let pixels = width.multipliedReportingOverflow(by: height)
      text =
        "image too large: \(width)x\(height) is "
        + (pixels.overflow ? "more pixels than can be counted" : "\(pixels.partialValue) pixels")
        + ", over the limit of \(maximumPixels) (--max-image-pixels)"
    case .unreadable(let detail): text = "cannot read the file: \(detail)"
    case .encodeFailed(let detail): text = "cannot encode PNG: \(detail)"
    case .emptyCrop(let detail): text = "nothing to crop: \(detail)"
    }
    return "\(source): \(text)"
  }
}
