/// A failure answered to a client, always as
/// `{"error": {"status": 404, "code": "not_found", "message": "…"}}`.
public struct APIError: Error, Sendable, Encodable, Equatable, CustomStringConvertible {
  /// The HTTP status.
  public var status: Int
  /// A stable word for programs (`not_found`, `bad_request`, `unauthorized`, …).
  public var code: String
  /// What went wrong, in plain words.
  public var message: String
  /// Headers the answer carries (`Allow` for 405, `WWW-Authenticate` for 401).
  public var headers: [String: String] = [:]

  public init(status: Int, code: String, message: String, headers: [String: String] = [:]) {
    self.status = status
    self.code = code
    self.message = message
    self.headers = headers
  }

  public var description: String { "\(status) \(code): \(message)" }

  private enum CodingKeys: String, CodingKey { case status, code, message }

  /// 400: a query argument, a body or a field is missing or wrong.
  public static func badRequest(_ message: String) -> APIError {
    APIError(status: 400, code: "bad_request", message: message)
  }

  /// 401: no token, or one the server does not know.
  public static func unauthorized(_ message: String) -> APIError {
    APIError(
      status: 401, code: "unauthorized", message: message,
      headers: ["WWW-Authenticate": "Bearer"])
  }

  /// 403: a known token without the scope the request needs.
  public static func forbidden(_ message: String) -> APIError {
    APIError(status: 403, code: "forbidden", message: message)
  }

  /// 404: no such path, page or file.
  public static func notFound(_ message: String) -> APIError {
    APIError(status: 404, code: "not_found", message: message)
  }

  /// 405: the path exists with other methods.
  public static func methodNotAllowed(_ method: String, allowed: [String]) -> APIError {
    APIError(
      status: 405, code: "method_not_allowed",
      message: "\(method) is not allowed here; use \(allowed.joined(separator: " or "))",
      headers: ["Allow": allowed.joined(separator: ", ")])
  }

  /// 413: the body is over the server's limit.
  public static func payloadTooLarge(limit: Int) -> APIError {
    APIError(
      status: 413, code: "payload_too_large",
      message: "the body is over the server's limit of \(limit) bytes")
  }

  /// 500: the server failed (the graph could not be read).
  public static func internalError(_ message: String) -> APIError {
    APIError(status: 500, code: "internal", message: message)
  }
}
