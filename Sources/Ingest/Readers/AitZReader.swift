import FileIO
import Foundation
import Geometry
import Screenshots
import UIHierarchy

/// Reads Android-in-the-Zoo episodes (AitZ, IMNearth/CoAT): AITW's steps flattened into one
/// JSON array per episode (`GENERAL-123/GENERAL-123.json`) beside one screenshot per step
/// (`GENERAL-123_0.png`, …), and no UI hierarchy. Ingest reads each screenshot by OCR into a
/// pixel-derived page.
///
/// Per step: `instruction` (or AITW's `goal_info`) is the goal; `image_path` names the
/// screenshot (its last component is looked up beside the JSON); `result_action_type` is
/// AITW's integer (3 TYPE with `result_action_text`, 4 DUAL_POINT, 5 BACK, 6 HOME, 7 ENTER,
/// 10 COMPLETE, 11 IMPOSSIBLE); `result_touch_yx` / `result_lift_yx` are (y, x) in 0–1, as
/// lists or JSON strings, `[-1, -1]` for none. A DUAL_POINT whose touch and lift are ≤ 0.04
/// apart is a click at the touch point, otherwise a scroll named by the finger's movement
/// (`up` = the finger moved up), from touch to lift. Points become pixels of the screenshot
/// the action was taken on. The CoAT text fields are not read.
///
/// Step i's action is taken on screen i and leads to screen i + 1; the last step's action
/// (often COMPLETE) is that screen's ``TraceStep/finalAction``. A folder may hold several
/// episode files; one that cannot be read (not JSON, a step without a known action type, a
/// point outside 0–1) becomes one step carrying its ``TraceStep/problem`` — the file and the
/// reason — which ingest records as a reject, and the other episodes are read.
///
/// AITW's own release (GZIP TFRecords of `tf.train.Example`) is not read: convert it to this
/// JSON form first.
public enum AitZReader {
  /// The key every AitZ/AITW step carries.
  static let marker = "result_action_type"

  /// True when `folder` holds `<folder name>.json` (AitZ's layout) or a `.json` file whose
  /// first 64 KB are a JSON array naming `result_action_type`.
  public static func recognises(_ folder: String) -> Bool {
    recognises(folder, listing: FileLookup.names(in: folder) ?? [])
  }

  /// ``recognises(_:)`` given the names in `folder` (listed once for every layout's test).
  static func recognises(_ folder: String, listing: [String]) -> Bool {
    let names = jsonNames(in: folder, listing: listing)
    let own = FileLookup.lastComponent(folder) + ".json"
    return names.contains(own) || names.contains { looksLikeEpisode(folder + "/" + $0) }
  }

  /// The `.json` files of `folder`, in natural order.
  static func jsonNames(in folder: String) -> [String] {
    jsonNames(in: folder, listing: FileLookup.names(in: folder) ?? [])
  }

  private static func jsonNames(in folder: String, listing names: [String]) -> [String] {
    names.filter { name in
      name.lowercased().hasSuffix(".json") && FileLookup.kind(folder + "/" + name) == .file
    }.sorted { $0.localizedStandardCompare($1) == .orderedAscending }
  }

  /// The file starts (after white space) with `[` and names `result_action_type` early on.
  static func looksLikeEpisode(_ path: String) -> Bool {
    guard let handle = FileHandle(forReadingAtPath: path) else { return false }
    defer { try? handle.close() }
    guard let head = try? handle.read(upToCount: 64 << 10) else { return false }
    let text = String(decoding: head, as: UTF8.self)
    return text.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("[")
      && text.contains("\"\(marker)\"")
  }

  /// AitZ episode folders under `root` (itself included), down to `depth` levels (AitZ's
  /// release nests them as `split/category/episode/`), in natural order.
  public static func episodeFolders(under root: String, depth: Int = 3) -> [String] {
    if recognises(root) { return [root] }
    guard depth > 0 else { return [] }
    let names = FileLookup.names(in: root) ?? []
    return names.sorted { $0.localizedStandardCompare($1) == .orderedAscending }.flatMap {
      name -> [String] in
      let child = root + "/" + name
      guard FileLookup.kind(child) == .folder else { return [] }
      return episodeFolders(under: child, depth: depth - 1)
    }
  }

  /// The episode files of `folder` (its `.json` files), in natural order.
  /// - Throws: ``IngestError`` when the folder holds no `.json` file.
  public static func episodeFiles(in folder: String) throws -> [String] {
    let names = jsonNames(in: folder)
    guard !names.isEmpty else {
      throw IngestError(source: folder, reason: "no AitZ episode (.json) in the folder")
    }
    return names.map { folder + "/" + $0 }
  }

  /// The screens of every episode file in `folder`, episode by episode.
  /// - Throws: ``IngestError`` when the folder holds no `.json` file.
  public static func steps(in folder: String, app: String = "aitz") throws -> [TraceStep] {
    try episodeFiles(in: folder).flatMap { path -> [TraceStep] in
      let name = (path as NSString).lastPathComponent
      do {
        return try episode(path, app: app)
      } catch {
        var step = TraceStep(
          record: URL(fileURLWithPath: name).deletingPathExtension().lastPathComponent, app: app,
          xmlPath: path)
        step.problem = PlainErrorText.describe(error)
        return [step]
      }
    }
  }

  /// The screens of one episode file, records `<file name>/<step>` (ingest and the agent's
  /// episodes both read AitZ through this). A step whose screenshot is missing carries its
  /// ``TraceStep/problem``.
  /// - Throws: ``IngestError`` naming the file (and the step) and the reason.
  public static func episode(_ path: String, app: String) throws -> [TraceStep] {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw IngestError(source: path, reason: "cannot read the episode file")
    }
    let parsed: Any
    do {
      parsed = try JSONSerialization.jsonObject(with: data)
    } catch {
      throw IngestError(source: path, reason: "not an AitZ episode: the file is not valid JSON")
    }
    guard let objects = parsed as? [Any], !objects.isEmpty else {
      throw IngestError(
        source: path, reason: "not an AitZ episode: expected a non-empty JSON array of steps")
    }
    let file = URL(fileURLWithPath: path)
    let stem = file.deletingPathExtension().lastPathComponent
    let folder = file.deletingLastPathComponent().path
    var steps: [TraceStep] = []
    var previous: (record: String, action: RecordedAction)?
    for (number, object) in objects.enumerated() {
      let fail = { (reason: String) in
        IngestError(source: "\(path) step \(number)", reason: reason)
      }
      guard let step = object as? [String: Any] else { throw fail("not a JSON object") }
      let recorded = try RecordedAction(step, fail: fail)
      let record = "\(stem)/\(number)"
      let image = screenshot(step, number: number, stem: stem, folder: folder)
      var traceStep = TraceStep(
        record: record, app: app, parentRecord: previous?.record,
        screenshotPath: image.flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil },
        action: try previous.map { try $0.action.traceAction(on: steps[steps.count - 1]) })
      traceStep.goal = step["instruction"] as? String ?? step["goal_info"] as? String
      traceStep.screenSize = traceStep.screenshotPath.flatMap {
        (try? ImageInfo(contentsOfImage: $0)).map { (width: $0.width, height: $0.height) }
      }
      if traceStep.screenshotPath == nil {
        traceStep.problem =
          "\(path) step \(number): "
          + (image.map { "screenshot \($0) not found" } ?? "no image_path")
      }
      steps.append(traceStep)
      previous = (record, recorded)
    }
    if let previous {
      steps[steps.count - 1].finalAction = try previous.action.traceAction(
        on: steps[steps.count - 1])
    }
    return steps
  }

  /// The step's screenshot: `image_path`'s file name beside the JSON, else the first of
  /// `<stem>_<n>.png`, `.jpg`, `.jpeg` there.
  static func screenshot(_ step: [String: Any], number: Int, stem: String, folder: String)
    -> String?
  {
    if let given = step["image_path"] as? String, !given.isEmpty {
      return folder + "/" + (given as NSString).lastPathComponent
    }
    return ["png", "jpg", "jpeg"].lazy.map { "\(folder)/\(stem)_\(number).\($0)" }
      .first { FileManager.default.fileExists(atPath: $0) }
  }

  /// One step's action as AITW records it, checked, in normalised (x, y).
  enum RecordedAction {
    case type(String)
    case dualPoint(touch: (x: Double, y: Double), lift: (x: Double, y: Double))
    case key(ActionType)
    case status(String)

    init(_ step: [String: Any], fail: (String) -> IngestError) throws {
      guard let type = AitZReader.integer(step[AitZReader.marker]) else {
        throw fail("no integer \(AitZReader.marker)")
      }
      switch type {
      case 3: self = .type(step["result_action_text"] as? String ?? "")
      case 4:
        guard let touch = try AitZReader.yx(step["result_touch_yx"], fail: fail) else {
          throw fail("DUAL_POINT (4) without result_touch_yx")
        }
        let lift = try AitZReader.yx(step["result_lift_yx"], fail: fail) ?? touch
        self = .dualPoint(touch: touch, lift: lift)
      case 5: self = .key(.back)
      case 6: self = .key(.home)
      case 7: self = .key(.enter)
      case 10: self = .status("done")
      case 11: self = .status("impossible")
      default: throw fail("unknown AITW action type \(type)")
      }
    }

    /// The action in pixels of `screen` (the screen it was taken on; 1080 × 2400 when its
    /// screenshot's size is unknown).
    func traceAction(on screen: TraceStep) throws -> TraceAction {
      let (width, height) = screen.screenSize ?? (1080, 2400)
      func pixels(_ point: (x: Double, y: Double)) -> Point {
        // In 0–1 (checked when read): the product is finite and within the screen.
        Point(
          x: min(width - 1, max(0, Int((point.x * Double(width)).rounded(.down)))),
          y: min(height - 1, max(0, Int((point.y * Double(height)).rounded(.down)))))
      }
      switch self {
      case .type(let text):
        return TraceAction(.input, text: text)
      case .key(let type):
        return TraceAction(type)
      case .status(let name):
        return TraceAction(type: name)
      case .dualPoint(let touch, let lift):
        let (dx, dy) = (lift.x - touch.x, lift.y - touch.y)
        guard (dx * dx + dy * dy).squareRoot() > 0.04 else {
          return TraceAction(.click, point: pixels(touch))
        }
        let direction =
          abs(dy) >= abs(dx) ? (dy < 0 ? "up" : "down") : (dx < 0 ? "left" : "right")
        var action = TraceAction(.scroll, point: pixels(touch), direction: direction)
        action.end = pixels(lift)
        return action
      }
    }
  }

  /// An integer, or a string holding one.
  static func integer(_ value: Any?) -> Int? {
    if let number = value as? NSNumber, let exact = Int(exactly: number.doubleValue) {
      return exact
    }
    if let text = value as? String { return Int(text.trimmingCharacters(in: .whitespaces)) }
    return nil
  }

  /// A `[y, x]` pair (a list or a JSON string of one) as (x, y); nil for `[-1, -1]` or an
  /// absent value.
  /// - Throws: the step's error for a value that is not a pair of numbers in 0–1.
  static func yx(_ value: Any?, fail: (String) -> IngestError) throws -> (x: Double, y: Double)? {
    guard let value, !(value is NSNull) else { return nil }
    var list = value as? [Any]
    if list == nil, let text = value as? String {
      list = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [Any]
    }
    guard let list, list.count == 2, let y = (list[0] as? NSNumber)?.doubleValue,
      let x = (list[1] as? NSNumber)?.doubleValue
    else {
      throw fail(
        "a point that is not a [y, x] pair of numbers: \(String(describing: value).prefix(80))")
    }
    if y == -1 && x == -1 { return nil }
    guard x.isFinite, y.isFinite, (0...1).contains(x), (0...1).contains(y) else {
      throw fail("a point outside 0–1: [\(y), \(x)]")
    }
    return (x, y)
  }
}
