import FileIO
import Foundation
import Geometry

/// Reads a recorded episode folder in the InterDroid layout: `record.json` (goal, screen size,
/// steps with `action_type`, `action_detail` {x, y}, `operated_bounds`), `ui_trees/step_N_ui.xml`
/// and `screenshots/step_N.png`.
///
/// Step N's action is taken on screen N and leads to screen N + 1; screen 0 (when present) is
/// the first screen, and the action that led from it to screen 1 is not recorded (`unknown`).
/// The last step's action leads to no recorded screen: it is the last screen's
/// ``TraceStep/finalAction``. Every step carries the record's `target` as its goal and its
/// `screen_size` (1080 × 2400 when absent).
public enum EpisodeReader {
  /// The file an episode folder is recognised by.
  static let recordFile = "record.json"

  /// True when `folder` holds a `record.json`.
  public static func recognises(_ folder: String) -> Bool {
    FileLookup.exists(folder + "/" + recordFile)
  }

  /// The episode's screens in order. `record.json` is one JSON document, read whole: one over
  /// 64 MB is refused with its size; the steps listed are bounded by it.
  public static func steps(in folder: String, app: String? = nil) throws -> [TraceStep] {
    let recordPath = folder + "/record.json"
    guard let data = try WholeFile.contents(recordPath) else {
      throw IngestError(source: recordPath, reason: "cannot read record.json")
    }
    let record: Record
    do {
      record = try JSONDecoder().decode(Record.self, from: data)
    } catch {
      throw IngestError(
        source: recordPath, reason: "not an episode record: \(PlainErrorText.describe(error))")
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
        text: step.actionDetail?.text, direction: step.actionDetail?.direction)
      if let detail = step.actionDetail, let start = detail.start, let end = detail.end {
        actionOnScreen[step.stepID]?.point = start
        actionOnScreen[step.stepID]?.end = end
      }
    }
    let screenSize = (
      width: record.screenSize?.width ?? 1080, height: record.screenSize?.height ?? 2400
    )
    let numbers = Set(record.steps.map(\.stepID)).union(
      FileManager.default.fileExists(atPath: "\(folder)/ui_trees/step_0_ui.xml") ? [0] : [])
    var steps: [TraceStep] = []
    var previous: Int?
    for number in numbers.sorted() {
      let xml = "\(folder)/ui_trees/step_\(number)_ui.xml"
      let png = "\(folder)/screenshots/step_\(number).png"
      var step = TraceStep(
        record: "step_\(number)", app: appName, parentRecord: previous.map { "step_\($0)" },
        xmlPath: xml,
        screenshotPath: FileManager.default.fileExists(atPath: png) ? png : nil,
        action: previous.map { actionOnScreen[$0] ?? TraceAction(type: "unknown") })
      step.goal = record.target
      step.screenSize = screenSize
      steps.append(step)
      previous = number
    }
    if let last = previous { steps[steps.count - 1].finalAction = actionOnScreen[last] }
    return steps
  }

  // The on-disk shape of record.json.
  private struct Record: Decodable {
    struct Step: Decodable {
      struct Detail: Decodable {
        var x: Double?
        var y: Double?
        var text: String?
        var direction: String?
        var startX: Double?
        var startY: Double?
        var endX: Double?
        var endY: Double?

        /// A swipe's start and end, when all four are whole pixel numbers.
        var start: Point? { Self.point(startX, startY) }
        var end: Point? { Self.point(endX, endY) }

        static func point(_ x: Double?, _ y: Double?) -> Point? {
          guard let x, let y, let px = Int(exactly: x), let py = Int(exactly: y) else { return nil }
          return Point(x: px, y: py)
        }

        enum CodingKeys: String, CodingKey {
          case x, y, text, direction
          case startX = "start_x"
          case startY = "start_y"
          case endX = "end_x"
          case endY = "end_y"
        }
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
    struct Size: Decodable {
      var width: Int
      var height: Int
    }
    var steps: [Step]
    /// The goal and the screen size, ignored when malformed (ingest needs neither).
    var target: String?
    var screenSize: Size?

    enum CodingKeys: String, CodingKey {
      case steps, target
      case screenSize = "screen_size"
    }

    init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      steps = try container.decode([Step].self, forKey: .steps)
      target = try? container.decodeIfPresent(String.self, forKey: .target)
      screenSize = (try? container.decodeIfPresent(Size.self, forKey: .screenSize))
        .flatMap { $0 }.flatMap { $0.width > 0 && $0.height > 0 ? $0 : nil }
    }
  }
}
