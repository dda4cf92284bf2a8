import Geometry

extension RGBAImage {
  /// The part of the image inside `box`, clipped to the image.
  /// - Throws: ``ScreenshotError`` `.emptyCrop` when the box is empty, inverted or outside.
  public func cropped(to box: Bounds) throws -> RGBAImage {
    guard let clip = clipped(box) else {
      throw ScreenshotError(
        source: "crop", reason: .emptyCrop("\(box) inside a \(width)x\(height) image"))
    }
    var out = [UInt8]()
    out.reserveCapacity(clip.width * clip.height * 4)
    for y in clip.top..<clip.bottom {
      let start = (y * width + clip.left) * 4
      out.append(contentsOf: pixels[start..<(start + clip.width * 4)])
    }
    return RGBAImage(width: clip.width, height: clip.height, pixels: out)!
  }

  /// Fills a box, blending by the colour's alpha (255 paints over).
  public mutating func fill(_ box: Bounds, with color: RGBAColor) {
    guard let clip = clipped(box) else { return }
    let alpha = Int(color.a)
    pixels.withUnsafeMutableBufferPointer { buffer in
      for y in clip.top..<clip.bottom {
        var offset = (y * width + clip.left) * 4
        for _ in clip.left..<clip.right {
          if alpha == 255 {
            buffer[offset] = color.r
            buffer[offset + 1] = color.g
            buffer[offset + 2] = color.b
            buffer[offset + 3] = 255
          } else {
            buffer[offset] = Self.blend(buffer[offset], color.r, alpha)
            buffer[offset + 1] = Self.blend(buffer[offset + 1], color.g, alpha)
            buffer[offset + 2] = Self.blend(buffer[offset + 2], color.b, alpha)
            buffer[offset + 3] = max(buffer[offset + 3], color.a)
          }
          offset += 4
        }
      }
    }
  }

  /// Draws a rectangle's outline `thickness` pixels wide, inside the box.
  public mutating func stroke(_ box: Bounds, with color: RGBAColor, thickness: Int = 2) {
    guard !box.isEmpty else { return }
    let t = max(1, min(thickness, box.width / 2 + 1, box.height / 2 + 1))
    fill(Bounds(left: box.left, top: box.top, right: box.right, bottom: box.top + t), with: color)
    fill(
      Bounds(left: box.left, top: box.bottom - t, right: box.right, bottom: box.bottom),
      with: color)
    fill(Bounds(left: box.left, top: box.top, right: box.left + t, bottom: box.bottom), with: color)
    fill(
      Bounds(left: box.right - t, top: box.top, right: box.right, bottom: box.bottom), with: color)
  }

  /// Draws text with m3m's 5×7 bitmap font, each font pixel `scale` screen pixels, its top-left
  /// corner at `origin`; an optional plate behind it keeps it readable on any background.
  /// Characters outside printable ASCII appear as hollow boxes.
  public mutating func draw(
    _ text: String, at origin: Point, color: RGBAColor = .black, scale: Int = 2,
    background: RGBAColor? = nil
  ) {
    let scale = max(1, scale)
    if let background {
      let size = Self.measure(text, scale: scale)
      fill(
        Bounds(
          left: origin.x - scale, top: origin.y - scale, right: origin.x + size.width + scale,
          bottom: origin.y + size.height + scale), with: background)
    }
    var x = origin.x
    for character in text {
      for (row, bits) in BitmapFont.rows(for: character).enumerated() {
        for column in 0..<BitmapFont.glyphWidth where bits & (0x10 >> UInt8(column)) != 0 {
          let left = x + column * scale
          let top = origin.y + row * scale
          fill(Bounds(left: left, top: top, right: left + scale, bottom: top + scale), with: color)
        }
      }
      x += BitmapFont.advance * scale
    }
  }

  /// The size `text` takes when drawn at `scale`.
  public static func measure(_ text: String, scale: Int = 2) -> (width: Int, height: Int) {
    let count = text.count
    guard count > 0 else { return (0, 0) }
    return (
      (count * BitmapFont.advance - 1) * scale, BitmapFont.glyphHeight * scale
    )
  }

  /// `box` clipped to the image, or nil when nothing of it is inside.
  private func clipped(_ box: Bounds) -> Bounds? {
    guard !box.isEmpty else { return nil }
    return box.intersection(Bounds(left: 0, top: 0, right: width, bottom: height))
  }

  private static func blend(_ under: UInt8, _ over: UInt8, _ alpha: Int) -> UInt8 {
    UInt8((Int(under) * (255 - alpha) + Int(over) * alpha + 127) / 255)
  }
}
