import Geometry
import Screenshots
import UIHierarchy

/// Draws a tree's elements over its screenshot: clickable green, scrollable blue, input
/// orange, other elements with text grey; each box labelled with its node index.
enum ElementAnnotator {
  static func annotate(_ screenshot: RGBAImage, with tree: UITree) -> RGBAImage {
    var image = screenshot
    let scale = max(2, screenshot.width / 360)
    let thickness = max(2, scale * 2)
    for node in tree.nodes {
      guard let box = node.bounds, !box.isEmpty else { continue }
      let color: RGBAColor
      if node.isEditable {
        color = .orange
      } else if node.isScrollable {
        color = .blue
      } else if node.isClickable {
        color = .green
      } else if node.isLeaf && (!node.text.isEmpty || !node.contentDescription.isEmpty) {
        color = .gray
      } else {
        continue
      }
      image.stroke(box, with: color, thickness: thickness)
      image.draw(
        "\(node.index)", at: Point(x: box.left + thickness + scale, y: box.top + thickness + scale),
        color: .white, scale: scale, background: color)
    }
    return image
  }
}
