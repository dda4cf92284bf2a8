/// Rows in the text format of PostgreSQL's `COPY … FROM STDIN`: one line a row, values
/// separated by tabs, `\N` for NULL, and a backslash before the characters the format gives a
/// meaning (`\\`, `\t`, `\n`, `\r`). Each value is written as a text parameter sends it, so the
/// server reads it into its column as it reads that parameter; bytes go as `bytea`'s hex form.
enum PostgresCopyText {
  /// Appends one row (a line) to `buffer`.
  static func append(_ row: [DatabaseValue], to buffer: inout [UInt8]) {
    for (index, value) in row.enumerated() {
      if index > 0 { buffer.append(UInt8(ascii: "\t")) }
      append(value, to: &buffer)
    }
    buffer.append(UInt8(ascii: "\n"))
  }

  /// Appends one value.
  static func append(_ value: DatabaseValue, to buffer: inout [UInt8]) {
    switch value {
    case .null:
      buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "N")])
    case .integer(let number):
      buffer.append(contentsOf: String(number).utf8)
    case .real(let number):
      appendEscaped(PostgresConnection.text(of: number), to: &buffer)
    case .text(let text):
      appendEscaped(text, to: &buffer)
    case .blob(let bytes):
      // `\x` and two hex digits a byte, its backslash escaped.
      buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\"), UInt8(ascii: "x")])
      for byte in bytes {
        buffer.append(hexDigits[Int(byte >> 4)])
        buffer.append(hexDigits[Int(byte & 0x0F)])
      }
    }
  }

  private static let hexDigits = Array("0123456789abcdef".utf8)

  /// Appends text, its backslashes, tabs, newlines and carriage returns escaped.
  private static func appendEscaped(_ text: String, to buffer: inout [UInt8]) {
    var text = text
    text.withUTF8 { bytes in
      for byte in bytes {
        switch byte {
        case UInt8(ascii: "\\"):
          buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
        case UInt8(ascii: "\t"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
        case UInt8(ascii: "\n"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
        case UInt8(ascii: "\r"): buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
        default: buffer.append(byte)
        }
      }
    }
  }
}
