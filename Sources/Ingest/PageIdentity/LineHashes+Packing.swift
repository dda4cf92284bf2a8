extension LineHashes {
  /// Every line hash as 8 little-endian bytes each (how the graph stores them).
  public var packed: [UInt8] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(all.count * 8)
    for hash in all {
      withUnsafeBytes(of: hash.littleEndian) { bytes.append(contentsOf: $0) }
    }
    return bytes
  }

  /// Line hashes read back from ``packed`` bytes (a trailing partial hash is ignored).
  public init(packed bytes: [UInt8]) {
    var all: [UInt64] = []
    all.reserveCapacity(bytes.count / 8)
    var offset = 0
    while offset + 8 <= bytes.count {
      var value: UInt64 = 0
      for shift in 0..<8 { value |= UInt64(bytes[offset + shift]) << (8 * UInt64(shift)) }
      all.append(value)
      offset += 8
    }
    self.init(distinct: all, all: all)
  }

}
