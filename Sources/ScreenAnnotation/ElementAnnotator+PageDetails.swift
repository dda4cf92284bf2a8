import Geometry
import GraphStore
import Screenshots

extension ElementAnnotator {
  /// A stored page's elements over its screenshot; the element `highlight` (an element id) red.
  public static func annotate(
    _ screenshot: RGBAImage, with page: PageDetails, highlight: Int64? = nil
  ) -> RGBAImage {
    let boxes = page.elements.compactMap { element -> Box? in
      // Checked: a database written by another tool may hold any integer.
      guard let box = element.box, box.count == 4,
        let bounds = Bounds(checkedLeft: box[0], top: box[1], right: box[2], bottom: box[3])
      else { return nil }
      let kind: Kind?
      if element.summary.id == highlight {
        kind = .highlighted
      } else {
        kind = Self.kind(
          editable: element.editable, scrollable: element.scrollable,
          clickable: element.clickable,
          hasText: !element.summary.text.isEmpty || !element.summary.contentDescription.isEmpty)
      }
      return kind.map { Box(bounds: bounds, kind: $0, label: "\(element.nodeIndex)") }
    }
    return annotate(screenshot, boxes: boxes)
  }
}
