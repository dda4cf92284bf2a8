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
    let sources = try input.fetchAll("SELECT id, format, fingerprint FROM source ORDER BY id")
    for source in sources {
      guard let id = source[0].int64, let format = source[1].string,
        let fingerprint = source[2].string
      else { continue }
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
    let rows = try db.fetchAll(
      """
      SELECT v.record, app.name, v.name, parent.record, v.depth, v.xml_path, v.screenshot_path,
             a.type, a.mobile3m, a.text, a.direction, e.x, e.y, el.x1, el.y1, el.x2, el.y2
      FROM visit v JOIN app ON app.id = v.app_id
      LEFT JOIN visit parent ON parent.id = v.parent_visit_id
      LEFT JOIN visit_edge e ON e.to_visit = v.id AND e.from_visit = v.parent_visit_id
      LEFT JOIN action a ON a.id = e.action_id
      LEFT JOIN element el ON el.id = e.element_id
      WHERE v.source_id = ? ORDER BY v.id
      """, [.integer(source)])
    return rows.map { row in
      var action: TraceAction?
      if let type = row[7].string {
        let point = row[11].int64.flatMap { x in
          row[12].int64.flatMap { y -> Point? in
            let range = PixelCoordinate.range
            guard range.contains(Int(x)), range.contains(Int(y)) else { return nil }
            return Point(x: Int(x), y: Int(y))
          }
        }
        var bounds: Bounds?
        if let x1 = row[13].int64, let y1 = row[14].int64, let x2 = row[15].int64,
          let y2 = row[16].int64
        {
          bounds = Bounds(checkedLeft: Int(x1), top: Int(y1), right: Int(x2), bottom: Int(y2))
        }
        action = TraceAction(
          type: type, point: point, bounds: bounds, text: row[9].string,
          direction: row[10].string, mobile3M: row[8].string)
      }
      return TraceStep(
        record: row[0].string ?? "", app: row[1].string ?? "unknown", name: row[2].string,
        parentRecord: row[3].string, depth: row[4].int64.map(Int.init), xmlPath: row[5].string,
        screenshotPath: row[6].string, action: action)
    }
  }
}
