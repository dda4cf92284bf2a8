import FileIO
import Foundation
import GraphStore
import Ingest

/// Live ingest over HTTP (write scope): `POST /v1/sessions` starts a session, `POST
/// /v1/sessions/{session}/steps` pushes one screen; the answer, given once the step is
/// committed, says which page it folded into and whether that page is new.
enum SessionRoutes {
  /// The body of `POST /v1/sessions` (optional).
  struct SessionBody: Decodable {
    /// The app of the session's screens, when a step does not name one.
    var app: String?
    /// The source path recorded for the session.
    var name: String?
  }

  /// The answer to `POST /v1/sessions`.
  struct Session: Codable {
    var id: String
    var app: String?
  }

  /// The body of `POST /v1/sessions/{session}/steps`: a `steps.jsonl` line with the dump's and
  /// the screenshot's contents in place of their paths.
  struct StepBody: Decodable {
    var id: String
    var xml: String
    var screenshot: String?
    var from: String?
    var action: ActionBody?
    var app: String?
    var name: String?
  }

  /// An action as `steps.jsonl` writes it.
  struct ActionBody: Decodable {
    var type: String?
    var x: Double?
    var y: Double?
    var bounds: String?
    var text: String?
    var direction: String?
    var mobile3m: String?
  }

  /// The longest step id or session field accepted.
  static let maximumFieldLength = 1000

  static func all(writer: SessionWriter) -> [Route] {
    [
      Route("POST", "/v1/sessions", scope: .write, documentation: .createSession) { request, _ in
        let body =
          request.body.isEmpty
          ? SessionBody() : try request.decodeJSON(SessionBody.self)
        try check("app", body.app)
        try check("name", body.name)
        let created = try writing {
          try writer.write { live in try live.createSession(app: body.app, name: body.name) }
        }
        return try .json(Session(id: created.id, app: created.app))
      },
      Route("POST", "/v1/sessions/{session}/steps", scope: .write, documentation: .pushStep) {
        request, parameters in
        let step = try pushedStep(request)
        let session = parameters["session"] ?? ""
        return try .json(
          writing { try writer.write { live in try live.add(step, to: session) } })
      },
    ]
  }

  /// The request's step, checked: the dump parses, the screenshot is base64 PNG, the action's
  /// point and bounds are readable.
  static func pushedStep(_ request: HTTPRequest) throws -> PushedStep {
    let body = try request.decodeJSON(StepBody.self)
    guard !body.id.isEmpty else { throw APIError.badRequest("'id' is empty") }
    try check("id", body.id)
    try check("from", body.from)
    try check("app", body.app)
    try check("name", body.name)
    let screen = try ScreenInput(xml: body.xml, screenshot: body.screenshot)
    return PushedStep(
      id: body.id, xml: body.xml, screenshot: screen.png, from: body.from,
      action: try body.action.map(action), app: body.app, name: body.name)
  }

  static func action(_ body: ActionBody) throws -> TraceAction {
    guard (body.x == nil) == (body.y == nil) else {
      throw APIError.badRequest("'action' needs both 'x' and 'y', or neither")
    }
    let action = TraceFolderReader.action(
      type: body.type, x: body.x, y: body.y, bounds: body.bounds, text: body.text,
      direction: body.direction, mobile3M: body.mobile3m)
    if body.x != nil, action.point == nil {
      throw APIError.badRequest("'action.x' and 'action.y' are not a screen point")
    }
    if let bounds = body.bounds, action.bounds == nil {
      throw APIError.badRequest(
        "'action.bounds' is not bounds like [0,380][720,460], got '\(bounds.prefix(60))'")
    }
    return action
  }

  private static func check(_ field: String, _ value: String?) throws(APIError) {
    guard let value else { return }
    guard value.utf8.count <= maximumFieldLength else {
      throw .badRequest("'\(field)' is longer than \(maximumFieldLength) bytes")
    }
  }

  /// `body`'s result, its failures as the API's: an unknown session 404, a step that cannot be
  /// recorded 400, a file or database that cannot be written 500 with the reason.
  private static func writing<T>(_ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch let error as LiveIngestError {
      switch error {
      case .unknownSession: throw APIError.notFound(error.description)
      case .unknownParent, .rejected: throw APIError.badRequest(error.description)
      }
    } catch let error as OutputError {
      throw APIError.internalError("the screen could not be stored: \(error.reason)")
    } catch let error as DatabaseError {
      throw APIError.internalError("the graph could not be written: \(error.message)")
    }
  }
}
