import Foundation

extension RGBAImage {
  /// Decodes a PNG or a JPEG, told apart by their first bytes (not by any file name), to 8-bit
  /// RGBA. The size is read from the header and checked against `maximumPixels` before the
  /// pixels are allocated.
  /// - Throws: ``ScreenshotError`` naming `source`: not a PNG or JPEG, truncated, corrupt, too
  ///   large.
  public init(
    imageData bytes: [UInt8], source: String,
    maximumPixels: Int = RGBAImage.defaultMaximumPixels
  ) throws {
    switch ImageFormat(sniffing: bytes) {
    case .png: try self.init(pngData: bytes, source: source, maximumPixels: maximumPixels)
    case .jpeg: try self.init(jpegData: bytes, source: source, maximumPixels: maximumPixels)
    case nil:
      throw ScreenshotError(
        source: source, reason: .notAnImage(detected: PNGInfo.recognise(bytes)))
    }
  }

  /// Decodes PNG or JPEG bytes held in `Data`.
  public init(
    imageData data: Data, source: String, maximumPixels: Int = RGBAImage.defaultMaximumPixels
  ) throws {
    try self.init(imageData: [UInt8](data), source: source, maximumPixels: maximumPixels)
  }

  /// Reads and decodes a PNG or JPEG file.
  public init(contentsOfImage path: String, maximumPixels: Int = RGBAImage.defaultMaximumPixels)
    throws
  {
    let head = try readFile(path, prefix: PNGInfo.headerLength)
    if ImageFormat(sniffing: head) == .png {
      // A PNG's size is in its first 33 bytes: refuse a huge one before reading the rest.
      try PNGInfo(pngData: head, source: path).checkPixelCount(maximumPixels, source: path)
    }
    try self.init(imageData: try readFile(path), source: path, maximumPixels: maximumPixels)
  }

  /// Decodes a JPEG (baseline or progressive; grey or YCbCr) to RGBA with alpha 255, through
  /// libjpeg-turbo.
  /// - Throws: ``ScreenshotError`` naming `source`: `.truncatedJPEG`, `.corruptJPEG` (libjpeg
  ///   warnings included: they mean grey-filled pixels), `.unsupportedJPEG` (CMYK), `.tooLarge`
  ///   from the header.
  public init(
    jpegData bytes: [UInt8], source: String, maximumPixels: Int = RGBAImage.defaultMaximumPixels
  ) throws {
    self = try JPEGCodec.decode(bytes, source: source, maximumPixels: maximumPixels)
  }

  /// Encodes the image as a baseline JPEG (4:2:0, alpha dropped): for test fixtures; m3m's own
  /// outputs are PNG.
  func jpegData(quality: Int = 90, cmyk: Bool = false) throws -> [UInt8] {
    try JPEGCodec.encode(self, quality: quality, cmyk: cmyk, source: "image")
  }
}
