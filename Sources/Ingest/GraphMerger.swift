import Foundation
import Geometry
import GraphStore

/// Merges graph databases into one: every recorded visit of every source of the input, in
/// order, is ingested again into the output with its action, so pages seen by several inputs
/// (several crawl workers, several recorders) fold into one unique page by the same
/// page-identity rule. A source already merged is skipped, so merging again changes nothing.
/// The visits' dumps and screenshots must still be where the inputs recorded them.
public enum GraphMerger {
  /// Merges `input` into the graph of `ingester`; returns what was added.
  public static func merge(_ input: Database, into ingester: GraphIngester) throws -> IngestSummary
  {
    var total = IngestSummary()
    for source in try input.sources() {
      guard let id = source.id else { continue }
      let (format, fingerprint) = (source.format, source.fingerprint)
      let steps = try visits(of: id, in: input)
      total.add(
        try ingester.ingest(
          steps, source: "merge:\(fingerprint)", format: format,
          identity: "merge:\(fingerprint)"))
    }
    return total
  }

  /// A source's visits as trace steps (the parent named by its record, the action from the
  /// recorded transition).
  static func visits(of source: Int64, in db: Database) throws -> [TraceStep] {
    try db.recordedSteps(source: source).map { recorded in
      var action: TraceAction?
      if let recordedAction = recorded.action {
        let point = recordedAction.x.flatMap { x in
          recordedAction.y.flatMap { y -> Point? in
            let range = PixelCoordinate.range
            guard let x = Int(exactly: x), let y = Int(exactly: y), range.contains(x),
              range.contains(y)
            else { return nil }
            return Point(x: x, y: y)
          }
        }
        let bounds = recordedAction.box.flatMap { box -> Bounds? in
          guard let left = Int(exactly: box.left), let top = Int(exactly: box.top),
            let right = Int(exactly: box.right), let bottom = Int(exactly: box.bottom)
          else { return nil }
          return Bounds(checkedLeft: left, top: top, right: right, bottom: bottom)
        }
        action = TraceAction(
          type: recordedAction.type, point: point, bounds: bounds, text: recordedAction.text,
          direction: recordedAction.direction, mobile3M: recordedAction.mobile3M)
      }
      return TraceStep(
        record: recorded.record, app: recorded.app, name: recorded.name,
        parentRecord: recorded.parentRecord, depth: recorded.depth.flatMap { Int(exactly: $0) },
        xmlPath: recorded.xmlPath, screenshotPath: recorded.screenshotPath, action: action)
    }
  }
}
