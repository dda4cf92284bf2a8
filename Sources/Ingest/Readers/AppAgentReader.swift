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
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    let task = URL(fileURLWithPath: folder).lastPathComponent
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

  /// The task's screens in step order.
  public static func steps(in folder: String, app: String = "appagent") throws -> [TraceStep] {
    let names: [String]
    do {
      names = try FileManager.default.contentsOfDirectory(atPath: folder)
    } catch {
      throw IngestError(source: folder, reason: "cannot list the folder")
    }
    let log = names.first { $0.hasPrefix("log_") && $0.hasSuffix(".txt") }.map { folder + "/" + $0 }
    let actions = log.map(readActions) ?? [:]
    let goal = log.flatMap(readGoal)
    let task = URL(fileURLWithPath: folder).lastPathComponent
    let numbers = Set(names.compactMap { screenNumber($0, task: task) })
    var steps: [TraceStep] = []
    var previous: (number: Int, xml: String)?
    for number in numbers.sorted() {
      // A screenshot without a dump is still a step: ingest rejects it with its reason.
      let xml = "\(folder)/\(task)_\(number).xml"
      let png = "\(folder)/\(task)_\(number).png"
      let hasXML = FileManager.default.fileExists(atPath: xml)
      var action: TraceAction?
      if let previous {
        action = resolve(actions[previous.number], onDump: previous.xml)
      }
      steps.append(
        TraceStep(
          record: "step_\(number)", app: app,
          parentRecord: previous.map { "step_\($0.number)" }, xmlPath: hasXML ? xml : nil,
          screenshotPath: FileManager.default.fileExists(atPath: png) ? png : nil, action: action))
      if steps.count == 1 { steps[0].goal = goal }
      previous = (number, xml)
    }
    // The last screen's action led to no recorded screen (often FINISH): kept for the agent.
    if let previous, let command = actions[previous.number], !steps.isEmpty {
      steps[steps.count - 1].finalAction = resolve(command, onDump: previous.xml)
    }
    return steps
  }

  /// The task, from the first prompt in the log that states it ("The task you need to complete
  /// is to …", up to ". Your past actions" or the end of the line).
  static func readGoal(_ path: String) -> String? {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
    for line in text.split(separator: "\n") {
      guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
        let prompt = object["prompt"] as? String,
        let start = prompt.range(of: "The task you need to complete is to ")
      else { continue }
      var task = prompt[start.upperBound...]
      if let end = task.range(of: ". Your past actions") { task = task[..<end.lowerBound] }
      let goal = String(task.split(separator: "\n").first ?? "")
        .trimmingCharacters(in: .whitespaces)
      if !goal.isEmpty { return goal }
    }
    return nil
  }

  /// `Action: …` of each step in the log, by step number.
  static func readActions(_ path: String) -> [Int: String] {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
    var actions: [Int: String] = [:]
    for line in text.split(separator: "\n") {
      guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
        let step = object["step"] as? Int, let response = object["response"] as? String,
        let range = response.range(of: "Action:", options: .backwards)
      else { continue }
      let rest = response[range.upperBound...].trimmingCharacters(in: .whitespaces)
      actions[step] = String(rest.split(separator: "\n").first ?? "")
        .components(separatedBy: " Summary:").first?.trimmingCharacters(in: .whitespaces)
    }
    return actions
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
