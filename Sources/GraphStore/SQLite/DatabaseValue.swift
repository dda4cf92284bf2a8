/// A value SQLite stores: NULL, integer, real, text or blob.
public enum DatabaseValue: Sendable, Hashable, ExpressibleByIntegerLiteral,
  ExpressibleByStringLiteral, ExpressibleByFloatLiteral, ExpressibleByNilLiteral
{
  /// NULL.
  case null
  /// A 64-bit integer.
  case integer(Int64)
  /// A double.
  case real(Double)
  /// UTF-8 text.
  case text(String)
  /// Bytes.
  case blob([UInt8])

  public init(integerLiteral value: Int64) { self = .integer(value) }
  public init(stringLiteral value: String) { self = .text(value) }
  public init(floatLiteral value: Double) { self = .real(value) }
  public init(nilLiteral: ()) { self = .null }

  /// An integer value.
  public init(_ value: Int) { self = .integer(Int64(value)) }
  /// A boolean stored as 0 or 1.
  public init(_ value: Bool) { self = .integer(value ? 1 : 0) }
  /// Text, or NULL for nil.
  public init(_ value: String?) { self = value.map { .text($0) } ?? .null }
  /// An integer, or NULL for nil.
  public init(_ value: Int64?) { self = value.map { .integer($0) } ?? .null }
  /// A double, or NULL for nil.
  public init(_ value: Double?) { self = value.map { .real($0) } ?? .null }

  /// The integer, or nil for other kinds.
  public var int64: Int64? { if case .integer(let value) = self { value } else { nil } }
  /// The text, or nil for other kinds.
  public var string: String? { if case .text(let value) = self { value } else { nil } }
  /// The number as a double (integers converted), or nil.
  public var double: Double? {
    switch self {
    case .real(let value): value
    case .integer(let value): Double(value)
    default: nil
    }
  }
  /// True for NULL.
  public var isNull: Bool { self == .null }
}
