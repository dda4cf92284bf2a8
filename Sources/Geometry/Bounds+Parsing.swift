extension Bounds {
  /// Parses Android's `[x1,y1][x2,y2]` (optional spaces and signs allowed); nil when malformed
  /// or when a coordinate lies outside ``PixelCoordinate/range`` (a corrupt value, never a trap).
  ///
  /// - Complexity: O(n) over the bytes, no allocation.
  @inlinable
  public init?(parsing text: String) {
    var text = text
    guard let box = text.withUTF8({ Bounds(parsingUTF8: UnsafeRawBufferPointer($0)) })
    else { return nil }
    self = box
  }

  /// Parses `[x1,y1][x2,y2]` from raw UTF-8 bytes; nil when malformed or out of
  /// ``PixelCoordinate/range``.
  @inlinable
  public init?(parsingUTF8 bytes: UnsafeRawBufferPointer) {
    var values = (0, 0, 0, 0)
    var position = 0
    let count = bytes.count
    // Expected layout: '[' n ',' n ']' '[' n ',' n ']'
    func skipSpaces() {
      while position < count, bytes[position] == 0x20 { position += 1 }
    }
    func expect(_ byte: UInt8) -> Bool {
      skipSpaces()
      guard position < count, bytes[position] == byte else { return false }
      position += 1
      return true
    }
    func number() -> Int? {
      skipSpaces()
      var negative = false
      if position < count, bytes[position] == 0x2D {
        negative = true
        position += 1
      }
      var value = 0
      var digits = 0
      while position < count, bytes[position] >= 0x30, bytes[position] <= 0x39 {
        value = value * 10 + Int(bytes[position] &- 0x30)
        // Checked at every digit, so `value * 10` stays far below `Int.max`.
        guard value <= PixelCoordinate.limit else { return nil }
        position += 1
        digits += 1
      }
      return digits == 0 ? nil : (negative ? -value : value)
    }
    for pair in 0..<2 {
      guard expect(0x5B), let a = number(), expect(0x2C), let b = number(), expect(0x5D)
      else { return nil }
      if pair == 0 {
        values.0 = a
        values.1 = b
      } else {
        values.2 = a
        values.3 = b
      }
    }
    skipSpaces()
    guard position == count else { return nil }
    self.init(left: values.0, top: values.1, right: values.2, bottom: values.3)
  }
}
