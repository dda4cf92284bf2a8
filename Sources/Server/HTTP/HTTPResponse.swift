import Foundation

/// What a handler answers: a status, a content type, extra headers and the body.
public struct HTTPResponse: Sendable {
  /// The HTTP status code.
  public var status: Int
  /// The `Content-Type`.
  public var contentType: String
  /// More headers (`Allow`, `WWW-Authenticate`).
  public var headers: [String: String]
  /// The body.
  public var body: Data
  /// Writes the body instead, on a thread of its own, while it is sent (chunked).
  public var producer: Producer?

  /// Writes a streamed body; an error ends the body where it is (the status is already sent).
  public typealias Producer = @Sendable (inout ResponseStream) throws -> Void

  /// A body written by `producer` while it is sent, for answers too large to hold.
  public static func streamed(contentType: String, producer: @escaping Producer) -> HTTPResponse {
    var response = HTTPResponse(contentType: contentType, body: Data())
    response.producer = producer
    return response
  }

  public init(
    status: Int = 200, contentType: String, headers: [String: String] = [:], body: Data
  ) {
    self.status = status
    self.contentType = contentType
    self.headers = headers
    self.body = body
  }

  /// `value` as compact JSON with sorted keys (the same document for the same value).
  public static func json<T: Encodable>(_ value: T, status: Int = 200) throws -> HTTPResponse {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    var body = try encoder.encode(value)
    body.append(UInt8(ascii: "\n"))
    return HTTPResponse(status: status, contentType: "application/json", body: body)
  }

  /// The error document `{"error": {"status", "code", "message"}}` every failure answers with.
  public static func error(_ error: APIError) -> HTTPResponse {
    var response =
      (try? json(ErrorDocument(error: error), status: error.status))
      ?? HTTPResponse(
        status: error.status, contentType: "application/json",
        body: Data(#"{"error":{"code":"internal","message":"","status":500}}"#.utf8))
    response.headers = error.headers
    return response
  }

  private struct ErrorDocument: Encodable {
    var error: APIError
  }
}
