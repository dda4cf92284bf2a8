/// An image size read from a file's header, before any pixel is decoded: what the pixel limit
/// (`--max-image-pixels`) is checked against.
public protocol ImageHeaderSize {
  /// Width in pixels.
  var width: Int { get }
  /// Height in pixels.
  var height: Int { get }
}

extension ImageHeaderSize {
  /// `width × height`, or nil when it does not fit in an `Int`.
  public var pixelCount: Int? {
    let (product, overflow) = width.multipliedReportingOverflow(by: height)
    return overflow ? nil : product
  }

  /// Throws ``ScreenshotError/Reason/tooLarge(width:height:maximumPixels:)`` naming `source` when
  /// the image has more than `maximumPixels` pixels.
  public func checkPixelCount(_ maximumPixels: Int, source: String) throws {
    guard let pixelCount, pixelCount <= maximumPixels else {
      throw ScreenshotError(
        source: source,
        reason: .tooLarge(width: width, height: height, maximumPixels: maximumPixels))
    }
  }
}
