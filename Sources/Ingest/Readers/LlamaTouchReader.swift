import FileIO
import Foundation
import Geometry
import Screenshots
import UIHierarchy

/// LlamaTouch traces: screens `0.xml`/`0.png`, `1.xml`/`1.png`, … and `eventStructs.txt`, one
/// event per line, event i taking screen i to screen i + 1. Clicks are recorded in the
/// recorder's resolution (`Screen Resolution (w, h), Click Position (x, y)`) and rescaled here to
/// the screenshot's pixels. The app of a screen is the package of its dump's first window (the
/// `i.activity` files are often wrong). The goal is `instruction.txt` without its trace number;
/// an event after the last screen is that screen's ``TraceStep/finalAction``.
public enum LlamaTouchReader {
  /// Whether `folder` looks like a LlamaTouch trace.
  public static func recognises(_ folder: String) -> Bool {
    FileLookup.exists(folder + "/eventStructs.txt") && FileLookup.exists(folder + "/0.xml")
  }

  /// The trace's steps, in order, each made when it is read (its dump parsed for the app
  /// then): only the event lines are held (`eventStructs.txt` is read whole, up to 64 MB).
  public static func steps(in folder: String) throws -> LazyMapCollection<Range<Int>, TraceStep> {
    let eventsPath = folder + "/eventStructs.txt"
    guard let data = try WholeFile.contents(eventsPath),
      let text = String(data: data, encoding: .utf8)
    else {
      throw IngestError(source: eventsPath, reason: "cannot read the events")
    }
    let events: [String] = text.split(whereSeparator: { $0.isNewline }).map { String($0) }
    let goal = instruction(in: folder)
    var count = 0
    while FileManager.default.fileExists(atPath: "\(folder)/\(count).xml") { count += 1 }
    guard count > 0 else {
      throw IngestError(source: folder, reason: "no screens (0.xml, 1.xml, …)")
    }
    let xml = { (index: Int) in "\(folder)/\(index).xml" }
    let png = { (index: Int) in
      FileManager.default.fileExists(atPath: "\(folder)/\(index).png")
        ? "\(folder)/\(index).png" : nil
    }
    return (0..<count).lazy.map { index in
      let tree = try? UITree(contentsOf: xml(index))
      let app = tree.flatMap { tree in tree.windows.first.map { tree.nodes[$0].package } } ?? ""
      var step = TraceStep(
        record: String(index), app: app.isEmpty ? "unknown" : app,
        parentRecord: index > 0 ? String(index - 1) : nil, xmlPath: xml(index),
        screenshotPath: png(index))
      step.goal = goal
      let size = screenSize(png: step.screenshotPath, xml: xml(index))
      step.screenSize = size
      if index > 0, events.indices.contains(index - 1) {
        let parentSize = screenSize(png: png(index - 1), xml: xml(index - 1))
        do {
          step.action = try action(
            events[index - 1], screen: parentSize, source: "\(eventsPath):\(index)")
        } catch {
          step.problem = PlainErrorText.describe(error)
        }
      }
      // Event i is taken on screen i: one past the last screen has no screen to lead to.
      if index == count - 1, events.indices.contains(index) {
        step.finalAction = try? action(
          events[index], screen: size, source: "\(eventsPath):\(index + 1)")
      }
      return step
    }
  }

  /// `instruction.txt` without the trace number on its first line, nil when absent.
  static func instruction(in folder: String) -> String? {
    guard let text = try? String(contentsOfFile: folder + "/instruction.txt", encoding: .utf8)
    else { return nil }
    return text.split(whereSeparator: \.isNewline)
      .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
      .filter { !$0.isEmpty && Int($0) == nil }.joined(separator: " ")
  }

  /// One event line as a trace action, clicks rescaled to `screen`.
  static func action(_ line: String, screen: (Int, Int), source: String) throws -> TraceAction {
    let numbers = line.split { !$0.isNumber }.compactMap { Int($0) }
    if line.hasPrefix("[Click]") || line.hasPrefix("[LongClick]"), numbers.count >= 4,
      numbers[0] > 0, numbers[1] > 0
    {
      let point = Point(
        x: numbers[2] * screen.0 / numbers[0], y: numbers[3] * screen.1 / numbers[1])
      return TraceAction(line.hasPrefix("[Click]") ? .click : .longPress, point: point)
    }
    if line.hasPrefix("[Home]") { return TraceAction(.home) }
    if line.hasPrefix("[Back]") { return TraceAction(.back) }
    if line.hasPrefix("[Type]") || line.hasPrefix("[Input]") {
      let text = line.split(separator: "]", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
      return TraceAction(.input, text: text.trimmingCharacters(in: .whitespaces))
    }
    if line.hasPrefix("[Swipe]") || line.hasPrefix("[Scroll]"), numbers.count >= 6,
      numbers[0] > 0, numbers[1] > 0
    {
      // Resolution, start, end: both points rescaled like clicks.
      let start = Point(
        x: numbers[2] * screen.0 / numbers[0], y: numbers[3] * screen.1 / numbers[1])
      let end = Point(
        x: numbers[4] * screen.0 / numbers[0], y: numbers[5] * screen.1 / numbers[1])
      var swipe = TraceAction(.scroll, point: start)
      swipe.end = end
      swipe.direction = SwipeDirection(from: start, to: end).rawValue
      return swipe
    }
    throw IngestError(source: source, reason: "unknown or unreadable event '\(line)'")
  }

  /// The screen's pixel size: the screenshot's (the recorder's space covers the whole screen,
  /// navigation bar included), else the dump's window bounds, else 1080 × 2400.
  public static func screenSize(png: String?, xml: String?) -> (Int, Int) {
    if let png, let info = try? ImageInfo(contentsOfImage: png) { return (info.width, info.height) }
    return xml.flatMap { try? UITree(contentsOf: $0) }?.windowExtent ?? (1080, 2400)
  }
}
