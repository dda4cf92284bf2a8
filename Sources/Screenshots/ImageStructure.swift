/// A screenshot vetted before it is recorded, without decoding its pixels: a PNG's chunks
/// (``PNGStructure``), a JPEG's headers up to its frame size and its closing end-of-image
/// marker. Catches bytes that are neither, cut-short files and damaged headers.
public enum ImageStructure {
  /// Checks `bytes` and returns their format.
  /// - Throws: ``ScreenshotError`` naming `source`: `.notAnImage`, the PNG reasons,
  ///   `.truncatedJPEG`, `.corruptJPEG`.
  @discardableResult
  public static func validate(_ bytes: [UInt8], source: String) throws -> ImageFormat {
    switch ImageFormat(sniffing: bytes) {
    case .png:
      try PNGStructure.validate(bytes, source: source)
      return .png
    case .jpeg:
      _ = try JPEGCodec.header(bytes, source: source)
      guard bytes.count >= 4, bytes[bytes.count - 2] == 0xFF, bytes[bytes.count - 1] == 0xD9
      else {
        throw ScreenshotError(
          source: source, reason: .truncatedJPEG("no end-of-image marker: the file ends early"))
      }
      return .jpeg
    case nil:
      throw ScreenshotError(
        source: source, reason: .notAnImage(detected: PNGInfo.recognise(bytes)))
    }
  }
}
