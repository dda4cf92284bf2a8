import Foundation
import Geometry
import Ingest
import Screenshots
import UIHierarchy

/// Reads recorded sessions into episodes. Trace folders are read by the Ingest readers (one
/// reader per format) and their steps converted here; AitZ episode files (which ingest reads
/// with ``AitZReader``) are converted here from their JSON:
///
/// | source | recognised by | conversion |
/// |---|---|---|
/// | InterDroid | `record.json` (``EpisodeReader``) | pixel points ÷ `screen_size`; `operated_bounds` is the element; `target` the goal |
/// | LlamaTouch | `eventStructs.txt` (``LlamaTouchReader``) | clicks and swipes rescaled to the screenshot's pixels; `[Home]`, `[Back]`, `[Type]`; step i acts on screen `i.xml` |
/// | m3m trace folder | `steps.jsonl` (``TraceFolderReader``) | each line's action acts on the screen it came `from`; goal from `goal.txt` or the first `goal` field |
/// | AitZ / AITW step JSON | a `.json` array of steps with `result_action_type` | AITW integer types; `result_touch_yx`/`result_lift_yx` are (y, x) normalised, possibly JSON strings, `[-1, -1]` for none; a touch and lift ≤ 0.04 apart is a tap; swipe direction = finger movement |
///
/// Mobile3M page paths come from the graph (``GraphEpisodes``).
public enum EpisodeLoader {
  /// The trace formats the agent reads, with the source name its scores are grouped by.
  static let formats: [(format: TraceFormat, source: String)] = [
    (.episode, "interdroid"), (.llamatouch, "llamatouch"), (.trace, "trace"),
    (.appagent, "appagent"),
  ]

  /// Formats whose recorded actions a model took (AppAgent logs its own run): the episode is a
  /// model's trajectory, a reference rather than a person's ground truth.
  static let modelRecorded: Set<TraceFormat> = [.appagent]

  /// Every episode under `path` (a file or a folder searched recursively).
  public static func load(_ path: String) throws -> [Episode] {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
      throw AgentError(source: path, reason: "no such file or folder")
    }
    if !isFolder.boolValue {
      return try loadFile(path)
    }
    let folder = URL(fileURLWithPath: path)
    // The layout is recognised as ingest recognises it; other layouts are searched below.
    if let format = try? TraceFormat.detect(folder.path),
      formats.contains(where: { $0.format == format })
    {
      return [try episode(folder.path, format: format)]
    }
    let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
    var episodes: [Episode] = []
    for name in names.sorted() {
      let child = folder.appendingPathComponent(name).path
      var childIsFolder: ObjCBool = false
      _ = FileManager.default.fileExists(atPath: child, isDirectory: &childIsFolder)
      if childIsFolder.boolValue {
        episodes += try load(child)
      } else if name.hasSuffix(".json"), let found = try? loadFile(child) {
        episodes += found
      }
    }
    return episodes
  }

  static func loadFile(_ path: String) throws -> [Episode] {
    guard path.hasSuffix(".json") else {
      throw AgentError(source: path, reason: "not an episode file (expected .json or a folder)")
    }
    return [try aitz(URL(fileURLWithPath: path))]
  }

  // MARK: - Trace folders, through the Ingest readers

  /// The episode of one trace folder: each step with an action becomes the gold action on the
  /// screen it was taken on (its parent step's), and the last screen's final action on it.
  static func episode(_ folder: String, format: TraceFormat) throws -> Episode {
    let source = formats.first { $0.format == format }?.source ?? format.rawValue
    var screens: [String: TraceStep] = [:]
    var steps: [EpisodeStep] = []
    var goal: String?
    var last: TraceStep?
    for step in try format.steps(in: folder) {
      if let problem = step.problem { throw AgentError(source: folder, reason: problem) }
      goal = goal ?? step.goal
      if let action = step.action, let parent = step.parentRecord.flatMap({ screens[$0] }),
        action.type != "unknown"
      {
        var episodeStep = try episodeStep(action, on: parent, source: folder)
        episodeStep.next = step.xmlPath
        steps.append(episodeStep)
      }
      screens[step.record] = step
      last = step
    }
    if let last, let action = last.finalAction, action.type != "unknown" {
      steps.append(try episodeStep(action, on: last, source: folder))
    }
    return Episode(
      id: folder, goal: goal ?? "", source: source, steps: steps,
      demonstrator: modelRecorded.contains(format) ? .model : .person)
  }

  /// A recorded action on `screen` in the canonical vocabulary, points normalised to the
  /// screen's size (the step's, else its screenshot's, else its dump's windows, else
  /// 1080 × 2400).
  static func episodeStep(_ action: TraceAction, on screen: TraceStep, source: String) throws
    -> EpisodeStep
  {
    let (width, height) =
      screen.screenSize ?? screen.screenshotPath.flatMap(screenSize(png:))
      ?? screen.xmlPath.flatMap(screenSize(xml:)) ?? (1080, 2400)
    let normalized = { (point: Point) in
      NormalizedPoint(pixelX: point.x, pixelY: point.y, width: width, height: height)
    }
    if action.type == "done" {
      return EpisodeStep(
        xml: screen.xmlPath, screenshot: screen.screenshotPath, width: width, height: height,
        gold: CanonicalAction(.done))
    }
    guard let type = action.actionType else {
      throw AgentError(
        source: "\(source) step \(screen.record)", reason: "unknown action '\(action.type)'")
    }
    let element = action.bounds.map { NormalizedBox(pixels: $0, width: width, height: height) }
    let point = action.point.map(normalized)
    var gold: CanonicalAction
    switch type {
    case .click, .longPress:
      guard let point = point ?? element?.center else {
        throw AgentError(
          source: "\(source) step \(screen.record)", reason: "\(action.type) without a point")
      }
      gold = CanonicalAction(CanonicalAction.Kind(type), point: point)
    case .input:
      gold = CanonicalAction(.type, text: action.text ?? "")
    case .scroll:
      if let start = point, let end = action.end.map(normalized) {
        gold = .swipe(from: start, to: end)
      } else if let direction = action.direction.flatMap(CanonicalAction.Direction.init) {
        gold = CanonicalAction(.swipe, point: point, direction: direction)
      } else {
        throw AgentError(
          source: "\(source) step \(screen.record)", reason: "swipe without direction or points")
      }
    case .back, .home, .enter:
      gold = CanonicalAction(CanonicalAction.Kind(type))
    }
    gold.element = element
    return EpisodeStep(
      xml: screen.xmlPath, screenshot: screen.screenshotPath, width: width, height: height,
      gold: gold)
  }

  /// The screen's pixel size from a screenshot's header (PNG); nil for a file that is not one.
  public static func screenSize(png: String) -> (Int, Int)? {
    (try? PNGInfo(contentsOfPNG: png)).map { ($0.width, $0.height) }
  }

  /// The screen's pixel size from a dump's window bounds (``UITree/windowExtent``).
  public static func screenSize(xml: String) -> (Int, Int)? {
    (try? UITree(contentsOf: xml))?.windowExtent
  }

  // MARK: - AitZ / AITW

  static func aitz(_ file: URL) throws -> Episode {
    guard
      let steps = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [[String: Any]]
    else {
      throw AgentError(source: file.path, reason: "not an AitZ episode (expected a JSON array)")
    }
    var result: [EpisodeStep] = []
    var goal = ""
    for (number, step) in steps.enumerated() {
      goal = step["instruction"] as? String ?? step["goal_info"] as? String ?? goal
      guard let type = Self.integer(step["result_action_type"]) else {
        throw AgentError(source: "\(file.path) step \(number)", reason: "no result_action_type")
      }
      let touch = Self.yx(step["result_touch_yx"])
      let lift = Self.yx(step["result_lift_yx"])
      let action: CanonicalAction
      switch type {
      case 3: action = CanonicalAction(.type, text: step["result_action_text"] as? String ?? "")
      case 4:
        guard let touch else {
          throw AgentError(
            source: "\(file.path) step \(number)", reason: "DUAL_POINT without a touch")
        }
        let end = lift ?? touch
        action =
          touch.distance(to: end) <= 0.04
          ? CanonicalAction(.tap, point: touch) : .swipe(from: touch, to: end)
      case 5: action = CanonicalAction(.back)
      case 6: action = CanonicalAction(.home)
      case 7: action = CanonicalAction(.enter)
      case 10: action = CanonicalAction(.done)
      case 11: action = CanonicalAction(.impossible)
      default:
        throw AgentError(
          source: "\(file.path) step \(number)", reason: "unknown AITW action type \(type)")
      }
      let image = (step["image_path"] as? String).map {
        file.deletingLastPathComponent().appendingPathComponent(($0 as NSString).lastPathComponent)
          .path
      }
      // The screenshot's size when it can be read (points are normalised, the size only
      // converts them to pixels), else AitZ's usual 1080 × 2400.
      let size = image.flatMap { try? ImageInfo(contentsOfImage: $0) }
      result.append(
        EpisodeStep(
          xml: nil, screenshot: image, width: size?.width ?? 1080, height: size?.height ?? 2400,
          gold: action))
    }
    return Episode(id: file.path, goal: goal, source: "aitz", steps: result)
  }

  /// An integer, or a JSON string holding one.
  static func integer(_ value: Any?) -> Int? {
    if let number = value as? Int { return number }
    if let text = value as? String { return Int(text.trimmingCharacters(in: .whitespaces)) }
    return nil
  }

  /// A `[y, x]` pair (a list or a JSON string of one) as an (x, y) point; `[-1, -1]` is none.
  static func yx(_ value: Any?) -> NormalizedPoint? {
    var pair = value as? [Double]
    if pair == nil, let text = value as? String,
      let parsed = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [Double]
    {
      pair = parsed
    }
    guard let pair, pair.count == 2, pair[0] >= 0, pair[1] >= 0 else { return nil }
    return NormalizedPoint(x: pair[1], y: pair[0])
  }
}
