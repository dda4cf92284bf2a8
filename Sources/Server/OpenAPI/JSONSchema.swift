/// The part of JSON Schema (as OpenAPI 3.0 writes it) the API's documents use.
indirect enum JSONSchema: Sendable, Encodable {
  /// An object with these properties; `required` ones are always present (an absent optional
  /// is left out, never `null`).
  case object([String: JSONSchema], required: [String])
  /// An object whose values all have one schema (a dictionary).
  case dictionary(JSONSchema)
  /// An array of `items`.
  case array(JSONSchema)
  /// A string, optionally of a format (`binary`) or one of `values`.
  case string(format: String? = nil, values: [String]? = nil)
  /// A whole number, optionally bounded.
  case integer(minimum: Int? = nil, maximum: Int? = nil)
  /// A number.
  case number
  /// `true` or `false`.
  case boolean
  /// A schema of the document's `components/schemas`.
  case reference(String)

  /// A string of plain text.
  static let text = JSONSchema.string()
  /// A row id.
  static let identifier = JSONSchema.integer()

  private enum Keys: String, CodingKey {
    case type, format, properties, required, items, additionalProperties, minimum, maximum
    case values = "enum"
    case reference = "$ref"
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: Keys.self)
    switch self {
    case .object(let properties, let required):
      try container.encode("object", forKey: .type)
      try container.encode(properties, forKey: .properties)
      if !required.isEmpty { try container.encode(required.sorted(), forKey: .required) }
    case .dictionary(let values):
      try container.encode("object", forKey: .type)
      try container.encode(values, forKey: .additionalProperties)
    case .array(let items):
      try container.encode("array", forKey: .type)
      try container.encode(items, forKey: .items)
    case .string(let format, let values):
      try container.encode("string", forKey: .type)
      try container.encodeIfPresent(format, forKey: .format)
      try container.encodeIfPresent(values, forKey: .values)
    case .integer(let minimum, let maximum):
      try container.encode("integer", forKey: .type)
      try container.encodeIfPresent(minimum, forKey: .minimum)
      try container.encodeIfPresent(maximum, forKey: .maximum)
    case .number:
      try container.encode("number", forKey: .type)
    case .boolean:
      try container.encode("boolean", forKey: .type)
    case .reference(let name):
      try container.encode("#/components/schemas/" + name, forKey: .reference)
    }
  }
}
