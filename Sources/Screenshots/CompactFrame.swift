import Foundation

/// A decoded screenshot kept in a fraction of its memory, losslessly. A UI screenshot is mostly
/// flat areas (bars, margins, empty lists): most rows repeat the row above, and most of the rest
/// are long runs of one colour. So each run of equal rows is stored once, and a stored row as
/// segments: a run of at least ``shortestRun`` equal pixels as its length and colour, the pixels
/// between runs as they are. Real 1080×2400 screens take 0.4–9.7 MB instead of 10.4 MB (5.4×
/// less over 40 real screens); a frame cache holds that many more in the same bytes, and a
/// comparison reads a run's colour once and skips the rows where both screens repeat the row
/// above (see ``PixelDifference``).
///
/// ```swift
/// let frame = CompactFrame(image)   // 1080×2400 UI screen: 10.4 MB → about 1.8 MB
/// frame.byteCount                   // the bytes it holds
/// frame.image == image              // true: nothing is lost
/// ```
public struct CompactFrame: Sendable {
  /// Width in pixels.
  public let width: Int
  /// Height in pixels.
  public let height: Int
  /// The stored rows, one after the other, each a sequence of segments covering `width`
  /// pixels: a run (``runFlag`` | length, then the pixel) or literal pixels (length, then the
  /// pixels). Pixels are the RGBA bytes of one pixel read as one native `UInt32`.
  let words: [UInt32]
  /// For each row of the image, where its stored row starts in ``words`` (a row that repeats
  /// the row above starts where that row does).
  let rowStart: [Int]

  /// The fewest equal pixels stored as a run (fewer are stored as they are). Shorter runs
  /// would save little more memory (runs of 4: 6.6× less instead of 5.4× on 40 real screens)
  /// for 3.5 times the segments, which a comparison pays for one by one.
  public static let shortestRun = 16
  /// Marks a segment header as a run.
  static let runFlag: UInt32 = 1 << 31

  /// `image`'s rows: each run of equal rows stored once, a stored row as runs and literal
  /// pixels.
  public init(_ image: RGBAImage) {
    let width = image.width
    let height = image.height
    // A segment's length is at most `width`, which must fit below the run flag (an image that
    // wide would be 8 GB a row).
    precondition(width < Int(Self.runFlag), "image too wide for a compact frame")
    self.width = width
    self.height = height
    var rowStart = [Int](repeating: 0, count: height)
    let rowBytes = width * 4
    // At most `width + 1` words a row: a literal's header is paid for by the run after it (a
    // run of `shortestRun` pixels takes 2 words).
    let scratch = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: height * (width + 1))
    defer { scratch.deallocate() }
    var used = 0
    image.pixels.withUnsafeBytes { pixels in
      guard let base = pixels.baseAddress, width > 0 else { return }
      for row in 0..<height {
        let line = base + row * rowBytes
        if row > 0, memcmp(line, line - rowBytes, rowBytes) == 0 {
          rowStart[row] = rowStart[row - 1]
          continue
        }
        rowStart[row] = used
        used = Self.encode(line, width: width, into: scratch, at: used)
      }
    }
    words = Array(scratch[0..<used])
    self.rowStart = rowStart
  }

  /// Writes one row's segments at `position` in `out`; returns the position after them.
  private static func encode(
    _ line: UnsafeRawPointer, width: Int, into out: UnsafeMutableBufferPointer<UInt32>,
    at position: Int
  ) -> Int {
    var position = position
    // The header of the literal segment being written, if one is open.
    var literalHeader: Int?
    var x = 0
    while x < width {
      let pixel = line.loadUnaligned(fromByteOffset: x * 4, as: UInt32.self)
      var end = x + 1
      // Two pixels at a time, then the one after the last pair.
      let pair = UInt64(pixel) | UInt64(pixel) << 32
      while end + 2 <= width, line.loadUnaligned(fromByteOffset: end * 4, as: UInt64.self) == pair {
        end += 2
      }
      if end < width, line.loadUnaligned(fromByteOffset: end * 4, as: UInt32.self) == pixel {
        end += 1
      }
      let length = end - x
      if length >= shortestRun {
        if let header = literalHeader {
          out[header] = UInt32(position - header - 1)
          literalHeader = nil
        }
        out[position] = runFlag | UInt32(length)
        out[position + 1] = pixel
        position += 2
      } else {
        if literalHeader == nil {
          literalHeader = position
          position += 1
        }
        for _ in 0..<length {
          out[position] = pixel
          position += 1
        }
      }
      x = end
    }
    if let header = literalHeader { out[header] = UInt32(position - header - 1) }
    return position
  }

  /// The bytes this frame holds (its segments and its row starts).
  public var byteCount: Int {
    words.count * MemoryLayout<UInt32>.stride + rowStart.count * MemoryLayout<Int>.stride
  }

  /// The rows stored (those that differ from the row above).
  public var storedRowCount: Int {
    rowStart.indices.reduce(0) { $0 + ($1 == 0 || rowStart[$1] != rowStart[$1 - 1] ? 1 : 0) }
  }

  /// The full image again.
  public var image: RGBAImage {
    var pixels = [UInt32](repeating: 0, count: width * height)
    var index = 0
    for row in 0..<height {
      var position = rowStart[row]
      var x = 0
      while x < width {
        let header = words[position]
        let length = Int(header & ~Self.runFlag)
        if header & Self.runFlag != 0 {
          for offset in 0..<length { pixels[index + x + offset] = words[position + 1] }
          x += length
          position += 2
        } else {
          for offset in 0..<length { pixels[index + x + offset] = words[position + 1 + offset] }
          x += length
          position += 1 + length
        }
      }
      index += width
    }
    let bytes = pixels.withUnsafeBytes { Array($0) }
    // The byte count is width × height × 4 by construction.
    return RGBAImage(width: width, height: height, pixels: bytes)
      ?? RGBAImage(width: 0, height: 0)
  }
}
