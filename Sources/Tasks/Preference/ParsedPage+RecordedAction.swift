import Geometry
import GraphStore
import UIHierarchy

extension CorpusBuilder.ParsedPage {
  /// The action of a recorded transition out of this page (see ``action(_:on:)``).
  func action(of transition: RecordedTransition) -> PageAction? {
    action(transition.recordedAction, on: transition.actedElement)
  }

  /// A recorded action on this page: from its Mobile3M string or, for other sources, from its
  /// type and the acting element; a click on a container (no compact-HTML line of its own) acts
  /// on the first line inside it, the way the original names clicks by the line of the text they
  /// carry.
  func action(_ recorded: RecordedAction, on element: ActedElement?) -> PageAction? {
    if let string = recorded.mobile3MString, let action = PageAction(mobile3MString: string) {
      return action
    }
    var line = element?.htmlLine
    if line == nil, let node = element?.nodeIndex { line = firstLine(inside: node) }
    switch ActionType(spelling: recorded.type) {
    case .click, .longPress:
      return line.map { PageAction(kind: .click, htmlLine: $0) }
    case .input:
      return line.map { PageAction(kind: .input, htmlLine: $0, text: recorded.text) }
    case .scroll:
      guard let box = element?.box, let left = Int(exactly: box.left),
        let top = Int(exactly: box.top), let right = Int(exactly: box.right),
        let bottom = Int(exactly: box.bottom),
        let direction = recorded.direction.flatMap(PageAction.Direction.init(rawValue:))
      else { return nil }
      let bounds = Bounds(left: left, top: top, right: right, bottom: bottom)
      return PageAction(
        kind: .scroll, bounds: bounds, direction: direction,
        swipe: PageAction.swipe(in: bounds, direction: direction))
    default:
      return nil
    }
  }
}
