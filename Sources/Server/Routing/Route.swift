/// One endpoint: a method, a path pattern (`/v1/pages/{page}`), the scope a token needs (nil:
/// open to anyone) and the handler.
public struct Route: Sendable {
  /// Answers a request whose path matched; `parameters` holds the `{name}` segments.
  public typealias Handler =
    @Sendable (_ request: HTTPRequest, _ parameters: [String: String]) throws -> HTTPResponse

  /// `GET`, `POST`, …
  public var method: String
  /// The pattern's segments: literals and `{name}` parameters.
  public var pattern: String
  /// The scope a bearer token needs, nil for an open route (`/v1/health`).
  public var scope: AccessScope?
  /// What `/openapi.json` says about it.
  public var documentation: EndpointDocumentation
  /// The handler.
  public var handler: Handler

  public init(
    _ method: String, _ pattern: String, scope: AccessScope?,
    documentation: EndpointDocumentation = .undocumented, handler: @escaping Handler
  ) {
    self.method = method
    self.pattern = pattern
    self.scope = scope
    self.documentation = documentation
    self.handler = handler
  }

  /// The `{name}` values when `path` matches the pattern, nil otherwise. A parameter matches
  /// one non-empty segment.
  func match(_ path: String) -> [String: String]? {
    let expected = pattern.split(separator: "/", omittingEmptySubsequences: false)
    let given = path.split(separator: "/", omittingEmptySubsequences: false)
    guard expected.count == given.count else { return nil }
    var parameters: [String: String] = [:]
    for (want, have) in zip(expected, given) {
      if want.hasPrefix("{"), want.hasSuffix("}") {
        guard !have.isEmpty else { return nil }
        parameters[String(want.dropFirst().dropLast())] = String(have)
      } else if want != have {
        return nil
      }
    }
    return parameters
  }
}
