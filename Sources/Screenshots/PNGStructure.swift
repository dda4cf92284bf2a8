internal import CPNGSupport

/// A PNG's chunk structure checked without decoding the image: the signature, every chunk's
/// length and CRC, and the closing `IEND`. It catches a file that is not a PNG, a truncated
/// one and damaged bytes at the cost of one pass over the file (no inflating, no pixels), so a
/// screenshot can be vetted before it is recorded even when its pixels are never needed.
public enum PNGStructure {
  /// Checks `bytes`.
  /// - Throws: ``ScreenshotError`` (`.notPNG`, `.truncated`, `.corrupt`) naming `source`.
  public static func validate(_ bytes: [UInt8], source: String) throws {
    _ = try PNGInfo(pngData: bytes, source: source)
    var offset = 8
    var chunks = 0
    while true {
      guard offset + 12 <= bytes.count else {
        throw ScreenshotError(
          source: source,
          reason: .truncated(
            chunks == 0 ? "the header ends early" : "no IEND chunk: the file ends early"))
      }
      let length = bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
      let type = bytes[(offset + 4)..<(offset + 8)]
      guard length <= bytes.count - offset - 12 else {
        throw ScreenshotError(
          source: source,
          reason: .truncated("chunk \(chunks + 1) needs \(length) bytes; the file ends early"))
      }
      let end = offset + 8 + length
      let stored = bytes[end..<(end + 4)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
      guard CRC32.checksum(bytes[(offset + 4)..<end]) == stored else {
        let name = String(decoding: type, as: UTF8.self)
        throw ScreenshotError(
          source: source, reason: .corrupt("bad CRC in chunk \(chunks + 1) (\(name))"))
      }
      chunks += 1
      offset = end + 4
      if type.elementsEqual("IEND".utf8) { return }
    }
  }
}

/// The CRC-32 PNG chunks carry (ISO 3309, polynomial 0xEDB88320), by libdeflate (several
/// bytes a step: a table lookup a byte was 8 % of an ingest of real screenshots).
enum CRC32 {
  static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt32 {
    bytes.withUnsafeBufferPointer { cpng_crc32($0.baseAddress, $0.count) }
  }
}
