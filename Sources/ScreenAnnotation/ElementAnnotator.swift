import Geometry
import Screenshots
import UIHierarchy

/// Draws elements over a screenshot: clickable green, scrollable blue, input orange, other
/// elements with text grey, each box labelled with its node index; highlighted ones red and
/// thicker, drawn last so nothing covers them.
public enum ElementAnnotator {
  /// How an element is drawn.
  public enum Kind: Sendable {
    case input, scrollable, clickable, text, highlighted

    /// The colour of the box and of its label's background.
    public var color: RGBAColor {
      switch self {
      case .input: .orange
      case .scrollable: .blue
      case .clickable: .green
      case .text: .gray
      case .highlighted: .red
      }
    }
  }

  /// One box to draw.
  public struct Box: Sendable {
    /// Where, in screenshot pixels.
    public var bounds: Bounds
    /// How it is drawn.
    public var kind: Kind
    /// The text in its corner (the node index).
    public var label: String

    public init(bounds: Bounds, kind: Kind, label: String) {
      self.bounds = bounds
      self.kind = kind
      self.label = label
    }
  }

  /// The kind an element is drawn as, or nil when it is not drawn (a container without text).
  public static func kind(editable: Bool, scrollable: Bool, clickable: Bool, hasText: Bool) -> Kind?
  {
    if editable { return .input }
    if scrollable { return .scrollable }
    if clickable { return .clickable }
    return hasText ? .text : nil
  }

  /// Every drawable node of a parsed dump.
  public static func annotate(_ screenshot: RGBAImage, with tree: UITree) -> RGBAImage {
    let boxes = tree.nodes.compactMap { node -> Box? in
      guard let bounds = node.bounds,
        let kind = kind(
          editable: node.isEditable, scrollable: node.isScrollable, clickable: node.isClickable,
          hasText: node.isLeaf && (!node.text.isEmpty || !node.contentDescription.isEmpty))
      else { return nil }
      return Box(bounds: bounds, kind: kind, label: "\(node.index)")
    }
    return annotate(screenshot, boxes: boxes)
  }

  /// The given boxes; empty or zero-area ones are skipped.
  public static func annotate(_ screenshot: RGBAImage, boxes: [Box]) -> RGBAImage {
    var image = screenshot
    let scale = max(2, screenshot.width / 360)
    let thickness = max(2, scale * 2)
    let ordered =
      boxes.filter { $0.kind != .highlighted } + boxes.filter { $0.kind == .highlighted }
    for box in ordered where !box.bounds.isEmpty {
      let width = box.kind == .highlighted ? thickness * 3 : thickness
      image.stroke(box.bounds, with: box.kind.color, thickness: width)
      image.draw(
        box.label, at: Point(x: box.bounds.left + width + scale, y: box.bounds.top + width + scale),
        color: .white, scale: scale, background: box.kind.color)
    }
    return image
  }
}
