/// One recorded transition between two visits with what a sample of it needs: both screens'
/// files, the action and the element it acted on, and the child's unique page.
public struct VisitTransition: Sendable, Hashable {
  /// The visit the action led to.
  public var childVisit: Int64
  /// The unique page the child visit folded into.
  public var childPage: Int64
  /// The unique page of the visit acted on.
  public var parentPage: Int64
  /// The child's app name.
  public var app: String
  /// The child page's name, else its id: the key its split is drawn by.
  public var childPageKey: String
  /// The parent visit's dump.
  public var parentXMLPath: String?
  /// The parent visit's screenshot.
  public var parentScreenshotPath: String?
  /// The child visit's dump.
  public var childXMLPath: String?
  /// The child visit's screenshot.
  public var childScreenshotPath: String?
  /// The action.
  public var action: RecordedAction
  /// The element acted on, when known.
  public var actedElement: ActedElement?
  /// The length in characters of the child page's compact HTML, when the child visit has the
  /// page's line set (its own HTML then has that length too); nil otherwise.
  public var childPageHTMLLength: Int?
}

extension Database {
  /// Calls `body` with every recorded transition between visits (self-loops included), by the
  /// visit acted on then the transition's id, as they are read.
  public func forEachVisitTransition(_ body: (VisitTransition) throws -> Void) throws {
    try forEachRow(
      """
      SELECT child.id AS child_visit, child.page_id AS child_page,
             parent.page_id AS parent_page, app.name AS app, cp.name AS child_page_name,
             parent.xml_path AS parent_xml_path, parent.screenshot_path AS parent_screenshot_path,
             child.xml_path AS child_xml_path, child.screenshot_path AS child_screenshot_path,
             \(Row.recordedActionColumns), \(Row.actedElementColumns),
             CASE WHEN child.line_set_hash = cp.line_set_hash THEN length(cp.html) END
               AS child_page_html_length
      FROM visit_edge e
      JOIN visit child ON child.id = e.to_visit JOIN visit parent ON parent.id = e.from_visit
      JOIN page cp ON cp.id = child.page_id JOIN app ON app.id = child.app_id
      JOIN action a ON a.id = e.action_id LEFT JOIN element el ON el.id = e.element_id
      ORDER BY e.from_visit, e.id
      """
    ) { row in
      let childPage = row["child_page"].int64 ?? 0
      try body(
        VisitTransition(
          childVisit: row["child_visit"].int64 ?? 0, childPage: childPage,
          parentPage: row["parent_page"].int64 ?? 0, app: row["app"].string ?? "",
          childPageKey: row["child_page_name"].string ?? String(childPage),
          parentXMLPath: row["parent_xml_path"].string,
          parentScreenshotPath: row["parent_screenshot_path"].string,
          childXMLPath: row["child_xml_path"].string,
          childScreenshotPath: row["child_screenshot_path"].string,
          action: row.recordedAction(), actedElement: row.actedElement(),
          childPageHTMLLength: row["child_page_html_length"].int64.flatMap { Int(exactly: $0) }))
    }
  }
}
