/// A row of `element`: one node of a unique page's UI tree.
public struct ElementRow: Sendable, Hashable {
  /// Its box in screen pixels (`[left,top][right,bottom]`), when the dump gave one.
  public struct Box: Sendable, Hashable {
    public var left: Int64
    public var top: Int64
    public var right: Int64
    public var bottom: Int64

    /// A box.
    public init(left: Int64, top: Int64, right: Int64, bottom: Int64) {
      self.left = left
      self.top = top
      self.right = right
      self.bottom = bottom
    }
  }

  /// The page it is on.
  public var page: Int64
  /// Its index in the tree (depth-first).
  public var nodeIndex: Int64
  /// Its class name.
  public var className: String
  /// Its text.
  public var text: String
  /// Its content description.
  public var contentDescription: String
  /// Its resource id.
  public var resourceID: String
  /// Its box.
  public var box: Box?
  /// Whether it takes clicks.
  public var clickable: Bool
  /// Whether it scrolls.
  public var scrollable: Bool
  /// Whether it takes text.
  public var editable: Bool
  /// Its compact-HTML line, when it has one.
  public var htmlLine: String?

  /// An element row.
  public init(
    page: Int64, nodeIndex: Int64, className: String, text: String,
    contentDescription: String = "", resourceID: String = "", box: Box?,
    clickable: Bool, scrollable: Bool = false, editable: Bool = false, htmlLine: String? = nil
  ) {
    self.page = page
    self.nodeIndex = nodeIndex
    self.className = className
    self.text = text
    self.contentDescription = contentDescription
    self.resourceID = resourceID
    self.box = box
    self.clickable = clickable
    self.scrollable = scrollable
    self.editable = editable
    self.htmlLine = htmlLine
  }
}
