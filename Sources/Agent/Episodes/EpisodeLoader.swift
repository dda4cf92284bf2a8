import Foundation
import Geometry
import Ingest
import UIHierarchy

/// Reads recorded sessions into episodes, one converter per source:
///
/// | source | recognised by | conversion |
/// |---|---|---|
/// | InterDroid | `record.json` with `steps` | `click` at pixel `action_detail` ÷ `screen_size`; `operated_bounds` is the element |
/// | LlamaTouch | `eventStructs.txt` | `[Click] Screen Resolution (w, h), Click Position (x, y)` rescaled to that resolution; `[Home]`, `[Back]`; step i acts on screen `i.xml` |
/// | AitZ / AITW step JSON | a `.json` array of steps with `result_action_type` | AITW integer types; `result_touch_yx`/`result_lift_yx` are (y, x) normalised, possibly JSON strings, `[-1, -1]` for none; a touch and lift ≤ 0.04 apart is a tap; swipe direction = finger movement |
/// | m3m trace folder | `steps.jsonl` | each line's action acts on the screen of the line before; `goal` from `goal.txt` or the first line's `goal` |
///
/// Mobile3M page paths come from the graph (``GraphEpisodes``).
public enum EpisodeLoader {
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
    let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
    if names.contains("record.json") { return [try interDroid(folder)] }
    if names.contains("eventStructs.txt") { return [try llamaTouch(folder)] }
    if names.contains("steps.jsonl") { return [try traceFolder(folder)] }
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

  // MARK: - InterDroid

  static func interDroid(_ folder: URL) throws -> Episode {
    let file = folder.appendingPathComponent("record.json")
    guard
      let object = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any],
      let steps = object["steps"] as? [[String: Any]]
    else { throw AgentError(source: file.path, reason: "not an InterDroid record (no steps)") }
    let size = object["screen_size"] as? [String: Any]
    let width = size?["width"] as? Int ?? 1080
    let height = size?["height"] as? Int ?? 2400
    var result: [EpisodeStep] = []
    for (number, step) in steps.enumerated() {
      let type = step["action_type"] as? String ?? ""
      let detail = step["action_detail"] as? [String: Any]
      var action: CanonicalAction
      switch type {
      case "click", "long_click", "long_press":
        guard let x = detail?["x"] as? Int, let y = detail?["y"] as? Int else {
          throw AgentError(source: "\(file.path) step \(number + 1)", reason: "click without x, y")
        }
        action = CanonicalAction(
          type == "click" ? .tap : .longPress,
          point: NormalizedPoint(pixelX: x, pixelY: y, width: width, height: height))
      case "input", "type":
        action = CanonicalAction(.type, text: detail?["text"] as? String ?? "")
      case "back": action = CanonicalAction(.back)
      case "home": action = CanonicalAction(.home)
      case "enter": action = CanonicalAction(.enter)
      case "scroll", "swipe":
        action = try swipe(detail, width: width, height: height, source: file.path)
      default:
        throw AgentError(
          source: "\(file.path) step \(number + 1)", reason: "unknown action '\(type)'")
      }
      if let bounds = (step["operated_bounds"] as? String).flatMap(Bounds.init(parsing:)) {
        action.element = NormalizedBox(pixels: bounds, width: width, height: height)
      }
      result.append(
        EpisodeStep(
          xml: (step["ui_tree"] as? String).map {
            folder.appendingPathComponent("ui_trees/\($0)").path
          },
          screenshot: (step["screen_shot"] as? String).map {
            folder.appendingPathComponent("screenshots/\($0)").path
          }, width: width, height: height, gold: action))
    }
    return Episode(
      id: folder.path, goal: object["target"] as? String ?? "", source: "interdroid", steps: result)
  }

  static func swipe(_ detail: [String: Any]?, width: Int, height: Int, source: String) throws
    -> CanonicalAction
  {
    if let direction = (detail?["direction"] as? String).flatMap(CanonicalAction.Direction.init) {
      return CanonicalAction(.swipe, direction: direction)
    }
    guard let x1 = detail?["start_x"] as? Int, let y1 = detail?["start_y"] as? Int,
      let x2 = detail?["end_x"] as? Int, let y2 = detail?["end_y"] as? Int
    else { throw AgentError(source: source, reason: "swipe without direction or points") }
    return .swipe(
      from: NormalizedPoint(pixelX: x1, pixelY: y1, width: width, height: height),
      to: NormalizedPoint(pixelX: x2, pixelY: y2, width: width, height: height))
  }

  // MARK: - LlamaTouch

  static func llamaTouch(_ folder: URL) throws -> Episode {
    let events = folder.appendingPathComponent("eventStructs.txt")
    let lines = try String(contentsOf: events, encoding: .utf8).split(whereSeparator: \.isNewline)
    var steps: [EpisodeStep] = []
    for (index, line) in lines.enumerated() {
      let xml = folder.appendingPathComponent("\(index).xml").path
      let png = folder.appendingPathComponent("\(index).png").path
      // The recorder's resolution spans the whole screen: the screenshot's size, not the dump's.
      let screen = LlamaTouchReader.screenSize(png: png, xml: xml)
      let action: CanonicalAction
      if line.hasPrefix("[Click]") || line.hasPrefix("[LongClick]") {
        let numbers = line.split { !$0.isNumber }.compactMap { Int($0) }
        guard numbers.count >= 4 else {
          throw AgentError(
            source: "\(events.path):\(index + 1)", reason: "unreadable click '\(line)'")
        }
        // Rescaled from the recorder's resolution (w, h) to the screen's pixels, then normalised.
        action = CanonicalAction(
          line.hasPrefix("[Click]") ? .tap : .longPress,
          point: NormalizedPoint(
            x: Double(numbers[2]) / Double(numbers[0]), y: Double(numbers[3]) / Double(numbers[1])))
      } else if line.hasPrefix("[Home]") {
        action = CanonicalAction(.home)
      } else if line.hasPrefix("[Back]") {
        action = CanonicalAction(.back)
      } else if line.hasPrefix("[Type]") || line.hasPrefix("[Input]") {
        let text = line.split(separator: "]", maxSplits: 1).last.map { String($0) } ?? ""
        action = CanonicalAction(.type, text: text.trimmingCharacters(in: .whitespaces))
      } else if line.hasPrefix("[Swipe]") || line.hasPrefix("[Scroll]") {
        let numbers = line.split { !$0.isNumber }.compactMap { Int($0) }
        guard numbers.count >= 6 else {
          throw AgentError(
            source: "\(events.path):\(index + 1)", reason: "unreadable swipe '\(line)'")
        }
        let w = Double(numbers[0])
        let h = Double(numbers[1])
        action = .swipe(
          from: NormalizedPoint(x: Double(numbers[2]) / w, y: Double(numbers[3]) / h),
          to: NormalizedPoint(x: Double(numbers[4]) / w, y: Double(numbers[5]) / h))
      } else {
        throw AgentError(source: "\(events.path):\(index + 1)", reason: "unknown event '\(line)'")
      }
      steps.append(
        EpisodeStep(
          xml: FileManager.default.fileExists(atPath: xml) ? xml : nil,
          screenshot: folder.appendingPathComponent("\(index).png").path, width: screen.0,
          height: screen.1, gold: action))
    }
    // instruction.txt: the trace number on the first line, then the instruction.
    let instruction =
      (try? String(contentsOf: folder.appendingPathComponent("instruction.txt"), encoding: .utf8))
      ?? ""
    let goalLines = instruction.split(whereSeparator: \.isNewline).map {
      String($0).trimmingCharacters(in: .whitespacesAndNewlines)
    }
    .filter { !$0.isEmpty && Int($0) == nil }
    return Episode(
      id: folder.path, goal: goalLines.joined(separator: " "), source: "llamatouch", steps: steps)
  }

  /// The screen's pixel size from a dump's window bounds (``UITree/windowExtent``).
  public static func screenSize(xml: String) -> (Int, Int)? {
    (try? UITree(contentsOf: xml))?.windowExtent
  }

  // MARK: - m3m trace folder

  static func traceFolder(_ folder: URL) throws -> Episode {
    let file = folder.appendingPathComponent("steps.jsonl")
    let lines = try String(contentsOf: file, encoding: .utf8).split(whereSeparator: \.isNewline)
    var records: [[String: Any]] = []
    for (number, line) in lines.enumerated() {
      guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
      else { throw AgentError(source: "\(file.path):\(number + 1)", reason: "not a JSON object") }
      records.append(object)
    }
    var steps: [EpisodeStep] = []
    // The action on line i + 1 was taken on the screen of line i.
    for (screen, next) in zip(records, records.dropFirst()) {
      guard let action = next["action"] as? [String: Any] else { continue }
      let xml = (screen["xml"] as? String).map { folder.appendingPathComponent($0).path }
      let size = xml.flatMap(screenSize(xml:)) ?? (1080, 2400)
      steps.append(
        EpisodeStep(
          xml: xml,
          screenshot: (screen["screenshot"] as? String).map {
            folder.appendingPathComponent($0).path
          }, width: size.0, height: size.1,
          gold: try traceAction(action, width: size.0, height: size.1, source: file.path)))
    }
    let goal =
      (try? String(contentsOf: folder.appendingPathComponent("goal.txt"), encoding: .utf8))
      ?? records.first?["goal"] as? String ?? ""
    return Episode(
      id: folder.path, goal: goal.trimmingCharacters(in: .whitespacesAndNewlines), source: "trace",
      steps: steps)
  }

  static func traceAction(_ action: [String: Any], width: Int, height: Int, source: String) throws
    -> CanonicalAction
  {
    let type = action["type"] as? String ?? ""
    var point: NormalizedPoint?
    if let x = action["x"] as? Int, let y = action["y"] as? Int {
      point = NormalizedPoint(pixelX: x, pixelY: y, width: width, height: height)
    }
    let element = (action["bounds"] as? String).flatMap(Bounds.init(parsing:)).map {
      NormalizedBox(pixels: $0, width: width, height: height)
    }
    switch type {
    case "click", "tap":
      return CanonicalAction(.tap, point: point ?? element?.center, element: element)
    case "long_press":
      return CanonicalAction(.longPress, point: point ?? element?.center, element: element)
    case "input", "type":
      return CanonicalAction(.type, text: action["text"] as? String ?? "", element: element)
    case "scroll", "swipe":
      let direction = (action["direction"] as? String).flatMap(CanonicalAction.Direction.init)
      return CanonicalAction(.swipe, point: point, direction: direction, element: element)
    case "back": return CanonicalAction(.back)
    case "home": return CanonicalAction(.home)
    case "enter": return CanonicalAction(.enter)
    default: throw AgentError(source: source, reason: "unknown action type '\(type)'")
    }
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
      result.append(
        EpisodeStep(xml: nil, screenshot: image, width: 1080, height: 2400, gold: action))
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
