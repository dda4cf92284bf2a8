import Foundation
import Geometry

/// Reads a recorded episode folder in the InterDroid layout: `record.json` (goal, screen size,
/// steps with `action_type`, `action_detail` {x, y}, `operated_bounds`), `ui_trees/step_N_ui.xml`
/// and `screenshots/step_N.png`.
///
/// Step N's action is taken on screen N and leads to screen N + 1; screen 0 (when present) is
/// the first screen, and the action that led from it to screen 1 is not recorded (`unknown`).
public enum EpisodeReader {
  /// True when `folder` holds a `record.json`.
  public static func recognises(_ folder: String) -> Bool {
    FileManager.default.fileExists(atPath: folder + "/record.json")
  }

  /// The episode's screens in order.
  public static func steps(in folder: String, app: String? = nil) throws -> [TraceStep] {
    let recordPath = folder + "/record.json"
    guard let data = FileManager.default.contents(atPath: recordPath) else {
      throw IngestError(source: recordPath, reason: "cannot read record.json")
    }
    let record: Record
    do {
      record = try JSONDecoder().decode(Record.self, from: data)
    } catch {
      throw IngestError(source: recordPath, reason: "not an episode record: \(error)")
    }
    let appName = app ?? URL(fileURLWithPath: folder).lastPathComponent
    var actionOnScreen: [Int: TraceAction] = [:]
    for step in record.steps {
      actionOnScreen[step.stepID] = TraceAction(
        type: step.actionType,
        point: step.actionDetail.flatMap { detail in
          // Truncated as the recorder's int(); NaN, infinities and out-of-range values give none.
          detail.x.flatMap { x in detail.y.flatMap { Point(checkedX: x, y: $0) } }
        },
        bounds: step.operatedBounds.flatMap { Bounds(parsing: $0) },
        text: step.actionDetail?.text)
    }
    let numbers = Set(record.steps.map(\.stepID)).union(
      FileManager.default.fileExists(atPath: "\(folder)/ui_trees/step_0_ui.xml") ? [0] : [])
    var steps: [TraceStep] = []
    var previous: Int?
    for number in numbers.sorted() {
      let xml = "\(folder)/ui_trees/step_\(number)_ui.xml"
      let png = "\(folder)/screenshots/step_\(number).png"
      steps.append(
        TraceStep(
          record: "step_\(number)", app: appName, parentRecord: previous.map { "step_\($0)" },
          xmlPath: xml,
          screenshotPath: FileManager.default.fileExists(atPath: png) ? png : nil,
          action: previous.map { actionOnScreen[$0] ?? TraceAction(type: "unknown") }))
      previous = number
    }
    return steps
  }

  // The on-disk shape of record.json.
  private struct Record: Decodable {
    struct Step: Decodable {
      struct Detail: Decodable {
        var x: Double?
        var y: Double?
        var text: String?
      }
      var stepID: Int
      var actionType: String
      var actionDetail: Detail?
      var operatedBounds: String?

      enum CodingKeys: String, CodingKey {
        case stepID = "step_id"
        case actionType = "action_type"
        case actionDetail = "action_detail"
        case operatedBounds = "operated_bounds"
      }
    }
    var steps: [Step]
  }
}
