import Foundation

/// Counts the attributes of each start tag in a pass over the raw bytes, before libxml2 sees
/// them: libxml2 2.9 compares each attribute with every one before it on the same element, so an
/// element with 100,000 attributes takes seconds there. This pass is linear.
enum AttributeCounter {
  /// The line (1-based) of the first start tag with more than `limit` attributes, or nil.
  ///
  /// Attributes are counted as `=` signs outside quoted values; comments, CDATA sections,
  /// processing instructions, declarations and end tags are skipped.
  static func firstElement(in bytes: UnsafeRawBufferPointer, withMoreThan limit: Int) -> Int? {
    guard let base = bytes.baseAddress else { return nil }
    let count = bytes.count
    /// The first `byte` at or after `start`.
    func find(_ byte: UInt8, from start: Int) -> Int? {
      guard start < count, let found = memchr(base + start, Int32(byte), count - start) else {
        return nil
      }
      return base.distance(to: UnsafeRawPointer(found))
    }
    /// The index just after the first `pattern` at or after `start`.
    func after(_ pattern: [UInt8], from start: Int) -> Int? {
      var position = start
      while let found = find(pattern[0], from: position) {
        guard found + pattern.count <= count else { return nil }
        if pattern.indices.allSatisfy({ bytes[found + $0] == pattern[$0] }) {
          return found + pattern.count
        }
        position = found + 1
      }
      return nil
    }
    func starts(_ pattern: [UInt8], at position: Int) -> Bool {
      position + pattern.count <= count
        && pattern.indices.allSatisfy { bytes[position + $0] == pattern[$0] }
    }
    func line(at position: Int) -> Int {
      1
        + UnsafeRawBufferPointer(rebasing: bytes[..<position]).reduce(0) {
          $0 + ($1 == 0x0A ? 1 : 0)
        }
    }
    var position = 0
    while let open = find(UInt8(ascii: "<"), from: position) {
      let next = open + 1
      guard next < count else { return nil }
      switch bytes[next] {
      case UInt8(ascii: "!") where starts(Array("<!--".utf8), at: open):
        guard let end = after(Array("-->".utf8), from: open + 4) else { return nil }
        position = end
        continue
      case UInt8(ascii: "!") where starts(Array("<![CDATA[".utf8), at: open):
        guard let end = after(Array("]]>".utf8), from: open + 9) else { return nil }
        position = end
        continue
      case UInt8(ascii: "!"), UInt8(ascii: "?"), UInt8(ascii: "/"):
        guard let end = find(UInt8(ascii: ">"), from: next) else { return nil }
        position = end + 1
        continue
      default: break
      }
      // A start tag: count `=` outside quoted values up to its `>`.
      var index = next
      var attributes = 0
      scan: while index < count {
        switch bytes[index] {
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
          guard let close = find(bytes[index], from: index + 1) else { return nil }
          index = close + 1
        case UInt8(ascii: "="):
          attributes += 1
          if attributes > limit { return line(at: open) }
          index += 1
        case UInt8(ascii: ">"): break scan
        default: index += 1
        }
      }
      position = index + 1
    }
    return nil
  }
}
