/// A dump saved as UTF-16 (some Windows tools and `adb shell` redirections write it so), detected
/// from its byte-order mark, or from `<?` as UTF-16 when there is none.
struct UTF16Dump {
  /// True for little-endian code units.
  let littleEndian: Bool
  /// Where the code units start (after the byte-order mark).
  let start: Int

  /// Nil when the bytes are not UTF-16 (UTF-32's byte-order marks included).
  init?(_ bytes: UnsafeRawBufferPointer) {
    guard bytes.count >= 2 else { return nil }
    let head = Array(bytes.prefix(4))
    switch (head[0], head[1]) {
    case (0xFF, 0xFE):
      guard head.count < 4 || head[2] != 0 || head[3] != 0 else { return nil }  // UTF-32LE
      (littleEndian, start) = (true, 2)
    case (0xFE, 0xFF): (littleEndian, start) = (false, 2)
    case (0x3C, 0x00) where head == [0x3C, 0x00, 0x3F, 0x00]: (littleEndian, start) = (true, 0)
    case (0x00, 0x3C) where head == [0x00, 0x3C, 0x00, 0x3F]: (littleEndian, start) = (false, 0)
    default: return nil
    }
  }

  /// The text as a String; ill-formed code units (an odd last byte, a lone surrogate) become
  /// U+FFFD, which the XML parser then reports where it stands.
  func transcoded(_ bytes: UnsafeRawBufferPointer) -> String {
    var units: [UInt16] = []
    units.reserveCapacity((bytes.count - start) / 2 + 1)
    var index = start
    while index + 1 < bytes.count {
      let first = UInt16(bytes[index])
      let second = UInt16(bytes[index + 1])
      units.append(littleEndian ? first | second << 8 : first << 8 | second)
      index += 2
    }
    if index < bytes.count { units.append(0xFFFD) }
    return String(decoding: units, as: UTF16.self)
  }
}
