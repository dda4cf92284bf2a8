import Foundation

/// One HTTP request as the server's handlers see it: the decoded path, the query arguments,
/// the headers (names in lower case) and the body.
public struct HTTPRequest: Sendable {
  /// `GET`, `POST`, …
  public var method: String
  /// The decoded path, without the query (`/v1/pages/shop0`).
  public var path: String
  /// The decoded query arguments; a name given twice keeps its last value.
  public var query: [String: String]
  /// The headers, names in lower case.
  public var headers: [String: String]
  /// The body (empty for a GET).
  public var body: Data

  public init(
    method: String, path: String, query: [String: String] = [:],
    headers: [String: String] = [:], body: Data = Data()
  ) {
    self.method = method
    self.path = path
    self.query = query
    self.headers = headers
    self.body = body
  }

  /// A query argument that must be there and not empty.
  /// - Throws: ``APIError`` 400 naming the argument.
  public func required(_ name: String) throws(APIError) -> String {
    guard let value = query[name], !value.isEmpty else {
      throw .badRequest("missing query argument '\(name)'")
    }
    return value
  }

  /// An integer query argument in `range`, `defaultValue` when absent.
  /// - Throws: ``APIError`` 400 when it is not a whole number in `range`.
  public func integer(_ name: String, default defaultValue: Int, in range: ClosedRange<Int>)
    throws(APIError) -> Int
  {
    guard let text = query[name] else { return defaultValue }
    guard let value = Int(text), range.contains(value) else {
      throw .badRequest(
        "query argument '\(name)' must be a whole number from \(range.lowerBound) to "
          + "\(range.upperBound), got '\(text)'")
    }
    return value
  }

  /// The body decoded as JSON.
  /// - Throws: ``APIError`` 400 saying what is wrong: not JSON, a missing field, a wrong type.
  public func decodeJSON<T: Decodable>(_ type: T.Type) throws(APIError) -> T {
    guard !body.isEmpty else { throw .badRequest("the request needs a JSON body") }
    do {
      return try JSONDecoder().decode(type, from: body)
    } catch let error as DecodingError {
      throw .badRequest(Self.reason(error))
    } catch {
      throw .badRequest("the body is not valid JSON")
    }
  }

  private static func reason(_ error: DecodingError) -> String {
    func place(_ path: [any CodingKey]) -> String {
      path.isEmpty ? "the body" : "'" + path.map { $0.stringValue }.joined(separator: ".") + "'"
    }
    switch error {
    case .keyNotFound(let key, let context):
      return
        "missing field '\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))'"
    case .typeMismatch(_, let context), .valueNotFound(_, let context):
      return "\(place(context.codingPath)) has the wrong type"
    case .dataCorrupted(let context):
      return context.codingPath.isEmpty
        ? "the body is not valid JSON" : "\(place(context.codingPath)) is not valid"
    @unknown default:
      return "the body is not valid JSON"
    }
  }
}
