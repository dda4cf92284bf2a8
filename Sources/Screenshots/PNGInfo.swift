/// A PNG's header (IHDR), read without decoding the image.
public struct PNGInfo: ImageHeaderSize, Sendable, Hashable {
  /// Width in pixels.
  public var width: Int
  /// Height in pixels.
  public var height: Int
  /// Bits per sample: 1, 2, 4, 8 or 16.
  public var bitDepth: Int
  /// PNG colour type: 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA.
  public var colorType: Int
  /// True for Adam7 interlacing.
  public var isInterlaced: Bool

  /// Reads the signature and IHDR chunk.
  /// - Throws: ``ScreenshotError`` (`.notPNG`, `.truncated`, `.corrupt`).
  public init(pngData bytes: [UInt8], source: String) throws {
    let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    guard bytes.count >= 8, Array(bytes[0..<8]) == signature else {
      throw ScreenshotError(source: source, reason: .notPNG(detected: Self.recognise(bytes)))
    }
    guard bytes.count >= 33 else {
      throw ScreenshotError(source: source, reason: .truncated("the header ends early"))
    }
    guard Array(bytes[12..<16]) == Array("IHDR".utf8) else {
      throw ScreenshotError(source: source, reason: .corrupt("the first chunk is not IHDR"))
    }
    func bigEndian(_ offset: Int) -> Int {
      bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
    }
    width = bigEndian(16)
    height = bigEndian(20)
    bitDepth = Int(bytes[24])
    colorType = Int(bytes[25])
    isInterlaced = bytes[28] == 1
    guard width > 0, height > 0 else {
      throw ScreenshotError(source: source, reason: .corrupt("zero width or height"))
    }
  }

  /// What non-PNG bytes look like, for the error message.
  static func recognise(_ bytes: [UInt8]) -> String? {
    if bytes.isEmpty { return "an empty file" }
    if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return "a JPEG image" }
    if bytes.starts(with: Array("GIF8".utf8)) { return "a GIF image" }
    if bytes.count >= 12, bytes.starts(with: Array("RIFF".utf8)),
      Array(bytes[8..<12]) == Array("WEBP".utf8)
    {
      return "a WebP image"
    }
    if bytes.first == UInt8(ascii: "<") { return "text (XML or HTML)" }
    return nil
  }

  /// Reads the header of a PNG file: only its first 33 bytes are read.
  public init(contentsOfPNG path: String) throws {
    try self.init(pngData: try readFile(path, prefix: Self.headerLength), source: path)
  }

  /// The signature and the IHDR chunk: all ``init(pngData:source:)`` reads.
  static let headerLength = 33
}
