internal import CPNGSupport
import Foundation

extension RGBAImage {
  /// The most pixels a PNG may have for the decoder to accept it unless told otherwise:
  /// 40 megapixels (160 MB decoded), more than any phone or tablet screen (a 1440×3200 phone
  /// has 4.6, a 2560×1600 tablet 4.1), so a 48 KB PNG claiming 20000×20000 cannot make a
  /// command allocate gigabytes.
  public static let defaultMaximumPixels = 40_000_000

  /// Decodes a PNG of any colour type, bit depth or interlacing to 8-bit RGBA.
  ///
  /// Palette and grey images are expanded, `tRNS` becomes alpha, 16-bit samples keep their high
  /// byte (plain truncation: unlike libpng's simplified API, no gamma conversion changes the
  /// values), images without alpha get an opaque one. The size is read from the header first: an
  /// image of more than `maximumPixels` pixels is refused before anything is allocated for it,
  /// and the pixels are decoded straight into the image's storage. 8-bit images without palette
  /// or interlacing (screenshots) take a fast path, others libpng (see ``PNGDecoder``); the
  /// pixels and errors are the same either way.
  /// - Parameter decoder: ``PNGDecoder/libpng`` decodes every image with libpng (benchmarks).
  /// - Throws: ``ScreenshotError`` naming `source`: not a PNG, truncated, corrupt, too large
  ///   (``ScreenshotError/Reason/tooLarge(width:height:maximumPixels:)``).
  public init(
    pngData bytes: [UInt8], source: String, maximumPixels: Int = RGBAImage.defaultMaximumPixels,
    decoder: PNGDecoder = .automatic
  ) throws {
    let info = try PNGInfo(pngData: bytes, source: source)
    try info.checkPixelCount(maximumPixels, source: source)
    // Both sides come from 4-byte header fields and their product is within the limit.
    let width = info.width
    let height = info.height
    let (count, overflow) = width.multipliedReportingOverflow(by: height * 4)
    guard !overflow, count <= Int.max - height else {
      throw ScreenshotError(
        source: source,
        reason: .tooLarge(width: width, height: height, maximumPixels: maximumPixels))
    }
    var result = cpng_result()
    // `height` bytes beyond the pixels: room for the rows' filter bytes, so that the fast path
    // inflates an RGBA image into this storage itself.
    let pixels = [UInt8](unsafeUninitializedCapacity: count + height) { buffer, initialized in
      bytes.withUnsafeBufferPointer { data in
        if decoder == .automatic,
          PNGDecoder.fastPath(data, width: width, height: height, into: buffer) == .decoded
        {
          return
        }
        result = cpng_decode_rgba(
          data.baseAddress, data.count, UInt32(width), UInt32(height), buffer.baseAddress,
          buffer.count)
      }
      initialized = result.status == 0 ? count : 0
    }
    guard result.status == 0 else {
      let message = withUnsafeBytes(of: &result.error) {
        String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self)
      }
      let truncated =
        message.hasPrefix("truncated") || message.contains("Not enough image data")
        || message.contains("Read Error")
      throw ScreenshotError(
        source: source, reason: truncated ? .truncated(message) : .corrupt(message))
    }
    self.init(width: width, height: height, pixels: pixels)!
  }

  /// Decodes PNG bytes held in `Data`.
  public init(
    pngData data: Data, source: String, maximumPixels: Int = RGBAImage.defaultMaximumPixels
  ) throws {
    try self.init(pngData: [UInt8](data), source: source, maximumPixels: maximumPixels)
  }

  /// Reads and decodes a PNG file; its header is checked against `maximumPixels` before the
  /// rest of the file is read.
  public init(contentsOfPNG path: String, maximumPixels: Int = RGBAImage.defaultMaximumPixels)
    throws
  {
    try PNGInfo(contentsOfPNG: path).checkPixelCount(maximumPixels, source: path)
    try self.init(pngData: try readFile(path), source: path, maximumPixels: maximumPixels)
  }

  /// Encodes the image as an RGBA PNG.
  /// - Parameter fast: favour speed (zlib level 1, Sub filter) over size.
  public func pngData(fast: Bool = true) throws -> [UInt8] {
    try PNGEncoder.encode(
      pixels, width: width, height: height, channels: 4, bitDepth: 8, fast: fast, source: "image")
  }
}

/// Reads a whole file or throws a ``ScreenshotError`` naming it.
/// With `prefix`, only the file's first `prefix` bytes (fewer when it is shorter).
func readFile(_ path: String, prefix: Int? = nil) throws -> [UInt8] {
  var isDirectory: ObjCBool = false
  guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
    throw ScreenshotError(source: path, reason: .unreadable("no such file"))
  }
  guard !isDirectory.boolValue else {
    throw ScreenshotError(source: path, reason: .unreadable("is a directory"))
  }
  if let prefix {
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw ScreenshotError(source: path, reason: .unreadable("cannot open it"))
    }
    defer { try? handle.close() }
    // No bytes at all (an empty file) is nil, not an error: the caller names it.
    do {
      return [UInt8](try handle.read(upToCount: prefix) ?? Data())
    } catch {
      throw ScreenshotError(source: path, reason: .unreadable("I/O error"))
    }
  }
  guard let data = FileManager.default.contents(atPath: path) else {
    throw ScreenshotError(source: path, reason: .unreadable("I/O error"))
  }
  return [UInt8](data)
}

/// The C encoder, shared by ``RGBAImage/pngData(fast:)`` and the tests' fixture writer.
enum PNGEncoder {
  static func encode(
    _ samples: [UInt8], width: Int, height: Int, channels: Int, bitDepth: Int, palette: Int = 0,
    interlace: Bool = false, fast: Bool, source: String
  ) throws -> [UInt8] {
    var png: UnsafeMutablePointer<UInt8>?
    var size = 0
    var result = samples.withUnsafeBufferPointer {
      cpng_encode(
        $0.baseAddress, UInt32(width), UInt32(height), Int32(channels), Int32(bitDepth),
        Int32(palette), interlace ? 1 : 0, fast ? 1 : 0, &png, &size)
    }
    guard result.status == 0, let png else {
      let message = withUnsafeBytes(of: &result.error) {
        String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self)
      }
      throw ScreenshotError(source: source, reason: .encodeFailed(message))
    }
    defer { cpng_free(png) }
    return Array(UnsafeBufferPointer(start: png, count: size))
  }
}
