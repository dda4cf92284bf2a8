import Foundation
import Geometry
import Ingest
import Screenshots
import UIHierarchy

/// Reads recorded sessions into episodes. Trace folders and AitZ episode files are read by the
/// Ingest readers (one reader per format, the ones `m3m ingest` uses) and their steps converted
/// here:
///
/// | source | recognised by | conversion |
/// |---|---|---|
/// | InterDroid | `record.json` (``EpisodeReader``) | pixel points ÷ `screen_size`; `operated_bounds` is the element; `target` the goal |
/// | LlamaTouch | `eventStructs.txt` (``LlamaTouchReader``) | clicks and swipes rescaled to the screenshot's pixels; `[Home]`, `[Back]`, `[Type]`; step i acts on screen `i.xml` |
/// | m3m trace folder | `steps.jsonl` (``TraceFolderReader``) | each line's action acts on the screen it came `from`; goal from `goal.txt` or the first `goal` field |
/// | AitZ / AITW step JSON | a `.json` array of steps with `result_action_type` (``AitZReader``; one episode per file) | AITW integer types; `result_touch_yx`/`result_lift_yx` are (y, x) in 0–1 (checked), possibly JSON strings, `[-1, -1]` for none; a touch and lift ≤ 0.04 apart is a tap; swipe direction = finger movement |
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
    let format = try? TraceFormat.detect(folder.path)
    if format == .aitz {
      return try AitZReader.episodeFiles(in: folder.path).map(aitz)
    }
    if let format, formats.contains(where: { $0.format == format }) {
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
      }
    }
    return episodes
  }

  static func loadFile(_ path: String) throws -> [Episode] {
    guard path.hasSuffix(".json") else {
      throw AgentError(source: path, reason: "not an episode file (expected .json or a folder)")
    }
    return [try aitz(path)]
  }

  // MARK: - Trace folders, through the Ingest readers

  /// The episode of one trace folder: each step with an action becomes the gold action on the
  /// screen it was taken on (its parent step's), and the last screen's final action on it.
  static func episode(_ folder: String, format: TraceFormat) throws -> Episode {
    try episode(
      steps: format.steps(in: folder), id: folder,
      source: formats.first { $0.format == format }?.source ?? format.rawValue,
      demonstrator: modelRecorded.contains(format) ? .model : .person)
  }

  /// The episode of one AitZ episode file, read by ingest's ``AitZReader``.
  static func aitz(_ path: String) throws -> Episode {
    let steps: [TraceStep]
    do {
      steps = try AitZReader.episode(path, app: "aitz")
    } catch let error as IngestError {
      throw AgentError(source: error.source, reason: error.reason)
    }
    return try episode(steps: steps, id: path, source: "aitz", demonstrator: .person)
  }

  /// The episode of a reader's steps (`id` names the folder or file they came from).
  static func episode(
    steps trace: some Sequence<TraceStep>, id: String, source: String,
    demonstrator: Episode.Demonstrator
  ) throws -> Episode {
    var screens: [String: TraceStep] = [:]
    var steps: [EpisodeStep] = []
    var goal: String?
    var last: TraceStep?
    for step in trace {
      if let problem = step.problem { throw AgentError(source: id, reason: problem) }
      goal = goal ?? step.goal
      if let action = step.action, let parent = step.parentRecord.flatMap({ screens[$0] }),
        action.type != "unknown"
      {
        var episodeStep = try episodeStep(action, on: parent, source: id)
        episodeStep.next = step.xmlPath
        steps.append(episodeStep)
      }
      screens[step.record] = step
      last = step
    }
    if let last, let action = last.finalAction, action.type != "unknown" {
      steps.append(try episodeStep(action, on: last, source: id))
    }
    return Episode(
      id: id, goal: goal ?? "", source: source, steps: steps, demonstrator: demonstrator)
  }

  /// A recorded action on `screen` in the canonical vocabulary, points normalised to the
  /// screen's size (the step's, else its screenshot's, else its dump's windows, else
  /// 1080 × 2400).
  static func episodeStep(_ action: TraceAction, on screen: TraceStep, source: String) throws
    -> EpisodeStep
  {
    let (width, height) =
      screen.screenSize ?? screen.screenshotPath.flatMap(screenSize(image:))
      ?? screen.xmlPath.flatMap(screenSize(xml:)) ?? (1080, 2400)
    let normalized = { (point: Point) in
      NormalizedPoint(pixelX: point.x, pixelY: point.y, width: width, height: height)
    }
    if action.type == "done" || action.type == "impossible" {
      return EpisodeStep(
        xml: screen.xmlPath, screenshot: screen.screenshotPath, width: width, height: height,
        gold: CanonicalAction(action.type == "done" ? .done : .impossible))
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

  /// The screen's pixel size from a screenshot's header (PNG or JPEG); nil for a file that is
  /// neither.
  public static func screenSize(image: String) -> (Int, Int)? {
    (try? ImageInfo(contentsOfImage: image)).map { ($0.width, $0.height) }
  }

  /// The screen's pixel size from a dump's window bounds (``UITree/windowExtent``).
  public static func screenSize(xml: String) -> (Int, Int)? {
    (try? UITree(contentsOf: xml))?.windowExtent
  }
}
