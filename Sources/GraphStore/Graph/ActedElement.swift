/// The element a recorded action acted on, as stored with its page: where it is in the page's
/// dump and on screen, and what it shows.
public struct ActedElement: Sendable, Hashable {
  /// Element row id.
  public var id: Int64
  /// Its node index in the page's dump (document order).
  public var nodeIndex: Int
  /// Its compact-HTML line (dataset variant), when it has one.
  public var htmlLine: String?
  /// Its box in screen pixels, when it had bounds.
  public var box: ElementRow.Box?
  /// Its text.
  public var text: String
  /// Its content description.
  public var contentDescription: String

  /// An acted element.
  public init(
    id: Int64, nodeIndex: Int, htmlLine: String?, box: ElementRow.Box?, text: String,
    contentDescription: String
  ) {
    self.id = id
    self.nodeIndex = nodeIndex
    self.htmlLine = htmlLine
    self.box = box
    self.text = text
    self.contentDescription = contentDescription
  }
}

extension Row {
  /// The element columns ``actedElement()`` reads, for a query joining `element el` (those of
  /// ``elementSummaryColumns`` and the node index and compact-HTML line).
  static let actedElementColumns = """
    \(elementSummaryColumns), el.node_index AS node_index, el.html_line AS html_line
    """

  /// The element of ``actedElementColumns``; nil when there is none (`element_id` NULL).
  func actedElement() -> ActedElement? {
    guard let id = self["element_id"].int64 else { return nil }
    var box: ElementRow.Box?
    if let left = self["x1"].int64, let top = self["y1"].int64, let right = self["x2"].int64,
      let bottom = self["y2"].int64
    {
      box = ElementRow.Box(left: left, top: top, right: right, bottom: bottom)
    }
    return ActedElement(
      id: id, nodeIndex: self["node_index"].int64.flatMap { Int(exactly: $0) } ?? 0,
      htmlLine: self["html_line"].string, box: box, text: self["element_text"].string ?? "",
      contentDescription: self["element_content_desc"].string ?? "")
  }
}
