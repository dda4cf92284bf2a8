/// What the OpenAPI document says about one route: its arguments, body and answers. Each
/// ``Route`` carries its own, so the document is built from the router's table and cannot
/// name an endpoint the server lacks or miss one it has.
public struct EndpointDocumentation: Sendable {
  /// One line on what the endpoint does.
  var summary: String
  /// Its query arguments.
  var query: [QueryArgument]
  /// The JSON body it reads (a schema name), nil for none.
  var body: String?
  /// The success answer's schema by content type.
  var success: [String: JSONSchema]
  /// The error statuses it may answer besides the ones every route may (401, 403, 405, 500).
  var errors: [Int]

  /// A query argument.
  struct QueryArgument: Sendable {
    var name: String
    var description: String
    var required: Bool
    var schema: JSONSchema
  }

  /// An endpoint answering JSON of `schema` on success.
  init(
    _ summary: String, query: [QueryArgument] = [], body: String? = nil, json schema: JSONSchema,
    errors: [Int] = []
  ) {
    self.init(
      summary, query: query, body: body, answers: ["application/json": schema], errors: errors)
  }

  /// An endpoint answering one of `answers` (content type: schema) on success.
  init(
    _ summary: String, query: [QueryArgument] = [], body: String? = nil,
    answers: [String: JSONSchema], errors: [Int] = []
  ) {
    self.summary = summary
    self.query = query
    self.body = body
    self.success = answers
    self.errors = errors
  }

  /// A route without a description (tests): answers any JSON object.
  public static let undocumented = EndpointDocumentation("", json: .object([:], required: []))
}

extension EndpointDocumentation.QueryArgument {
  /// An optional query argument.
  static func optional(_ name: String, _ schema: JSONSchema, _ description: String)
    -> Self
  {
    Self(name: name, description: description, required: false, schema: schema)
  }

  /// A query argument that must be given.
  static func required(_ name: String, _ schema: JSONSchema, _ description: String)
    -> Self
  {
    Self(name: name, description: description, required: true, schema: schema)
  }
}
