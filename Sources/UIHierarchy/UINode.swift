import Geometry

/// One element of a UI hierarchy: a `<node>` of a uiautomator dump, or a class-named element of
/// uiautomator2/Appium page source.
///
/// Every attribute is kept in document order, known or not; the typed accessors read the common
/// ones. The attributes, typed fields' strings and children lists of a parsed tree's nodes are
/// stored once for the whole tree (no string or array per attribute or per node, so a node is
/// copied and freed with few reference counts); two nodes are equal when their fields and
/// attributes are, wherever they are stored.
public struct UINode: Sendable, Hashable {
  /// Position in ``UITree/nodes`` (document pre-order).
  public var index: Int
  /// Index of the parent node, nil for a window root.
  public var parent: Int?
  /// Depth below the `<hierarchy>` element (window roots are 0).
  public var depth: Int
  /// Indices of the children, in document order.
  public var children: [Int] {
    get { ownChildren ?? Array(table.children[sharedChildren]) }
    set { ownChildren = newValue }
    _modify {
      // Taken out while changed, so it is changed in place.
      var list = ownChildren ?? Array(table.children[sharedChildren])
      ownChildren = nil
      defer { ownChildren = list }
      yield &list
    }
  }
  /// The XML element name: `node`, or a class name in Appium page source.
  public var elementName: String
  /// Every attribute as written, in document order (made on each read; the typed accessors and
  /// ``subscript(attribute:)`` read the stored attributes without making them).
  public var attributes: [Attribute] {
    get { table.attributes(in: entries) }
    set { setAttributes(newValue) }
  }
  /// The parsed `bounds` attribute; inverted and zero-area boxes are kept as recorded.
  public var bounds: Bounds?

  // The attributes read on hot paths, found once from `attributes`.
  /// `text` (empty when absent).
  public var text: String { table.strings[Int(fields.text)] }
  /// `resource-id` (empty when absent).
  public var resourceID: String { table.strings[Int(fields.resourceID)] }
  /// `class`, or the element name when the dump names elements by class.
  public var className: String { table.strings[Int(fields.className)] }
  /// `package` (empty when absent).
  public var package: String { table.strings[Int(fields.package)] }
  /// `content-desc` (empty when absent).
  public var contentDescription: String { table.strings[Int(fields.contentDescription)] }
  private var flags: Flags = []
  /// Where the attributes are stored: the tree's table, and this node's entries there.
  var table: AttributeTable
  var entries: Range<Int>
  /// The typed fields' strings, as indices in the table's ``AttributeTable/strings``.
  private var fields = StringFields()
  /// The children: this range of the table's ``AttributeTable/children``, unless changed since
  /// (then ``ownChildren``).
  var sharedChildren: Range<Int> = 0..<0
  private var ownChildren: [Int]?

  /// Where the typed fields' strings are in ``AttributeTable/strings`` (0: empty).
  struct StringFields: Hashable {
    var text: UInt32 = 0
    var resourceID: UInt32 = 0
    var className: UInt32 = 0
    var package: UInt32 = 0
    var contentDescription: UInt32 = 0
  }

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
    table = .empty
    entries = 0..<0
    setAttributes(attributes)
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

  /// The typed fields of a node, filled attribute by attribute: strings as their indices in the
  /// strings of the tree being built (``HierarchyBuilder/addString(_:)``).
  struct IndexedAttributes {
    var fields = StringFields()
    /// False until a `class` attribute is read.
    var hasClassName = false
    fileprivate var flags: Flags = []

    init() {}

    /// Takes in one attribute, in document order: `string`, for a typed string field, is the
    /// index of its value; `isTrue` when its value is `"true"`.
    @inline(__always)
    mutating func add(_ known: Known, string: UInt32, isTrue: Bool) {
      switch known {
      case .other: break
      case .text: fields.text = string
      case .resourceID: fields.resourceID = string
      case .className:
        fields.className = string
        hasClassName = true
      case .package: fields.package = string
      case .contentDescription: fields.contentDescription = string
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

  /// A parsed node whose typed fields were filled while its attributes were read (its class
  /// name's string given when no `class` attribute was); its attributes are `entries` of the
  /// table its tree is given when complete (``HierarchyBuilder``), and its children too.
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
    fields = indexed.fields
    flags = indexed.flags
  }

  /// Stores `attributes` in a table of this node's own and fills the typed fields from them
  /// (the children are kept).
  private mutating func setAttributes(_ attributes: [Attribute]) {
    // The children move out of the table being replaced.
    if ownChildren == nil, !sharedChildren.isEmpty {
      ownChildren = Array(table.children[sharedChildren])
    }
    sharedChildren = 0..<0
    var strings = [""]
    var indexed = IndexedAttributes()
    for attribute in attributes {
      let known = Known(name: attribute.name)
      var string: UInt32 = 0
      if known.isString, !attribute.value.isEmpty {
        string = UInt32(strings.count)
        strings.append(attribute.value)
      }
      indexed.add(known, string: string, isTrue: attribute.value == "true")
    }
    if !indexed.hasClassName, elementName != "node" {
      indexed.fields.className = UInt32(strings.count)
      strings.append(elementName)
    }
    table = AttributeTable(attributes, strings: strings)
    entries = 0..<attributes.count
    fields = indexed.fields
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
      && first.hasSameChildren(as: second) && first.elementName == second.elementName
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
    withChildren { children in
      hasher.combine(children.count)
      for child in children { hasher.combine(child) }
    }
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
  public var isLeaf: Bool { ownChildren?.isEmpty ?? sharedChildren.isEmpty }

  /// Calls `body` with the children's indices, wherever they are stored, without copying them.
  private func withChildren<Result>(_ body: (ArraySlice<Int>) -> Result) -> Result {
    if let ownChildren { return body(ownChildren[...]) }
    return body(table.children[sharedChildren])
  }

  private func hasSameChildren(as other: UINode) -> Bool {
    withChildren { children in other.withChildren { children.elementsEqual($0) } }
  }
  /// `index` (position among siblings), nil when absent or not a number.
  public var siblingIndex: Int? { self[attribute: "index"].flatMap { Int($0) } }
  /// `drawing-order` (API 24+), nil when absent.
  public var drawingOrder: Int? { self[attribute: "drawing-order"].flatMap { Int($0) } }
  /// `display-id` (API 30+), nil when absent.
  public var displayID: Int? { self[attribute: "display-id"].flatMap { Int($0) } }
}
