import Foundation

/// One capture of a benchmark trace: where its files are and how it was reached.
struct BenchmarkStep {
  /// Unique in its trace.
  var id: String
  /// The app (package) the step belongs to; pages are identified per app.
  var app: String
  /// The XML dump, relative to the folder that holds `steps.jsonl`.
  var xml: String
  /// The screenshot, relative to the same folder; nil when it has none.
  var screenshot: String?
  /// True for the first screen of a run (no parent, no action).
  var isStart: Bool
  /// Where the action that led here touched.
  var tap: (x: Int, y: Int)
}

/// Writes m3m trace folders (`steps.jsonl`) for the benchmarks; the Python reference reads the
/// same files.
enum BenchmarkTrace {
  /// Writes `folder/steps.jsonl`; with `screenshots: false` the lines name no screenshot (the
  /// XML-only path).
  static func write(_ steps: [BenchmarkStep], to folder: String, screenshots: Bool) throws {
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    var text = ""
    for step in steps {
      var object: [String: Any] = ["id": step.id, "app": step.app, "xml": step.xml]
      if screenshots, let screenshot = step.screenshot { object["screenshot"] = screenshot }
      if step.isStart {
        object["from"] = NSNull()
      } else {
        object["action"] = ["type": "click", "x": step.tap.x, "y": step.tap.y]
      }
      let line = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
      text += String(decoding: line, as: UTF8.self) + "\n"
    }
    try text.write(toFile: folder + "/steps.jsonl", atomically: true, encoding: .utf8)
  }

  /// Marks `folder` complete with the parameters it was generated with.
  static func markComplete(_ folder: String, parameters: String) throws {
    try parameters.write(toFile: folder + "/.complete", atomically: true, encoding: .utf8)
  }

  /// True when `folder` was completely generated with exactly these parameters.
  static func isComplete(_ folder: String, parameters: String) -> Bool {
    (try? String(contentsOfFile: folder + "/.complete", encoding: .utf8)) == parameters
  }
}
