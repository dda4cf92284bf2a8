/// A graph read back as the steps that recorded it: each source's visits in order, with the
/// parent's record and the transition's action (what merging graphs ingests again).
extension Database {
  /// One recorded visit with what led to it.
  public struct RecordedStep: Sendable, Hashable {
    /// Its record.
    public var record: String
    /// Its app's name.
    public var app: String
    /// Its name.
    public var name: String?
    /// The parent visit's record.
    public var parentRecord: String?
    /// Its depth.
    public var depth: Int64?
    /// Its dump.
    public var xmlPath: String?
    /// Its screenshot.
    public var screenshotPath: String?
    /// The action from the parent, when one was recorded.
    public var action: Action?

    /// The action of a recorded transition.
    public struct Action: Sendable, Hashable {
      public var type: String
      public var mobile3M: String?
      public var text: String?
      public var direction: String?
      /// The point touched.
      public var x: Int64?
      public var y: Int64?
      /// The box of the element acted on.
      public var box: ElementRow.Box?
    }
  }

  /// Every source, oldest first.
  public func sources() throws -> [SourceRow] {
    try rows("SELECT id, path, format, fingerprint, status FROM source ORDER BY id").compactMap {
      row in
      guard let id = row["id"].int64, let format = row["format"].string,
        let fingerprint = row["fingerprint"].string
      else { return nil }
      return SourceRow(
        id: id, path: row["path"].string ?? "", format: format, fingerprint: fingerprint,
        status: row["status"].string.flatMap(SourceRow.Status.init(rawValue:)) ?? .running)
    }
  }

  /// A source's visits as recorded steps, in the order they were recorded.
  public func recordedSteps(source: Int64) throws -> [RecordedStep] {
    try rows(
      """
      SELECT v.record AS record, app.name AS app, v.name AS name,
             parent.record AS parent_record, v.depth AS depth, v.xml_path AS xml_path,
             v.screenshot_path AS screenshot_path, a.type AS action_type, a.mobile3m AS mobile3m,
             a.text AS text, a.direction AS direction, e.x AS x, e.y AS y, el.x1 AS x1,
             el.y1 AS y1, el.x2 AS x2, el.y2 AS y2
      FROM visit v JOIN app ON app.id = v.app_id
      LEFT JOIN visit parent ON parent.id = v.parent_visit_id
      LEFT JOIN visit_edge e ON e.to_visit = v.id AND e.from_visit = v.parent_visit_id
      LEFT JOIN action a ON a.id = e.action_id
      LEFT JOIN element el ON el.id = e.element_id
      WHERE v.source_id = ? ORDER BY v.id
      """, [.integer(source)]
    ).map { row in
      var action: RecordedStep.Action?
      if let type = row["action_type"].string {
        var box: ElementRow.Box?
        if let left = row["x1"].int64, let top = row["y1"].int64, let right = row["x2"].int64,
          let bottom = row["y2"].int64
        {
          box = ElementRow.Box(left: left, top: top, right: right, bottom: bottom)
        }
        action = RecordedStep.Action(
          type: type, mobile3M: row["mobile3m"].string, text: row["text"].string,
          direction: row["direction"].string, x: row["x"].int64, y: row["y"].int64, box: box)
      }
      return RecordedStep(
        record: row["record"].string ?? "", app: row["app"].string ?? "unknown",
        name: row["name"].string, parentRecord: row["parent_record"].string,
        depth: row["depth"].int64, xmlPath: row["xml_path"].string,
        screenshotPath: row["screenshot_path"].string, action: action)
    }
  }
}
