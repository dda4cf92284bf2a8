internal import CPNGSupport
import Foundation

/// The largest image the decoder accepts, so a hostile header cannot make it allocate gigabytes.
private let maximumSide = 20_000
private let maximumPixels: UInt64 = 400_000_000

extension RGBAImage {
  /// Decodes a PNG of any colour type, bit depth or interlacing to 8-bit RGBA.
  ///
  /// Palette and grey images are expanded, `tRNS` becomes alpha, 16-bit samples keep their high
  /// byte (plain truncation: unlike libpng's simplified API, no gamma conversion changes the
  /// values), images without alpha get an opaque one.
  /// - Throws: ``ScreenshotError`` naming `source`: not a PNG, truncated, corrupt, too large.
  public init(pngData bytes: [UInt8], source: String) throws {
    let info = try PNGInfo(pngData: bytes, source: source)
    guard info.width <= maximumSide, info.height <= maximumSide else {
      throw ScreenshotError(
        source: source, reason: .tooLarge(width: info.width, height: info.height))
    }
    var pixels: UnsafeMutablePointer<UInt8>?
    var width: UInt32 = 0
    var height: UInt32 = 0
    var result = bytes.withUnsafeBufferPointer {
      cpng_decode_rgba($0.baseAddress, $0.count, maximumPixels, &pixels, &width, &height)
    }
    guard result.status == 0, let pixels else {
      let message = withUnsafeBytes(of: &result.error) {
        String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self)
      }
      switch result.status {
      case -2:
        throw ScreenshotError(
          source: source, reason: .tooLarge(width: info.width, height: info.height))
      default:
        let truncated =
          message.hasPrefix("truncated") || message.contains("Not enough image data")
          || message.contains("Read Error")
        throw ScreenshotError(
          source: source, reason: truncated ? .truncated(message) : .corrupt(message))
      }
    }
    defer { cpng_free(pixels) }
    let count = Int(width) * Int(height) * 4
    self.init(
      width: Int(width), height: Int(height),
      pixels: Array(UnsafeBufferPointer(start: pixels, count: count)))!
  }

  /// Decodes PNG bytes held in `Data`.
  public init(pngData data: Data, source: String) throws {
    try self.init(pngData: [UInt8](data), source: source)
  }

  /// Reads and decodes a PNG file.
  public init(contentsOfPNG path: String) throws {
    try self.init(pngData: try readFile(path), source: path)
  }

  /// Encodes the image as an RGBA PNG.
  /// - Parameter fast: favour speed (zlib level 1, Sub filter) over size.
  public func pngData(fast: Bool = true) throws -> [UInt8] {
    try PNGEncoder.encode(
      pixels, width: width, height: height, channels: 4, bitDepth: 8, fast: fast, source: "image")
  }
}

/// Reads a whole file or throws a ``ScreenshotError`` naming it.
func readFile(_ path: String) throws -> [UInt8] {
  var isDirectory: ObjCBool = false
  guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
    throw ScreenshotError(source: path, reason: .unreadable("no such file"))
  }
  guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: path) else {
    throw ScreenshotError(
      source: path, reason: .unreadable(isDirectory.boolValue ? "is a directory" : "I/O error"))
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
