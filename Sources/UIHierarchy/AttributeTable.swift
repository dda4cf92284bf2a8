/// The attributes of the nodes of one tree, stored once for the whole tree: each distinct name
/// once, every decoded value's UTF-8 in one byte array, and one entry per attribute naming its
/// name and its value's bytes. A node holds a range of entries. Beside them, the strings of the
/// typed fields (``UINode/text``, ``UINode/className``…), which a node names by index, and
/// every node's children, back to back, which a node names by range.
///
/// A parse fills it without a string or an array per attribute or per node, and a tree is freed
/// as five arrays; ``UINode/attributes`` makes the attribute values on demand. Immutable once
/// built, so the nodes of a tree (and their copies) share it.
final class AttributeTable: Sendable {
  /// One attribute: the index of its name in ``names`` and where its value lies in ``values``.
  struct Entry: Sendable {
    var name: Int
    var valueStart: Int
    var valueCount: Int
  }

  /// Every distinct attribute name of the tree.
  let names: [String]
  /// Every attribute of every node, each node's in document order.
  let entries: [Entry]
  /// The decoded values' UTF-8, back to back (equal values may share their bytes).
  let values: [UInt8]
  /// The strings of the nodes' typed fields; the first is empty.
  let strings: [String]
  /// The indices of every node's children, each node's in document order.
  let children: [Int]

  /// The table of no attributes: what nodes hold while their tree is being built.
  static let empty = AttributeTable(names: [], entries: [], values: [])

  init(
    names: [String], entries: [Entry], values: [UInt8], strings: [String] = [""],
    children: [Int] = []
  ) {
    self.names = names
    self.entries = entries
    self.values = values
    self.strings = strings
    self.children = children
  }

  /// A table of `attributes`, in order (one node's, from the public ``UINode`` initializer),
  /// with the typed fields' `strings`.
  convenience init(_ attributes: [UINode.Attribute], strings: [String]) {
    var names: [String] = []
    var entries: [Entry] = []
    var values: [UInt8] = []
    entries.reserveCapacity(attributes.count)
    for attribute in attributes {
      let name: Int
      if let known = names.firstIndex(of: attribute.name) {
        name = known
      } else {
        name = names.count
        names.append(attribute.name)
      }
      let start = values.count
      values.append(contentsOf: attribute.value.utf8)
      entries.append(Entry(name: name, valueStart: start, valueCount: values.count - start))
    }
    self.init(names: names, entries: entries, values: values, strings: strings)
  }

  /// Calls `body` with the UTF-8 bytes of an entry's value.
  func withValue<Result>(
    of entry: Entry, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result
  ) rethrows -> Result {
    try values.withUnsafeBufferPointer {
      try body(
        UnsafeBufferPointer(rebasing: $0[entry.valueStart..<entry.valueStart + entry.valueCount]))
    }
  }

  /// An entry's value as a string.
  func value(of entry: Entry) -> String {
    withValue(of: entry) { String(decoding: $0, as: UTF8.self) }
  }

  /// The first entry in `range` whose name is `name`.
  func firstEntry(named name: String, in range: Range<Int>) -> Entry? {
    for position in range where names[entries[position].name] == name {
      return entries[position]
    }
    return nil
  }

  /// The attributes of the entries in `range`, as strings.
  func attributes(in range: Range<Int>) -> [UINode.Attribute] {
    entries[range].map { UINode.Attribute(name: names[$0.name], value: value(of: $0)) }
  }

  /// True when the entries in `range` and those in `otherRange` of `other` hold the same names
  /// and values, in the same order.
  func sameAttributes(in range: Range<Int>, as other: AttributeTable, in otherRange: Range<Int>)
    -> Bool
  {
    guard range.count == otherRange.count else { return false }
    if other === self, range == otherRange { return true }
    for (position, otherPosition) in zip(range, otherRange) {
      let entry = entries[position]
      let otherEntry = other.entries[otherPosition]
      guard names[entry.name] == other.names[otherEntry.name],
        entry.valueCount == otherEntry.valueCount
      else { return false }
      let equal = withValue(of: entry) { bytes in
        other.withValue(of: otherEntry) { otherBytes in bytes.elementsEqual(otherBytes) }
      }
      guard equal else { return false }
    }
    return true
  }

  /// Feeds the names and values of the entries in `range` to `hasher`, as
  /// ``sameAttributes(in:as:in:)`` compares them.
  func hash(in range: Range<Int>, into hasher: inout Hasher) {
    hasher.combine(range.count)
    for position in range {
      let entry = entries[position]
      hasher.combine(names[entry.name])
      hasher.combine(entry.valueCount)
      withValue(of: entry) { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
  }
}
