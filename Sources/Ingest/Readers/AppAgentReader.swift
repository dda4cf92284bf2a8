import Foundation
import Geometry
import UIHierarchy

/// Reads an AppAgent task folder: `<task>_N.xml` and `<task>_N.png` (the screen before step N)
/// and `log_*.txt` (JSON lines with the model's `response`, whose `Action:` is `tap(k)`,
/// `long_press(k)`, `text("…")`, `swipe(k, "up", …)` or `FINISH`).
///
/// Step N's action is taken on screen N and leads to screen N + 1. AppAgent's numeric label k
/// is resolved on screen N's dump the way AppAgent numbers elements: clickable nodes in document
/// order, then focusable ones, dropping any whose centre is within 30 px of one already kept.
/// Screens without a dump (a PNG alone) are skipped; consecutive identical dumps become
/// self-loops when ingested. The goal is the task the log's prompts state; the last screen's
/// action (often `FINISH`, read as `done`) is its ``TraceStep/finalAction``.
public enum AppAgentReader {
  /// True when `folder` holds AppAgent's `log_*.txt` or `<folder name>_N.xml|png` files.
  public static func recognises(_ folder: String) -> Bool {
    recognises(folder, listing: FileLookup.names(in: folder) ?? [])
  }

  /// ``recognises(_:)`` given the names in `folder` (listed once for every layout's test).
  static func recognises(_ folder: String, listing names: [String]) -> Bool {
    let task = FileLookup.lastComponent(folder)
    return names.contains {
      ($0.hasPrefix("log_") && $0.hasSuffix(".txt")) || screenNumber($0, task: task) != nil
    }
  }

  /// N for `<task>_N.xml` or `<task>_N.png`.
  static func screenNumber(_ name: String, task: String) -> Int? {
    guard name.hasPrefix(task + "_"), name.hasSuffix(".xml") || name.hasSuffix(".png") else {
      return nil
    }
    return Int(name.dropFirst(task.count + 1).dropLast(4))
  }

  /// The task's screens in step order, each made when it is read (its action resolved on the
  /// previous screen's dump then): only the screen numbers and the log's action strings are
  /// held, the log read line by line.
  public static func steps(
    in folder: String, app: String = "appagent"
  ) throws -> LazyMapCollection<Range<Int>, TraceStep> {
    let names: [String]
    do {
      names = try FileManager.default.contentsOfDirectory(atPath: folder)
    } catch {
      throw IngestError(source: folder, reason: "cannot list the folder")
    }
    let log = names.filter { $0.hasPrefix("log_") && $0.hasSuffix(".txt") }.min()
      .map { folder + "/" + $0 }
    let (actions, goal) = log.map(readLog) ?? ([:], nil)
    let task = URL(fileURLWithPath: folder).lastPathComponent
    let numbers = Set(names.compactMap { screenNumber($0, task: task) }).sorted()
    let xml = { (number: Int) in "\(folder)/\(task)_\(number).xml" }
    return numbers.indices.lazy.map { index in
      // A screenshot without a dump is still a step: ingest rejects it with its reason.
      let number = numbers[index]
      let png = "\(folder)/\(task)_\(number).png"
      let previous = index > 0 ? numbers[index - 1] : nil
      var step = TraceStep(
        record: "step_\(number)", app: app, parentRecord: previous.map { "step_\($0)" },
        xmlPath: FileManager.default.fileExists(atPath: xml(number)) ? xml(number) : nil,
        screenshotPath: FileManager.default.fileExists(atPath: png) ? png : nil,
        action: previous.map { resolve(actions[$0], onDump: xml($0)) })
      if index == 0 { step.goal = goal }
      // The last screen's action led to no recorded screen (often FINISH): kept for the agent.
      if index == numbers.count - 1, let command = actions[number] {
        step.finalAction = resolve(command, onDump: xml(number))
      }
      return step
    }
  }

  /// The log's `Action: …` of each step, by step number, and the task (``readGoal(_:)``), read
  /// one line at a time.
  static func readLog(_ path: String) -> (actions: [Int: String], goal: String?) {
    guard let lines = try? LineReader(path: path) else { return ([:], nil) }
    var actions: [Int: String] = [:]
    var goal: String?
    for (_, line) in lines {
      guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
      else { continue }
      if goal == nil { goal = self.goal(inPrompt: object["prompt"] as? String) }
      if let step = object["step"] as? Int, let action = action(inResponse: object["response"]) {
        actions[step] = action
      }
    }
    return (actions, goal)
  }

  /// The task, from the first prompt in the log that states it ("The task you need to complete
  /// is to …", up to ". Your past actions" or the end of the line).
  static func readGoal(_ path: String) -> String? { readLog(path).goal }

  /// `Action: …` of each step in the log, by step number.
  static func readActions(_ path: String) -> [Int: String] { readLog(path).actions }

  static func goal(inPrompt prompt: String?) -> String? {
    guard let prompt, let start = prompt.range(of: "The task you need to complete is to ") else {
      return nil
    }
    var task = prompt[start.upperBound...]
    if let end = task.range(of: ". Your past actions") { task = task[..<end.lowerBound] }
    let goal = String(task.split(separator: "\n").first ?? "")
      .trimmingCharacters(in: .whitespaces)
    return goal.isEmpty ? nil : goal
  }

  static func action(inResponse response: Any?) -> String? {
    guard let response = response as? String,
      let range = response.range(of: "Action:", options: .backwards)
    else { return nil }
    let rest = response[range.upperBound...].trimmingCharacters(in: .whitespaces)
    return String(rest.split(separator: "\n").first ?? "")
      .components(separatedBy: " Summary:").first?.trimmingCharacters(in: .whitespaces)
  }

  /// Turns `tap(5)` etc. into an action on the element AppAgent labelled 5 on `dump`.
  static func resolve(_ command: String?, onDump dump: String) -> TraceAction {
    guard let command, let open = command.firstIndex(of: "(") else {
      return TraceAction(type: command == "FINISH" ? "done" : "unknown")
    }
    let name = String(command[..<open])
    let arguments = command[command.index(after: open)...].dropLast()
    let known: ActionType? = [
      "tap": .click, "long_press": .longPress, "text": .input, "swipe": .scroll,
    ][name]
    let type = known?.rawValue ?? "unknown"
    if known == .input {
      return TraceAction(
        type: type, text: arguments.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")))
    }
    let parts = arguments.split(separator: ",").map {
      $0.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
    }
    guard let label = parts.first.flatMap({ Int($0) }), let tree = try? UITree(contentsOf: dump)
    else { return TraceAction(type: type) }
    let elements = labelledElements(tree)
    guard label >= 1, label <= elements.count else { return TraceAction(type: type) }
    let box = elements[label - 1]
    return TraceAction(
      type: type, point: box.center, bounds: box,
      direction: known == .scroll ? parts.dropFirst().first : nil)
  }

  /// The boxes AppAgent numbers 1, 2, … on a screen.
  static func labelledElements(_ tree: UITree) -> [Bounds] {
    var kept: [Bounds] = []
    func isFar(_ box: Bounds) -> Bool {
      kept.allSatisfy { other in
        let dx = Double(box.center.x - other.center.x)
        let dy = Double(box.center.y - other.center.y)
        return (dx * dx + dy * dy).squareRoot() > 30
      }
    }
    for node in tree.nodes where node.isClickable {
      if let box = node.bounds, isFar(box) { kept.append(box) }
    }
    for node in tree.nodes where node.isFocusable {
      if let box = node.bounds, isFar(box) { kept.append(box) }
    }
    return kept
  }
}
