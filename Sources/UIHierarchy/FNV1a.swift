/// 64-bit FNV-1a: a small, stable hash (the same on every run and platform, unlike `Hasher`),
/// used for line sets, line hashes and screenshot digests stored in the graph.
public struct FNV1a: Sendable {
  /// The hash so far.
  public var value: UInt64 = 0xcbf2_9ce4_8422_2325

  /// A hash of nothing yet.
  public init() {}

  /// Mixes in bytes.
  @inlinable
  public mutating func combine<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
    var hash = value
    for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
    value = hash
  }

  /// Mixes in a 64-bit value, low byte first.
  public mutating func combine(_ word: UInt64) {
    var hash = value
    var rest = word
    for _ in 0..<8 {
      hash = (hash ^ (rest & 0xFF)) &* 0x0000_0100_0000_01B3
      rest >>= 8
    }
    value = hash
  }

  /// The hash of some bytes.
  @inlinable
  public static func hash<Bytes: Sequence>(_ bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
    var hasher = FNV1a()
    hasher.combine(bytes)
    return hasher.value
  }
}
