import Foundation
import Ingest

/// A bundled Mobile3M sample app's screens as a recorder pushes them to a live session
/// (`POST /v1/sessions/{session}/steps`): `steps.jsonl` fields with the dump's text and the
/// screenshot's base64 in place of their paths, parents first.
public enum SessionSteps {
  /// The JSON bodies of `Mobile3M/<folder>`'s screens, in the order they are pushed.
  public static func bodies(_ folder: String) throws -> [Data] {
    let path = Fixtures.repositoryRoot.appendingPathComponent("Mobile3M/\(folder)").path
    return try Mobile3MReader.steps(in: path).map { step in
      var body: [String: Any] = ["id": step.record, "app": step.app]
      if let name = step.name { body["name"] = name }
      if let xml = step.xmlPath { body["xml"] = try String(contentsOfFile: xml, encoding: .utf8) }
      if let png = step.screenshotPath {
        body["screenshot"] = try Data(contentsOf: URL(fileURLWithPath: png))
          .base64EncodedString()
      }
      if let from = step.parentRecord { body["from"] = from }
      if let action = step.action {
        var fields: [String: Any] = ["type": action.type]
        if let point = action.point {
          fields["x"] = point.x
          fields["y"] = point.y
        }
        if let bounds = action.bounds { fields["bounds"] = bounds.description }
        if let text = action.text { fields["text"] = text }
        if let direction = action.direction { fields["direction"] = direction }
        if let mobile3M = action.mobile3M { fields["mobile3m"] = mobile3M }
        body["action"] = fields
      }
      return try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
    }
  }
}
