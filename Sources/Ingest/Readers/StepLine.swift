import Foundation

/// The fields of one `steps.jsonl` line that ``TraceFolderReader`` reads.
///
/// A line of the plain shape every recorder writes — one object whose values are strings
/// (with the short escapes), `null`, integers and an `action` object of the same — is read
/// directly from its bytes. Any other line (a number as `id` or `from`, a fraction, a boolean,
/// an array, a `\u` escape, a repeated key, anything not well-formed) goes through
/// `JSONSerialization`, so its fields, and the verdict on a line that is not JSON, are
/// Foundation's.
struct StepLine: Equatable {
  /// `id` as text (`"\(value)"`), nil when absent.
  var id: String?
  /// `app`, nil when absent or not a string.
  var app: String?
  /// Whether the line has a `from` key, and its value as text (nil for `null`).
  var hasFrom = false
  var from: String?
  /// `name`, `xml`, `screenshot` and `goal`: nil when absent or not a string.
  var name: String?
  var xml: String?
  var screenshot: String?
  var goal: String?
  /// `action`, nil when absent or not an object.
  var action: Action?

  /// The fields of a line's `action` object.
  struct Action: Equatable {
    var type: String?
    var x: Double?
    var y: Double?
    var bounds: String?
    var text: String?
    var direction: String?
    var mobile3M: String?
  }

  /// The fields of `line`, or nil when it is not a JSON object.
  init?(_ line: String) {
    var line = line
    if let read = line.withUTF8({ Self.direct($0) }) {
      self = read
      return
    }
    guard
      let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
    else { return nil }
    self.init(object: object)
  }

  private init() {}

  /// The fields of an object JSONSerialization read.
  init(object: [String: Any]) {
    id = object["id"].map { "\($0)" }
    app = object["app"] as? String
    hasFrom = object.keys.contains("from")
    from = object["from"] is NSNull ? nil : object["from"].map { "\($0)" }
    name = object["name"] as? String
    xml = object["xml"] as? String
    screenshot = object["screenshot"] as? String
    goal = object["goal"] as? String
    action = (object["action"] as? [String: Any]).map { action in
      let number = { (key: String) in (action[key] as? NSNumber).map { $0.doubleValue } }
      return Action(
        type: action["type"] as? String, x: number("x"), y: number("y"),
        bounds: action["bounds"] as? String, text: action["text"] as? String,
        direction: action["direction"] as? String, mobile3M: action["mobile3m"] as? String)
    }
  }

  // MARK: - The direct reader

  /// A value of the plain shape.
  private enum Value {
    case string(String)
    case null
    case integer(Int64)
    case action(Action)

    var string: String? {
      if case .string(let text) = self { return text }
      return nil
    }

    var number: Double? {
      if case .integer(let value) = self { return Double(value) }
      return nil
    }
  }

  /// The fields of a line of the plain shape, or nil to leave it to JSONSerialization.
  private static func direct(_ bytes: UnsafeBufferPointer<UInt8>) -> StepLine? {
    var reader = Reader(bytes: bytes)
    var fields = StepLine()
    var seen: [String] = []
    let complete = reader.object(nested: false) { key, value in
      guard !seen.contains(key) else { return false }
      seen.append(key)
      switch key {
      case "id", "from":
        // A number's text is Foundation's to give.
        if case .integer = value { return false }
        if key == "id" {
          guard case .string(let text) = value else { return false }
          fields.id = text
        } else {
          fields.hasFrom = true
          fields.from = value.string
        }
      case "app": fields.app = value.string
      case "name": fields.name = value.string
      case "xml": fields.xml = value.string
      case "screenshot": fields.screenshot = value.string
      case "goal": fields.goal = value.string
      case "action":
        if case .action(let action) = value { fields.action = action }
      default: break
      }
      return true
    }
    guard complete else { return nil }
    reader.skipSpace()
    return reader.isAtEnd ? fields : nil
  }

  /// Reads the plain shape from bytes; every method returns nil (or false) for anything else.
  private struct Reader {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    var isAtEnd: Bool { index == bytes.count }

    mutating func skipSpace() {
      while index < bytes.count {
        switch bytes[index] {
        case 0x20, 0x09, 0x0A, 0x0D: index += 1
        default: return
        }
      }
    }

    /// Reads `{ "key": value, … }`, handing each pair to `take` (false stops the read). The
    /// top-level object's `action` value may be an object of strings, integers and nulls.
    mutating func object(nested: Bool, _ take: (String, Value) -> Bool) -> Bool {
      skipSpace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: "{") else { return false }
      index += 1
      skipSpace()
      if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
        index += 1
        return true
      }
      while true {
        skipSpace()
        guard let key = string() else { return false }
        skipSpace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return false }
        index += 1
        skipSpace()
        guard index < bytes.count else { return false }
        let value: Value
        switch bytes[index] {
        case UInt8(ascii: "\""):
          guard let text = string() else { return false }
          value = .string(text)
        case UInt8(ascii: "n"):
          guard literal("null") else { return false }
          value = .null
        case UInt8(ascii: "{") where !nested && key == "action":
          guard let action = action() else { return false }
          value = .action(action)
        default:
          guard let number = integer() else { return false }
          value = .integer(number)
        }
        guard take(key, value) else { return false }
        skipSpace()
        guard index < bytes.count else { return false }
        if bytes[index] == UInt8(ascii: ",") {
          index += 1
          continue
        }
        guard bytes[index] == UInt8(ascii: "}") else { return false }
        index += 1
        return true
      }
    }

    private mutating func action() -> Action? {
      var action = Action()
      var seen: [String] = []
      let complete = object(nested: true) { key, value in
        guard !seen.contains(key) else { return false }
        seen.append(key)
        switch key {
        case "type": action.type = value.string
        case "x": action.x = value.number
        case "y": action.y = value.number
        case "bounds": action.bounds = value.string
        case "text": action.text = value.string
        case "direction": action.direction = value.string
        case "mobile3m": action.mobile3M = value.string
        default: break
        }
        return true
      }
      return complete ? action : nil
    }

    private mutating func literal(_ word: StaticString) -> Bool {
      let count = word.utf8CodeUnitCount
      guard index + count <= bytes.count,
        UnsafeBufferPointer(start: word.utf8Start, count: count).elementsEqual(
          bytes[index..<index + count])
      else { return false }
      index += count
      return true
    }

    /// An integer without fraction or exponent, small enough to be exact as a Double; not
    /// `-0`.
    private mutating func integer() -> Int64? {
      var next = index
      let negative = next < bytes.count && bytes[next] == UInt8(ascii: "-")
      if negative { next += 1 }
      let digitsStart = next
      while next < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[next]) {
        next += 1
      }
      let count = next - digitsStart
      guard count > 0, count <= 15 else { return nil }
      // No leading zero but for 0 itself, and nothing a number could go on with.
      if bytes[digitsStart] == UInt8(ascii: "0") && (count > 1 || negative) { return nil }
      if next < bytes.count {
        switch bytes[next] {
        case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): return nil
        default: break
        }
      }
      var value: Int64 = 0
      for digit in bytes[digitsStart..<next] { value = value * 10 + Int64(digit - 0x30) }
      index = next
      return negative ? -value : value
    }

    /// A string with the short escapes; nil for `\u`, a control character or an unclosed one.
    private mutating func string() -> String? {
      guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
      index += 1
      let start = index
      var escaped = false
      while index < bytes.count {
        let byte = bytes[index]
        if byte == UInt8(ascii: "\"") { break }
        if byte < 0x20 { return nil }
        if byte == UInt8(ascii: "\\") {
          escaped = true
          index += 1
        }
        index += 1
      }
      guard index < bytes.count else { return nil }
      let raw = UnsafeBufferPointer(rebasing: bytes[start..<index])
      index += 1
      guard escaped else { return String(decoding: raw, as: UTF8.self) }
      // Decoded into the string's own storage (never longer than the escaped text), as
      // `String(decoding:as:)` decodes: no array between (most paths escape their slashes).
      var isValid = true
      let text = String(unsafeUninitializedCapacity: raw.count) { decoded in
        var count = 0
        var position = 0
        while position < raw.count {
          var byte = raw[position]
          position += 1
          if byte == UInt8(ascii: "\\") {
            guard position < raw.count, let unescaped = Self.unescaped(raw[position]) else {
              isValid = false
              return 0
            }
            byte = unescaped
            position += 1
          }
          decoded[count] = byte
          count += 1
        }
        return count
      }
      return isValid ? text : nil
    }

    /// The byte a short escape (`\n`, `\/`, …) stands for; nil for any other.
    private static func unescaped(_ escape: UInt8) -> UInt8? {
      switch escape {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): escape
      case UInt8(ascii: "b"): 0x08
      case UInt8(ascii: "f"): 0x0C
      case UInt8(ascii: "n"): 0x0A
      case UInt8(ascii: "r"): 0x0D
      case UInt8(ascii: "t"): 0x09
      default: nil
      }
    }
  }
}
