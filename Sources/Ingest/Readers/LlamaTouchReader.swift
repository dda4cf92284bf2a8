import FileIO
import Foundation
import Geometry
import Screenshots
import UIHierarchy

/// LlamaTouch traces: screens `0.xml`/`0.png`, `1.xml`/`1.png`, … and `eventStructs.txt`, one
/// event per line, event i taking screen i to screen i + 1. Clicks are recorded in the
/// recorder's resolution (`Screen Resolution (w, h), Click Position (x, y)`) and rescaled here to
/// the screenshot's pixels. The app of a screen is the package of its dump's first window (the
/// `i.activity` files are often wrong).
public enum LlamaTouchReader {
  /// Whether `folder` looks like a LlamaTouch trace.
  public static func recognises(_ folder: String) -> Bool {
    FileManager.default.fileExists(atPath: folder + "/eventStructs.txt")
      && FileManager.default.fileExists(atPath: folder + "/0.xml")
  }

  /// The trace's steps, in order.
  public static func steps(in folder: String) throws -> [TraceStep] {
    let eventsPath = folder + "/eventStructs.txt"
    guard let text = try? String(contentsOfFile: eventsPath, encoding: .utf8) else {
      throw IngestError(source: eventsPath, reason: "cannot read the events")
    }
    let events = text.split(whereSeparator: \.isNewline).map(String.init)
    var steps: [TraceStep] = []
    var index = 0
    while FileManager.default.fileExists(atPath: "\(folder)/\(index).xml") {
      let xml = "\(folder)/\(index).xml"
      let tree = try? UITree(contentsOf: xml)
      let app = tree.flatMap { tree in tree.windows.first.map { tree.nodes[$0].package } } ?? ""
      var step = TraceStep(
        record: String(index), app: app.isEmpty ? "unknown" : app,
        parentRecord: index > 0 ? String(index - 1) : nil, xmlPath: xml,
        screenshotPath: FileManager.default.fileExists(atPath: "\(folder)/\(index).png")
          ? "\(folder)/\(index).png" : nil)
      if index > 0, events.indices.contains(index - 1) {
        let parentSize = screenSize(
          png: steps[index - 1].screenshotPath, xml: steps[index - 1].xmlPath)
        do {
          step.action = try action(
            events[index - 1], screen: parentSize, source: "\(eventsPath):\(index)")
        } catch {
          step.problem = PlainErrorText.describe(error)
        }
      }
      steps.append(step)
      index += 1
    }
    guard !steps.isEmpty else {
      throw IngestError(source: folder, reason: "no screens (0.xml, 1.xml, …)")
    }
    return steps
  }

  /// One event line as a trace action, clicks rescaled to `screen`.
  static func action(_ line: String, screen: (Int, Int), source: String) throws -> TraceAction {
    let numbers = line.split { !$0.isNumber }.compactMap { Int($0) }
    if line.hasPrefix("[Click]") || line.hasPrefix("[LongClick]"), numbers.count >= 4,
      numbers[0] > 0, numbers[1] > 0
    {
      let point = Point(
        x: numbers[2] * screen.0 / numbers[0], y: numbers[3] * screen.1 / numbers[1])
      return TraceAction(type: line.hasPrefix("[Click]") ? "click" : "long_press", point: point)
    }
    if line.hasPrefix("[Home]") { return TraceAction(type: "home") }
    if line.hasPrefix("[Back]") { return TraceAction(type: "back") }
    throw IngestError(source: source, reason: "unknown or unreadable event '\(line)'")
  }

  /// The screen's pixel size: the screenshot's (the recorder's space covers the whole screen,
  /// navigation bar included), else the dump's window bounds, else 1080 × 2400.
  public static func screenSize(png: String?, xml: String?) -> (Int, Int) {
    if let png, let info = try? PNGInfo(contentsOfPNG: png) { return (info.width, info.height) }
    return xml.flatMap { try? UITree(contentsOf: $0) }?.windowExtent ?? (1080, 2400)
  }
}
