internal import CPostgreSQL

/// The rows a PostgreSQL statement returned, read as ``DatabaseValue``s the way SQLite would
/// give them: integers and booleans as integers, floating-point as reals, `numeric` as an
/// integer when it has no fraction, `bytea` as bytes, everything else as text.
final class PostgresResult {
  private let handle: OpaquePointer

  init(_ handle: OpaquePointer) { self.handle = handle }

  deinit { PQclear(handle) }

  /// The number of rows.
  var rowCount: Int { Int(PQntuples(handle)) }

  /// The number of columns.
  var columnCount: Int32 { PQnfields(handle) }

  /// The column names, in order.
  var columnNames: [String] { (0..<columnCount).map { String(cString: PQfname(handle, $0)) } }

  /// Rows an INSERT, UPDATE or DELETE changed (0 for other statements).
  var changedRows: Int { Int(String(cString: PQcmdTuples(handle))) ?? 0 }

  /// True when the value is NULL.
  func isNull(row: Int, column: Int32) -> Bool {
    PQgetisnull(handle, Int32(truncatingIfNeeded: row), column) == 1
  }

  /// A value, typed by its column's type.
  func value(row: Int, column: Int32) -> DatabaseValue {
    let row = Int32(truncatingIfNeeded: row)
    guard PQgetisnull(handle, row, column) == 0, let bytes = PQgetvalue(handle, row, column)
    else { return .null }
    let text = String(cString: bytes)
    switch PQftype(handle, column) {
    case 16: return .integer(text == "t" ? 1 : 0)  // bool
    case 20, 21, 23, 26: return Int64(text).map { .integer($0) } ?? .text(text)  // int8/2/4, oid
    case 700, 701: return Double(text).map { .real($0) } ?? .text(text)  // float4/8
    case 1700:  // numeric: sum() and friends
      if let integer = Int64(text) { return .integer(integer) }
      return Double(text).map { .real($0) } ?? .text(text)
    case 17: return .blob(Self.bytes(fromHex: text))  // bytea, text format `\x…`
    default: return .text(text)
    }
  }

  /// `bytea` in its text form (`\x` and two hex digits a byte) as bytes.
  private static func bytes(fromHex text: String) -> [UInt8] {
    var utf8 = Array(text.utf8)
    guard utf8.count >= 2, utf8[0] == UInt8(ascii: "\\"), utf8[1] == UInt8(ascii: "x") else {
      return utf8
    }
    utf8.removeFirst(2)
    func digit(_ c: UInt8) -> UInt8 {
      switch c {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
      case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
      case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
      default: 0
      }
    }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(utf8.count / 2)
    var index = 0
    while index + 1 < utf8.count {
      bytes.append(digit(utf8[index]) << 4 | digit(utf8[index + 1]))
      index += 2
    }
    return bytes
  }
}
