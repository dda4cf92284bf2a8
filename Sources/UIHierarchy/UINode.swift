import Geometry

/// One element of a UI hierarchy: a `<node>` of a uiautomator dump, or a class-named element of
/// uiautomator2/Appium page source.
///
/// Every attribute is kept in document order, known or not; the typed accessors read the common
/// ones. The attributes of a parsed tree's nodes are stored once for the whole tree (no string
/// or array per attribute); two nodes are equal when their fields and attributes are, wherever
/// they are stored.
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
  /// Every attribute as written, in document order (made on each read; the typed accessors and
  /// ``subscript(attribute:)`` read the stored attributes without making them).
  public var attributes: [Attribute] {
    get { table.attributes(in: entries) }
    set {
      table = AttributeTable(newValue)
      entries = 0..<newValue.count
      indexAttributes()
    }
  }
  /// The parsed `bounds` attribute; inverted and zero-area boxes are kept as recorded.
  public var bounds: Bounds?

  // The attributes read on hot paths, filled once from `attributes`.
  /// `text` (empty when absent).
  public private(set) var text = ""
  /// `resource-id` (empty when absent).
  public private(set) var resourceID = ""
  /// `class`, or the element name when the dump names elements by class.
  public private(set) var className = ""
  /// `package` (empty when absent).
  public private(set) var package = ""
  /// `content-desc` (empty when absent).
  public private(set) var contentDescription = ""
  private var flags: Flags = []
  /// Where the attributes are stored: the tree's table, and this node's entries there.
  var table: AttributeTable
  var entries: Range<Int>

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
    table = AttributeTable(attributes)
    entries = 0..<attributes.count
    indexAttributes()
    if bounds == nil, let text = self[attribute: "bounds"] { bounds = Bounds(parsing: text) }
  }

  /// Boolean attributes that are `"true"`.
  fileprivate struct Flags: OptionSet, Hashable {
    let rawValue: UInt16
    static let checkable = Flags(rawValue: 1 << 0)
    static let checked = Flags(rawValue: 1 << 1)
    static let clickable = Flags(rawValue: 1 << 2)
    static let enabled = Flags(rawValue: 1 << 3)
    static let focusable = Flags(rawValue: 1 << 4)
    static let focused = Flags(rawValue: 1 << 5)
    static let scrollable = Flags(rawValue: 1 << 6)
    static let longClickable = Flags(rawValue: 1 << 7)
    static let password = Flags(rawValue: 1 << 8)
    static let selected = Flags(rawValue: 1 << 9)
    static let naf = Flags(rawValue: 1 << 10)
    static let hasClickable = Flags(rawValue: 1 << 11)
  }

  /// The attributes the typed accessors read, by name: what a parser decides once per distinct
  /// attribute name rather than once per node.
  enum Known: UInt8 {
    case other, text, resourceID, className, package, contentDescription, clickable, checkable
    case checked, enabled, focusable, focused, scrollable, longClickable, password, selected, naf

    /// True for the attributes whose value is kept as a string field (text, class…).
    var isString: Bool {
      switch self {
      case .text, .resourceID, .className, .package, .contentDescription: return true
      default: return false
      }
    }

    init(name: String) {
      switch name {
      case "text": self = .text
      case "resource-id": self = .resourceID
      case "class": self = .className
      case "package": self = .package
      case "content-desc": self = .contentDescription
      case "clickable": self = .clickable
      case "checkable": self = .checkable
      case "checked": self = .checked
      case "enabled": self = .enabled
      case "focusable": self = .focusable
      case "focused": self = .focused
      case "scrollable": self = .scrollable
      case "long-clickable": self = .longClickable
      case "password": self = .password
      case "selected": self = .selected
      case "NAF": self = .naf
      default: self = .other
      }
    }
  }

  /// The typed fields of a node, filled attribute by attribute.
  struct IndexedAttributes {
    var text = ""
    var resourceID = ""
    var className: String?
    var package = ""
    var contentDescription = ""
    fileprivate var flags: Flags = []

    init() {}

    /// Takes in one attribute, in document order; `isTrue` when its value is `"true"`.
    @inline(__always)
    mutating func add(_ known: Known, value: String, isTrue: Bool) {
      switch known {
      case .other: break
      case .text: text = value
      case .resourceID: resourceID = value
      case .className: className = value
      case .package: package = value
      case .contentDescription: contentDescription = value
      case .clickable:
        flags.insert(.hasClickable)
        if isTrue { flags.insert(.clickable) }
      case .checkable: if isTrue { flags.insert(.checkable) }
      case .checked: if isTrue { flags.insert(.checked) }
      case .enabled: if isTrue { flags.insert(.enabled) }
      case .focusable: if isTrue { flags.insert(.focusable) }
      case .focused: if isTrue { flags.insert(.focused) }
      case .scrollable: if isTrue { flags.insert(.scrollable) }
      case .longClickable: if isTrue { flags.insert(.longClickable) }
      case .password: if isTrue { flags.insert(.password) }
      case .selected: if isTrue { flags.insert(.selected) }
      case .naf: if isTrue { flags.insert(.naf) }
      }
    }
  }

  /// A parsed node whose typed fields were filled while its attributes were read; its
  /// attributes are `entries` of the table its tree is given when complete
  /// (``HierarchyBuilder``).
  init(
    index: Int, parent: Int?, depth: Int, elementName: String, entries: Range<Int>,
    bounds: Bounds?, indexed: IndexedAttributes
  ) {
    self.index = index
    self.parent = parent
    self.depth = depth
    self.elementName = elementName
    self.table = .empty
    self.entries = entries
    self.bounds = bounds
    apply(indexed)
  }

  private mutating func indexAttributes() {
    var indexed = IndexedAttributes()
    var knownNames: [Known?] = Array(repeating: nil, count: table.names.count)
    for position in entries {
      let entry = table.entries[position]
      let known = knownNames[entry.name] ?? Known(name: table.names[entry.name])
      knownNames[entry.name] = known
      let isTrue = table.withValue(of: entry) { $0.elementsEqual("true".utf8) }
      indexed.add(
        known, value: known.isString ? table.value(of: entry) : "", isTrue: isTrue)
    }
    apply(indexed)
  }

  private mutating func apply(_ indexed: IndexedAttributes) {
    text = indexed.text
    resourceID = indexed.resourceID
    package = indexed.package
    contentDescription = indexed.contentDescription
    className = indexed.className ?? (elementName == "node" ? "" : elementName)
    flags = indexed.flags
  }

  /// True when the node has a `clickable` attribute at all (true or false).
  public var hasClickableAttribute: Bool { flags.contains(.hasClickable) }

  /// The value of an attribute (the first of that name), or nil when absent.
  public subscript(attribute name: String) -> String? {
    table.firstEntry(named: name, in: entries).map { table.value(of: $0) }
  }

  /// True when the attribute is present.
  public func has(_ name: String) -> Bool { table.firstEntry(named: name, in: entries) != nil }

  public static func == (first: UINode, second: UINode) -> Bool {
    first.index == second.index && first.parent == second.parent && first.depth == second.depth
      && first.children == second.children && first.elementName == second.elementName
      && first.bounds == second.bounds && first.flags == second.flags
      && first.text == second.text && first.resourceID == second.resourceID
      && first.className == second.className && first.package == second.package
      && first.contentDescription == second.contentDescription
      && first.table.sameAttributes(in: first.entries, as: second.table, in: second.entries)
  }

  public func hash(into hasher: inout Hasher) {
    // The typed fields follow from the attributes and the element name.
    hasher.combine(index)
    hasher.combine(parent)
    hasher.combine(depth)
    hasher.combine(children)
    hasher.combine(elementName)
    hasher.combine(bounds)
    table.hash(in: entries, into: &hasher)
  }

  /// `hint` (API 26+ dumps; empty when absent).
  public var hint: String { self[attribute: "hint"] ?? "" }
  /// `checkable="true"`.
  public var isCheckable: Bool { flags.contains(.checkable) }
  /// `checked="true"`.
  public var isChecked: Bool { flags.contains(.checked) }
  /// `clickable="true"`.
  public var isClickable: Bool { flags.contains(.clickable) }
  /// `enabled="true"`.
  public var isEnabled: Bool { flags.contains(.enabled) }
  /// `focusable="true"`.
  public var isFocusable: Bool { flags.contains(.focusable) }
  /// `focused="true"`.
  public var isFocused: Bool { flags.contains(.focused) }
  /// `scrollable="true"`.
  public var isScrollable: Bool { flags.contains(.scrollable) }
  /// `long-clickable="true"`.
  public var isLongClickable: Bool { flags.contains(.longClickable) }
  /// `password="true"`.
  public var isPassword: Bool { flags.contains(.password) }
  /// `selected="true"`.
  public var isSelected: Bool { flags.contains(.selected) }
  /// `NAF="true"`: clickable with no accessible label (only written when true).
  public var isNAF: Bool { flags.contains(.naf) }
  /// `visible-to-user`, nil in legacy dumps that do not write it.
  public var isVisibleToUser: Bool? { self[attribute: "visible-to-user"].map { $0 == "true" } }
  /// An editable text field (class contains `EditText`).
  public var isEditable: Bool { className.containsBytes("EditText") }
  /// True when the node has no children.
  public var isLeaf: Bool { children.isEmpty }
  /// `index` (position among siblings), nil when absent or not a number.
  public var siblingIndex: Int? { self[attribute: "index"].flatMap { Int($0) } }
  /// `drawing-order` (API 24+), nil when absent.
  public var drawingOrder: Int? { self[attribute: "drawing-order"].flatMap { Int($0) } }
  /// `display-id` (API 30+), nil when absent.
  public var displayID: Int? { self[attribute: "display-id"].flatMap { Int($0) } }
}
