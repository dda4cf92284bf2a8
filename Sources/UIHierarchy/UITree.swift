import Geometry

/// A parsed UI hierarchy: every node of every window, flattened in document pre-order.
///
/// ```swift
/// let tree = try UITree(contentsOf: "screen.xml")
/// tree.windows.count          // top-level windows (status bar, app, IME…)
/// tree.nodes[0].className     // "android.widget.FrameLayout"
/// ```
public struct UITree: Sendable, Hashable {
  /// Every node in document pre-order; a node's ``UINode/index`` is its position here.
  public private(set) var nodes: [UINode]
  /// The window roots (the elements directly under `<hierarchy>`), in document order.
  public private(set) var windows: [Int]
  /// `rotation` of the `<hierarchy>` element, when present.
  public var rotation: Int?
  /// Where the tree came from (a file path or a name), used in errors.
  public var source: String

  /// Builds a tree from nodes listed in pre-order, each naming its parent by index.
  ///
  /// Readers of non-XML view trees (DroidBot JSON) use this. Children lists are derived from the
  /// parent indices; depths are recomputed.
  /// - Throws: ``UIHierarchyError`` with reason `.notAHierarchy` when a parent index does not
  ///   come before its child, or when there are no nodes.
  public init(nodes: [UINode], rotation: Int? = nil, source: String) throws {
    guard !nodes.isEmpty else {
      throw UIHierarchyError(source: source, reason: .notAHierarchy("no nodes"))
    }
    var nodes = nodes
    var windows: [Int] = []
    for position in nodes.indices {
      nodes[position].index = position
      nodes[position].children = []
    }
    for position in nodes.indices {
      if let parent = nodes[position].parent {
        guard parent >= 0, parent < position else {
          throw UIHierarchyError(
            source: source,
            reason: .notAHierarchy(
              "node \(position) names parent \(parent), which does not precede it"))
        }
        nodes[parent].children.append(position)
        nodes[position].depth = nodes[parent].depth + 1
      } else {
        nodes[position].depth = 0
        windows.append(position)
      }
    }
    self.init(validatedNodes: nodes, windows: windows, rotation: rotation, source: source)
  }

  init(validatedNodes nodes: [UINode], windows: [Int], rotation: Int?, source: String) {
    self.nodes = nodes
    self.windows = windows
    self.rotation = rotation
    self.source = source
  }

  /// The children of a node.
  public func children(of node: UINode) -> [UINode] { node.children.map { nodes[$0] } }

  /// The nodes with no children, in document order.
  public var leaves: [UINode] { nodes.filter(\.isLeaf) }

  /// Counts a command line or a log can show.
  public var summary: Summary {
    var summary = Summary()
    summary.nodes = nodes.count
    summary.windows = windows.count
    var packages: [String] = []
    for node in nodes {
      if node.isLeaf { summary.leaves += 1 }
      if node.isClickable { summary.clickable += 1 }
      if node.isScrollable { summary.scrollable += 1 }
      if node.isEditable { summary.editable += 1 }
      if let box = node.bounds {
        if box.isInverted {
          summary.invertedBounds += 1
        } else if box.isEmpty {
          summary.zeroAreaBounds += 1
        }
      } else if node.has("bounds") {
        summary.unreadableBounds += 1
      }
      let package = node.package
      if !package.isEmpty, !packages.contains(package) { packages.append(package) }
    }
    summary.packages = packages
    return summary
  }

  /// Counts over a tree.
  public struct Summary: Sendable, Hashable, Codable {
    /// All nodes.
    public var nodes = 0
    /// Top-level windows.
    public var windows = 0
    /// Nodes without children.
    public var leaves = 0
    /// `clickable="true"` nodes.
    public var clickable = 0
    /// `scrollable="true"` nodes.
    public var scrollable = 0
    /// EditText nodes.
    public var editable = 0
    /// Packages in order of first appearance.
    public var packages: [String] = []
    /// Nodes whose bounds have x2 < x1 or y2 < y1.
    public var invertedBounds = 0
    /// Nodes whose bounds cover no pixel (and are not inverted).
    public var zeroAreaBounds = 0
    /// Nodes with a `bounds` attribute that is malformed or outside
    /// ``PixelCoordinate/range``: kept, without bounds.
    public var unreadableBounds = 0
  }
}
