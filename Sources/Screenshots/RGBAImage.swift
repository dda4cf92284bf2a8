/// A decoded screenshot: 8-bit RGBA, row-major, no padding.
///
/// ```swift
/// let image = try RGBAImage(contentsOfPNG: "screen.png")
/// image.width, image.height      // 1080, 2400
/// image.pixel(x: 0, y: 0)        // RGBAColor(r: …, g: …, b: …, a: 255)
/// ```
public struct RGBAImage: Sendable, Equatable {
  /// Width in pixels.
  public let width: Int
  /// Height in pixels.
  public let height: Int
  /// `width * height * 4` bytes: R, G, B, A per pixel, rows top to bottom.
  public var pixels: [UInt8]

  /// An image filled with one colour.
  public init(width: Int, height: Int, fill: RGBAColor = .white) {
    precondition(width >= 0 && height >= 0, "negative image size")
    self.width = width
    self.height = height
    // One 32-bit word per pixel, filled by the standard library (fast in debug builds too).
    let words = [UInt32](
      repeating: (UInt32(fill.r) | UInt32(fill.g) << 8 | UInt32(fill.b) << 16
        | UInt32(fill.a) << 24).littleEndian,
      count: width * height)
    pixels = words.withUnsafeBytes { Array($0) }
  }

  /// An image from raw RGBA bytes; nil when the count is not `width * height * 4`.
  public init?(width: Int, height: Int, pixels: [UInt8]) {
    guard width >= 0, height >= 0, pixels.count == width * height * 4 else { return nil }
    self.width = width
    self.height = height
    self.pixels = pixels
  }

  /// The colour at a pixel (no bounds check beyond the array's).
  public func pixel(x: Int, y: Int) -> RGBAColor {
    let offset = (y * width + x) * 4
    return RGBAColor(
      r: pixels[offset], g: pixels[offset + 1], b: pixels[offset + 2], a: pixels[offset + 3])
  }

  /// True when every pixel's alpha is 255.
  public var isOpaque: Bool {
    pixels.withUnsafeBufferPointer { buffer in
      var offset = 3
      while offset < buffer.count {
        if buffer[offset] != 255 { return false }
        offset += 4
      }
      return true
    }
  }
}

/// An 8-bit RGBA colour.
public struct RGBAColor: Sendable, Hashable {
  /// Red.
  public var r: UInt8
  /// Green.
  public var g: UInt8
  /// Blue.
  public var b: UInt8
  /// Alpha (255 = opaque).
  public var a: UInt8

  /// A colour from its channels.
  public init(r: UInt8, g: UInt8, b: UInt8, a: UInt8 = 255) {
    self.r = r
    self.g = g
    self.b = b
    self.a = a
  }

  /// The same colour with another alpha.
  public func withAlpha(_ alpha: UInt8) -> RGBAColor { RGBAColor(r: r, g: g, b: b, a: alpha) }

  /// White.
  public static let white = RGBAColor(r: 255, g: 255, b: 255)
  /// Black.
  public static let black = RGBAColor(r: 0, g: 0, b: 0)
  /// Mid grey.
  public static let gray = RGBAColor(r: 128, g: 128, b: 128)
  /// Light grey.
  public static let lightGray = RGBAColor(r: 225, g: 225, b: 225)
  /// Red.
  public static let red = RGBAColor(r: 220, g: 40, b: 40)
  /// Green (clickable elements in annotations).
  public static let green = RGBAColor(r: 30, g: 170, b: 60)
  /// Blue (scrollable elements in annotations).
  public static let blue = RGBAColor(r: 40, g: 100, b: 230)
  /// Orange (input fields in annotations).
  public static let orange = RGBAColor(r: 245, g: 140, b: 20)
  /// Magenta (highlights).
  public static let magenta = RGBAColor(r: 210, g: 40, b: 200)
  /// Yellow.
  public static let yellow = RGBAColor(r: 250, g: 210, b: 40)
}
