/// How large a UI hierarchy the parser accepts, so a hostile dump cannot make it take gigabytes
/// of memory or minutes of time. A dump over a limit is refused with
/// ``UIHierarchyError/Reason/overLimit(_:limit:line:)`` naming the file and the limit.
///
/// Real dumps are far inside the defaults: under 100 levels deep, a few thousand nodes, about
/// twenty attributes an element.
public struct HierarchyLimits: Sendable, Hashable {
  /// The deepest nesting of elements, `<hierarchy>` included (512).
  public var maximumDepth: Int
  /// The most elements in one dump (200,000).
  public var maximumNodes: Int
  /// The most attributes on one element (1,000). libxml2 checks each attribute against the ones
  /// before it, so time grows with the square of this count: 100,000 take seconds.
  public var maximumAttributes: Int

  /// Limits from their values; the defaults suit any real dump.
  public init(maximumDepth: Int = 512, maximumNodes: Int = 200_000, maximumAttributes: Int = 1_000)
  {
    self.maximumDepth = maximumDepth
    self.maximumNodes = maximumNodes
    self.maximumAttributes = maximumAttributes
  }

  /// The defaults.
  public static let standard = HierarchyLimits()

  /// Which limit a dump went over.
  public enum Kind: String, Sendable, Hashable {
    /// ``HierarchyLimits/maximumDepth``.
    case depth = "nesting depth"
    /// ``HierarchyLimits/maximumNodes``.
    case nodes = "node count"
    /// ``HierarchyLimits/maximumAttributes``.
    case attributes = "attributes on one element"
  }
}
