/// Strings by their UTF-8 bytes, kept from parse to parse so that a value read again — a class
/// name, a package, a resource-id, repeated on many nodes and in every dump of an app — is the
/// string made the first time: no allocation when it is read, and none freed with its tree.
///
/// Bounded: a fixed number of slots, each holding one string of at most ``longest`` bytes (a
/// string that maps to a taken slot replaces the one there), so it never holds more than about
/// `slotCount × longest` bytes, whatever it reads. Strings of 15 bytes or fewer are stored
/// inside the `String` value itself and are not kept. Not thread-safe: one parse uses it at a
/// time (``PlainDumpParser`` borrows one from a pool).
final class StringInterner {
  /// The number of slots (a power of two).
  static let slotCount = 1024
  /// The longest string kept, in UTF-8 bytes; longer ones are made each time.
  static let longest = 256

  private var keys = [UInt64](repeating: 0, count: slotCount)
  private var strings = [String](repeating: "", count: slotCount)

  /// The string of the well-formed UTF-8 `bytes`: the one kept when the same bytes were read
  /// before and are still kept.
  func string(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    // 15 bytes or fewer: a small string, which allocates nothing.
    guard bytes.count > 15, bytes.count <= Self.longest, let base = bytes.baseAddress else {
      return String(decoding: bytes, as: UTF8.self)
    }
    let key = Self.key(UnsafeRawPointer(base), count: bytes.count)
    let slot = Int(truncatingIfNeeded: key >> 32) & (Self.slotCount - 1)
    if keys[slot] == key, HierarchyBuilder.holds(strings[slot], bytes) { return strings[slot] }
    let string = String(decoding: bytes, as: UTF8.self)
    keys[slot] = key
    strings[slot] = string
    return string
  }

  /// A hash of the count and of the first and last eight bytes (`count` is at least 16), where
  /// values that share a prefix (`com.app:id/…`) differ: the full bytes are compared on a match.
  private static func key(_ base: UnsafeRawPointer, count: Int) -> UInt64 {
    let first = base.loadUnaligned(as: UInt64.self)
    let last = base.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
    let mixed = (first &* 0x9E37_79B9_7F4A_7C15) ^ (last &* 0xC2B2_AE3D_27D4_EB4F)
    return (mixed ^ UInt64(truncatingIfNeeded: count)) &* 0x1656_67B1_9E37_79F9
  }
}
