import Geometry

/// One element of a UI hierarchy: a `<node>` of a uiautomator dump, or a class-named element of
/// uiautomator2/Appium page source.
///
/// Every attribute is kept in document order, known or not; the typed accessors read the common
/// ones.
public struct UINode: Sendable, Hashable {
  /// Position in ``UITree/nodes`` (document pre-order).
  public var index: Int
  /// Index of the parent node, nil for a window root.
  public var parent: Int?
  /// Depth below the `<hierarchy>` element (window roots are 0).
  public var depth: Int
  /// Indices of the children, in document order.
  public var children: [Int] = []
  /// The XML element name: `node`, or a class name in Appium page source.
  public var elementName: String
  /// Every attribute as written, in document order.
  public var attributes: [Attribute]
  /// The parsed `bounds` attribute; inverted and zero-area boxes are kept as recorded.
  public var bounds: Bounds?

  /// One XML attribute.
  public struct Attribute: Sendable, Hashable, Codable {
    /// The attribute name, e.g. `resource-id`.
    public var name: String
    /// The decoded value.
    public var value: String

    /// An attribute from its name and value.
    public init(name: String, value: String) {
      self.name = name
      self.value = value
    }
  }

  /// A node from its parts (used by readers of non-XML view trees, e.g. DroidBot JSON).
  public init(
    index: Int, parent: Int?, depth: Int, elementName: String = "node",
    attributes: [Attribute]
  ) {
    self.index = index
    self.parent = parent
    self.depth = depth
    self.elementName = elementName
    self.attributes = attributes
    self.bounds = attributes.first(where: { $0.name == "bounds" }).flatMap {
      Bounds(parsing: $0.value)
    }
  }

  /// The value of an attribute, or nil when absent.
  public subscript(attribute name: String) -> String? {
    attributes.first(where: { $0.name == name })?.value
  }

  /// True when the attribute is present.
  public func has(_ name: String) -> Bool { attributes.contains { $0.name == name } }

  private func flag(_ name: String) -> Bool { self[attribute: name] == "true" }

  /// `text` (empty when absent).
  public var text: String { self[attribute: "text"] ?? "" }
  /// `resource-id` (empty when absent).
  public var resourceID: String { self[attribute: "resource-id"] ?? "" }
  /// `class`, or the element name when the dump names elements by class.
  public var className: String {
    if let value = self[attribute: "class"] { return value }
    return elementName == "node" ? "" : elementName
  }
  /// `package` (empty when absent).
  public var package: String { self[attribute: "package"] ?? "" }
  /// `content-desc` (empty when absent).
  public var contentDescription: String { self[attribute: "content-desc"] ?? "" }
  /// `hint` (API 26+ dumps; empty when absent).
  public var hint: String { self[attribute: "hint"] ?? "" }
  /// `checkable="true"`.
  public var isCheckable: Bool { flag("checkable") }
  /// `checked="true"`.
  public var isChecked: Bool { flag("checked") }
  /// `clickable="true"`.
  public var isClickable: Bool { flag("clickable") }
  /// `enabled="true"`.
  public var isEnabled: Bool { flag("enabled") }
  /// `focusable="true"`.
  public var isFocusable: Bool { flag("focusable") }
  /// `focused="true"`.
  public var isFocused: Bool { flag("focused") }
  /// `scrollable="true"`.
  public var isScrollable: Bool { flag("scrollable") }
  /// `long-clickable="true"`.
  public var isLongClickable: Bool { flag("long-clickable") }
  /// `password="true"`.
  public var isPassword: Bool { flag("password") }
  /// `selected="true"`.
  public var isSelected: Bool { flag("selected") }
  /// `NAF="true"`: clickable with no accessible label (only written when true).
  public var isNAF: Bool { flag("NAF") }
  /// `visible-to-user`, nil in legacy dumps that do not write it.
  public var isVisibleToUser: Bool? { self[attribute: "visible-to-user"].map { $0 == "true" } }
  /// An editable text field (class contains `EditText`).
  public var isEditable: Bool { className.contains("EditText") }
  /// True when the node has no children.
  public var isLeaf: Bool { children.isEmpty }
  /// `index` (position among siblings), nil when absent or not a number.
  public var siblingIndex: Int? { self[attribute: "index"].flatMap { Int($0) } }
  /// `drawing-order` (API 24+), nil when absent.
  public var drawingOrder: Int? { self[attribute: "drawing-order"].flatMap { Int($0) } }
  /// `display-id` (API 30+), nil when absent.
  public var displayID: Int? { self[attribute: "display-id"].flatMap { Int($0) } }
}
