import Geometry
import GraphStore
import UIHierarchy

extension CorpusBuilder.ParsedPage {
  /// The action of a recorded transition out of this page: from its Mobile3M string or, for
  /// other sources, from its type and the acting element; a click on a container (no compact-HTML
  /// line of its own) acts on the first line inside it, as the corpus builder reads transitions.
  func action(of transition: PageTransition) -> PageAction? {
    let recorded = transition.action
    if let string = recorded.mobile3MString, let action = PageAction(mobile3MString: string) {
      return action
    }
    var line = transition.element?.htmlLine
    if line == nil, let node = transition.element?.nodeIndex { line = firstLine(inside: node) }
    switch ActionType(spelling: recorded.type) {
    case .click, .longPress:
      return line.map { PageAction(kind: .click, htmlLine: $0) }
    case .input:
      return line.map { PageAction(kind: .input, htmlLine: $0, text: recorded.text) }
    case .scroll:
      guard let box = transition.element?.box, box.count == 4,
        let direction = recorded.direction.flatMap(PageAction.Direction.init(rawValue:))
      else { return nil }
      let bounds = Bounds(left: box[0], top: box[1], right: box[2], bottom: box[3])
      return PageAction(
        kind: .scroll, bounds: bounds, direction: direction,
        swipe: PageAction.swipe(in: bounds, direction: direction))
    default:
      return nil
    }
  }
}
