import Foundation
import Geometry

/// Reads m3m's own trace folder: `steps.jsonl`, one JSON object per recorded screen, so any
/// recorder can write it.
///
/// ```json
/// {"id": "0", "app": "com.example", "xml": "0.xml", "screenshot": "0.png"}
/// {"id": "1", "from": "0", "xml": "1.xml", "screenshot": "1.png",
///  "action": {"type": "click", "x": 360, "y": 420, "bounds": "[0,380][720,460]"}}
/// ```
///
/// Fields: `id` (unique in the file; default: the line number), `app` (default: the folder's
/// name, or the previous line's app), `xml` and `screenshot` (paths relative to the folder),
/// `from` (the id of the screen the action started on; default: the previous line; `null` for a
/// fresh start), `name` (a Mobile3M page name, optional), and `action`: `type` (`click`,
/// `long_press`, `scroll`, `input`, `back`, `home`, `enter`, …), `x`/`y`, `bounds`, `text`,
/// `direction` (finger movement, `up` = the finger moves up) and `mobile3m` (the action string),
/// all optional. A line that is not valid JSON is rejected with its line number. The goal of the
/// trace is `goal.txt` beside it, else the `goal` field of the first line that has one.
public enum TraceFolderReader {
  /// The file a trace folder is recognised by: its steps.
  static let stepsFile = "steps.jsonl"

  /// True when `folder` holds `steps.jsonl`.
  public static func recognises(_ folder: String) -> Bool {
    FileLookup.exists(folder + "/" + stepsFile)
  }

  /// The trace's screens in file order, read lazily line by line; a line that cannot be read
  /// becomes a step carrying its ``TraceStep/problem``, which ingest records as a reject.
  public static func steps(in folder: String) throws -> Steps {
    Steps(
      folder: folder, lines: try LineReader(path: folder + "/" + TraceFolderReader.stepsFile),
      goal: FileLookup.text(folder + "/goal.txt")
        .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) })
  }

  /// The steps of one trace folder, produced as the file is read.
  public struct Steps: Sequence {
    let folder: String
    let lines: LineReader
    let goal: String?

    /// Iterates the steps.
    public func makeIterator() -> Iterator {
      Iterator(
        folder: folder, lines: lines.makeIterator(), app: FileLookup.lastComponent(folder),
        goal: goal)
    }

    /// Turns lines into steps, carrying the app and the previous id forward.
    public struct Iterator: IteratorProtocol {
      let folder: String
      /// `folder/steps.jsonl`, for messages.
      let path: String
      var lines: LineReader.Iterator
      var app: String
      var goal: String?
      var previous: String?

      init(folder: String, lines: LineReader.Iterator, app: String, goal: String?) {
        self.folder = folder
        path = folder + "/" + TraceFolderReader.stepsFile
        self.lines = lines
        self.app = app
        self.goal = goal
      }

      /// The next step, or nil at the end of the file.
      public mutating func next() -> TraceStep? {
        while let (number, line) = lines.next() {
          if lines.lastLineWasTooLong {
            var step = TraceStep(record: "line \(number)", app: app, xmlPath: path)
            step.problem =
              "\(path): line \(number) is longer than "
              + "\(WholeFile.megabytes(LineReader.defaultMaximumLineBytes)), the most a line may be"
            return step
          }
          // A blank line (stops at the first character that is not a space; a line that opens
          // an object, as nearly all do, is not looked at further).
          guard
            line.utf8.first == UInt8(ascii: "{")
              || !line.unicodeScalars.allSatisfy(CharacterSet.whitespaces.contains)
          else { continue }
          guard let fields = StepLine(line) else {
            var step = TraceStep(record: "line \(number)", app: app, xmlPath: path)
            step.problem = "\(path): line \(number) is not a JSON object"
            return step
          }
          let id = fields.id ?? String(number)
          if let given = fields.app { app = given }
          let from = fields.hasFrom ? fields.from : previous
          let folder = self.folder
          previous = id
          if goal == nil { goal = fields.goal }
          var step = TraceStep(
            record: id, app: app, name: fields.name, parentRecord: from,
            xmlPath: fields.xml.map { folder + "/" + $0 },
            screenshotPath: fields.screenshot.map { folder + "/" + $0 },
            action: from == nil ? nil : TraceFolderReader.action(fields.action))
          step.goal = goal
          return step
        }
        return nil
      }
    }
  }

  static func action(_ fields: StepLine.Action?) -> TraceAction {
    guard let fields else { return TraceAction(type: "unknown") }
    return action(
      type: fields.type, x: fields.x, y: fields.y, bounds: fields.bounds, text: fields.text,
      direction: fields.direction, mobile3M: fields.mobile3M)
  }

  /// The action of a `steps.jsonl` line's `action` fields (also what a live session's step
  /// sends): no type is `unknown`; a point out of range and bounds that do not parse are left
  /// out.
  public static func action(
    type: String?, x: Double?, y: Double?, bounds: String?, text: String?, direction: String?,
    mobile3M: String?
  ) -> TraceAction {
    // Checked: a huge or fractional JSON number is not a coordinate.
    let point = x.flatMap { x in y.flatMap { Point(checkedX: x, y: $0) } }
    return TraceAction(
      type: type ?? "unknown", point: point, bounds: bounds.flatMap(Bounds.init(parsing:)),
      text: text, direction: direction, mobile3M: mobile3M)
  }
}
