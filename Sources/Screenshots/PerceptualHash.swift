/// A 64-bit difference hash (dHash) of a screenshot: near-identical screens get hashes a few
/// bits apart, different layouts many bits apart.
///
/// The image is reduced to BT.601 luma, box-averaged to 9×8 cells, and each bit says whether a
/// cell is brighter than its right-hand neighbour.
///
/// ```swift
/// let a = PerceptualHash(before), b = PerceptualHash(after)
/// a.distance(to: b)   // 0…64 differing bits
/// ```
public struct PerceptualHash: Hashable, Sendable, CustomStringConvertible {
  /// The 64 bits, row by row, most significant first.
  public var value: UInt64

  /// A hash from its bits.
  public init(value: UInt64) { self.value = value }

  /// The dHash of an image (0 for an empty image).
  /// - Complexity: O(width × height), one pass.
  public init(_ image: RGBAImage) {
    guard image.width > 0, image.height > 0 else {
      value = 0
      return
    }
    var sums = [Double](repeating: 0, count: 72)
    var counts = [Int](repeating: 0, count: 72)
    image.pixels.withUnsafeBufferPointer { pixels in
      for y in 0..<image.height {
        let cellY = y * 8 / image.height
        var offset = y * image.width * 4
        for x in 0..<image.width {
          let cell = cellY * 9 + x * 9 / image.width
          let luma =
            0.299 * Double(pixels[offset]) + 0.587 * Double(pixels[offset + 1]) + 0.114
            * Double(pixels[offset + 2])
          sums[cell] += luma
          counts[cell] += 1
          offset += 4
        }
      }
    }
    let means = zip(sums, counts).map { $1 > 0 ? $0 / Double($1) : 0 }
    var bits: UInt64 = 0
    for row in 0..<8 {
      for column in 0..<8 {
        bits <<= 1
        if means[row * 9 + column] > means[row * 9 + column + 1] { bits |= 1 }
      }
    }
    value = bits
  }

  /// The number of differing bits (Hamming distance).
  public func distance(to other: PerceptualHash) -> Int { (value ^ other.value).nonzeroBitCount }

  /// 16 hex digits.
  public var description: String {
    let hex = String(value, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
  }
}
