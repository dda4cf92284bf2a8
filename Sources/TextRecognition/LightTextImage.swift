import Screenshots

/// A grayscale image in which text lighter than what lies around it (white labels on a
/// wallpaper, on a coloured bar or button, dark mode) is dark on white, for a second Tesseract
/// pass: its LSTM reads dark text on light, and its global threshold loses light text on a
/// mid-tone background.
///
/// Each pixel's background is the median gray of the 24-pixel blocks around it (a 3×3 median of
/// block medians, interpolated between block centres); a pixel lighter than its background by
/// `d` is drawn with darkness `d / C`, where `C` is the largest such difference nearby (at least
/// ``minimumContrast``, so that a wallpaper's faint texture stays pale). Pixels darker than their
/// background are white: text that is already dark on light is read by the first pass.
struct LightTextImage {
  /// The side of a block, in pixels: wider than a stroke of screen text, so a block's median is
  /// its background.
  static let blockSize = 24
  /// The least contrast (gray levels) stretched to full black.
  static let minimumContrast: Float = 64

  let width: Int
  let height: Int
  /// `width * height` gray bytes, rows top to bottom.
  private(set) var pixels: [UInt8]

  init(_ image: RGBAImage) {
    width = image.width
    height = image.height
    let count = width * height
    var gray = [UInt8](repeating: 255, count: count)
    image.pixels.withUnsafeBufferPointer { rgba in
      gray.withUnsafeMutableBufferPointer { out in
        for index in 0..<count {
          let r = UInt32(rgba[index * 4])
          let g = UInt32(rgba[index * 4 + 1])
          let b = UInt32(rgba[index * 4 + 2])
          out[index] = UInt8(truncatingIfNeeded: (77 * r + 150 * g + 29 * b) >> 8)
        }
      }
    }
    let grid = BlockGrid(width: width, height: height, size: Self.blockSize)
    let background = grid.interpolate(grid.median3x3(grid.blockMedians(gray)))
    var lighter = [Float](repeating: 0, count: count)
    for index in 0..<count {
      lighter[index] = max(0, Float(gray[index]) - background[index])
    }
    let contrast = grid.interpolate(grid.maximum3x3(grid.blockMaxima(lighter)))
    pixels = [UInt8](repeating: 255, count: count)
    for index in 0..<count {
      let darkness = lighter[index] / max(contrast[index], Self.minimumContrast)
      pixels[index] = UInt8(max(0, min(255, 255 - 255 * darkness)).rounded())
    }
  }
}

/// An image cut into square blocks (the last row and column may be smaller), with per-block
/// statistics and their interpolation back to pixels.
private struct BlockGrid {
  let width: Int
  let height: Int
  let size: Int
  let columns: Int
  let rows: Int

  init(width: Int, height: Int, size: Int) {
    self.width = width
    self.height = height
    self.size = size
    columns = (width + size - 1) / size
    rows = (height + size - 1) / size
  }

  /// The median of each block's pixels.
  func blockMedians(_ gray: [UInt8]) -> [Float] {
    var medians = [Float](repeating: 0, count: columns * rows)
    var histogram = [Int](repeating: 0, count: 256)
    for row in 0..<rows {
      for column in 0..<columns {
        for level in 0..<256 { histogram[level] = 0 }
        let x0 = column * size
        let x1 = min(width, x0 + size)
        let y0 = row * size
        let y1 = min(height, y0 + size)
        for y in y0..<y1 {
          for x in x0..<x1 { histogram[Int(gray[y * width + x])] += 1 }
        }
        let half = ((x1 - x0) * (y1 - y0) + 1) / 2
        var seen = 0
        var level = 0
        while level < 255 {
          seen += histogram[level]
          if seen >= half { break }
          level += 1
        }
        medians[row * columns + column] = Float(level)
      }
    }
    return medians
  }

  /// The largest value in each block.
  func blockMaxima(_ values: [Float]) -> [Float] {
    var maxima = [Float](repeating: 0, count: columns * rows)
    for y in 0..<height {
      let row = y / size
      for x in 0..<width {
        let block = row * columns + x / size
        maxima[block] = max(maxima[block], values[y * width + x])
      }
    }
    return maxima
  }

  /// Each block's value replaced by the median of it and its eight neighbours (edges repeated).
  func median3x3(_ blocks: [Float]) -> [Float] {
    neighbourhood(blocks) { values in
      values.sort()
      return values[4]
    }
  }

  /// Each block's value replaced by the largest of it and its eight neighbours.
  func maximum3x3(_ blocks: [Float]) -> [Float] {
    neighbourhood(blocks) { $0.max() ?? 0 }
  }

  private func neighbourhood(_ blocks: [Float], _ combine: (inout [Float]) -> Float) -> [Float] {
    var result = blocks
    var values = [Float](repeating: 0, count: 9)
    for row in 0..<rows {
      for column in 0..<columns {
        var index = 0
        for dy in -1...1 {
          for dx in -1...1 {
            let r = min(rows - 1, max(0, row + dy))
            let c = min(columns - 1, max(0, column + dx))
            values[index] = blocks[r * columns + c]
            index += 1
          }
        }
        result[row * columns + column] = combine(&values)
      }
    }
    return result
  }

  /// A value per pixel, bilinear between block centres (constant beyond the outer centres).
  func interpolate(_ blocks: [Float]) -> [Float] {
    func weights(_ position: Int, _ count: Int) -> (Int, Int, Float) {
      let centre = (Float(position) + 0.5) / Float(size) - 0.5
      let lower = max(0, min(count - 1, Int(centre.rounded(.down))))
      let upper = min(count - 1, lower + 1)
      let fraction = max(0, min(1, centre - Float(lower)))
      return (lower, upper, fraction)
    }
    let across = (0..<width).map { weights($0, columns) }
    var result = [Float](repeating: 0, count: width * height)
    for y in 0..<height {
      let (top, bottom, fy) = weights(y, rows)
      for x in 0..<width {
        let (left, right, fx) = across[x]
        let upper =
          blocks[top * columns + left] * (1 - fx) + blocks[top * columns + right] * fx
        let lower =
          blocks[bottom * columns + left] * (1 - fx) + blocks[bottom * columns + right] * fx
        result[y * width + x] = upper * (1 - fy) + lower * fy
      }
    }
    return result
  }
}
