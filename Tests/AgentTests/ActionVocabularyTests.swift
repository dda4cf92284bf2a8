import Foundation
import Geometry
import Tasks
import Testing
import UIHierarchy

@testable import Agent
@testable import GraphStore

@Suite("One action vocabulary")
struct ActionVocabularyTests {
  @Test("every spelling names one ActionType; each maps to one canonical kind")
  func spellings() {
    let expected: [String: ActionType] = [
      "click": .click, "tap": .click, "TAP": .click, "long_press": .longPress,
      "long_click": .longPress, "scroll": .scroll, "swipe": .scroll, "input": .input,
      "type": .input, "text": .input, "back": .back, "home": .home, "enter": .enter,
    ]
    for (spelling, type) in expected { #expect(ActionType(spelling: spelling) == type) }
    #expect(ActionType(spelling: "unknown") == nil && ActionType(spelling: "press") == nil)
    for type in ActionType.allCases { #expect(ActionType(spelling: type.rawValue) == type) }
    #expect(
      ActionType.allCases.map { CanonicalAction.Kind($0).rawValue } == [
        "tap", "long_press", "swipe", "type", "press_back", "press_home", "press_enter",
      ])
  }

  @Test("a page action's kind is an ActionType under the same spelling")
  func pageActionKinds() {
    for kind in [PageAction.Kind.click, .scroll, .input] {
      #expect(kind.actionType.rawValue == kind.rawValue)
    }
  }

  @Test("one Direction: the page action's and the canonical action's are the same type")
  func direction() {
    #expect(PageAction.Direction.self == CanonicalAction.Direction.self)
    #expect(SwipeDirection(from: Point(x: 5, y: 90), to: Point(x: 8, y: 10)) == .up)
    #expect(SwipeDirection(from: Point(x: 90, y: 5), to: Point(x: 10, y: 8)) == .left)
    #expect(SwipeDirection.up.contentDirection == .down)
  }

  @Test("long_press is a long press both from a model's answer and from a graph path")
  func longPress() throws {
    let answer = ParsedAnswer("long_press(<p> Photo </p>) [100,200][300,400]", screen: (1000, 2000))
    let fromModel = try #require(AgentPolicy.canonical(answer, width: 1000, height: 2000))
    #expect(fromModel.kind == .longPress)
    #expect(fromModel.point == NormalizedPoint(x: 0.2, y: 0.15))
    let xml = """
      <hierarchy><node class="android.widget.FrameLayout" bounds="[0,0][1000,2000]">\
      <node class="android.widget.TextView" text="Photo" bounds="[100,200][300,400]"/>\
      </node></hierarchy>
      """
    let tree = try UITree(parsing: Array(xml.utf8), source: "photo.xml")
    let step = PathStep(
      fromPage: 1, fromName: nil, toPage: 2, actionType: "long_press", mobile3M: nil, text: nil,
      direction: nil,
      element: ElementSummary(
        id: 1, className: "android.widget.TextView", text: "Photo", contentDescription: "",
        resourceID: "", bounds: "[100,200][300,400]"),
      count: 1)
    let (fromGraph, element) = try #require(AgentPolicy.ground(step, on: tree, size: (1000, 2000)))
    #expect(fromGraph.kind == .longPress)
    let (graphPoint, modelPoint) = (try #require(fromGraph.point), try #require(fromModel.point))
    #expect(graphPoint.distance(to: modelPoint) < 1e-9)
    #expect(element?.label == "Photo")
  }
}
