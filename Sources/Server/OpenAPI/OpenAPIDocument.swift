import Foundation

/// The OpenAPI 3.0 document of a router's routes (`GET /openapi.json`): built from the routes'
/// own ``EndpointDocumentation``, so it names exactly the endpoints the server answers.
struct OpenAPIDocument: Encodable {
  var openapi = "3.0.3"
  var info: Info
  var paths: [String: [String: Operation]]
  var components: Components

  struct Info: Encodable {
    var title = "m3m"
    var description: String
    var version: String
  }

  struct Operation: Encodable {
    var summary: String
    var operationId: String
    var parameters: [Parameter]?
    var requestBody: RequestBody?
    var responses: [String: Response]
    /// Empty: open to anyone; else the token scope needed.
    var security: [[String: [String]]]
  }

  struct Parameter: Encodable {
    var name: String
    var `in`: String
    var required: Bool
    var description: String
    var schema: JSONSchema
  }

  struct RequestBody: Encodable {
    var required = true
    var content: [String: MediaType]
  }

  struct Response: Encodable {
    var description: String
    var content: [String: MediaType]
  }

  struct MediaType: Encodable {
    var schema: JSONSchema
  }

  struct Components: Encodable {
    var schemas: [String: JSONSchema]
    var securitySchemes: [String: SecurityScheme]
  }

  struct SecurityScheme: Encodable {
    var type = "http"
    var scheme = "bearer"
    var description: String
  }

  /// What each error status means, as the document says it.
  static let errorMeanings = [
    400: "A query argument, the body or one of its fields is missing or wrong",
    401: "No token, or a token the server does not know (only with --token-file)",
    403: "The token lacks the scope this endpoint needs (only with --token-file)",
    404: "No such page, app or path",
    413: "The body is over the server's --max-body-mb",
  ]

  /// The document of `routes`, reporting `version`.
  init(routes: [Route], version: String) {
    info = Info(
      description:
        "m3m's HTTP API over a page-transition graph (`m3m serve`). Every failure answers "
        + "`{\"error\": {\"status\", \"code\", \"message\"}}`. With --token-file every endpoint "
        + "but /v1/health needs `Authorization: Bearer TOKEN` of the scope it names.",
      version: version)
    components = Components(
      schemas: APISchemas.all.merging(APISchemas.sessions) { first, _ in first },
      securitySchemes: [
        "read": SecurityScheme(description: "A token of scope `read` in --token-file"),
        "write": SecurityScheme(description: "A token of scope `write` in --token-file"),
      ])
    var paths: [String: [String: Operation]] = [:]
    for route in routes {
      paths[route.pattern, default: [:]][route.method.lowercased()] = Self.operation(route)
    }
    self.paths = paths
  }

  static func operation(_ route: Route) -> Operation {
    let documentation = route.documentation
    var parameters = route.pattern.split(separator: "/").filter { $0.hasPrefix("{") }.map {
      segment in
      let name = String(segment.dropFirst().dropLast())
      return Parameter(
        name: name, in: "path", required: true,
        description: name == "page"
          ? "A page: its id or a Mobile3M page name, as the CLI takes it"
          : name == "session" ? "A live session's id, as POST /v1/sessions answered it" : name,
        schema: .text)
    }
    parameters += documentation.query.map {
      Parameter(
        name: $0.name, in: "query", required: $0.required, description: $0.description,
        schema: $0.schema)
    }
    var responses = [
      "200": Response(
        description: documentation.summary,
        content: documentation.success.mapValues { MediaType(schema: $0) })
    ]
    let errors = Set(documentation.errors + (route.scope == nil ? [] : [401, 403]))
    for status in errors.sorted() {
      responses[String(status)] = Response(
        description: errorMeanings[status] ?? "An error",
        content: ["application/json": MediaType(schema: .reference("Error"))])
    }
    let operationId =
      route.method.lowercased()
      + route.pattern.split(separator: "/").map {
        "_" + $0.filter { $0.isLetter || $0.isNumber }
      }.joined()
    return Operation(
      summary: documentation.summary, operationId: operationId,
      parameters: parameters.isEmpty ? nil : parameters,
      requestBody: documentation.body.map {
        RequestBody(content: ["application/json": MediaType(schema: .reference($0))])
      },
      responses: responses,
      security: route.scope.map { [[$0.rawValue: []]] } ?? [])
  }

  /// `GET /openapi.json`: the document of `routes` and of itself.
  static func route(documenting routes: [Route], version: String) -> Route {
    let documentation = EndpointDocumentation(
      "This document: the OpenAPI 3.0 description of every endpoint",
      json: .object([:], required: []))
    // Itself as the document lists it; its handler is the one returned below.
    let own = Route("GET", "/openapi.json", scope: .read, documentation: documentation) { _, _ in
      throw APIError.notFound("no endpoint /openapi.json")
    }
    let document = OpenAPIDocument(routes: routes + [own], version: version)
    let body = Result { try HTTPResponse.json(document) }
    return Route("GET", "/openapi.json", scope: .read, documentation: documentation) { _, _ in
      try body.get()
    }
  }
}
