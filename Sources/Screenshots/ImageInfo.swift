/// A screenshot's format and size, read from its header without decoding it.
///
/// ```swift
/// let info = try ImageInfo(contentsOfImage: "states/screen_1.png")   // DroidBot: a JPEG
/// info.format, info.width, info.height                              // .jpeg, 1080, 1920
/// ```
public struct ImageInfo: ImageHeaderSize, Sendable, Hashable {
  /// PNG or JPEG, from the first bytes.
  public var format: ImageFormat
  /// Width in pixels.
  public var width: Int
  /// Height in pixels.
  public var height: Int

  init(format: ImageFormat, width: Int, height: Int) {
    self.format = format
    self.width = width
    self.height = height
  }

  /// Reads the header of PNG or JPEG bytes.
  /// - Throws: ``ScreenshotError``: `.notAnImage` for other bytes, else the format's
  ///   truncated/corrupt reasons, naming `source`.
  public init(imageData bytes: [UInt8], source: String) throws {
    switch ImageFormat(sniffing: bytes) {
    case .png:
      let info = try PNGInfo(pngData: bytes, source: source)
      self.init(format: .png, width: info.width, height: info.height)
    case .jpeg:
      let (width, height) = try JPEGCodec.header(bytes, source: source)
      self.init(format: .jpeg, width: width, height: height)
    case nil:
      throw ScreenshotError(
        source: source, reason: .notAnImage(detected: PNGInfo.recognise(bytes)))
    }
  }

  /// Reads the header of a PNG or JPEG file: a PNG's first 33 bytes; a JPEG whole (its frame
  /// header may follow any number of metadata segments).
  public init(contentsOfImage path: String) throws {
    let head = try readFile(path, prefix: PNGInfo.headerLength)
    let bytes = ImageFormat(sniffing: head) == .jpeg ? try readFile(path) : head
    try self.init(imageData: bytes, source: path)
  }
}
