import Geometry
import Testing

@testable import Agent

@Suite("Action matching rules")
struct ActionMatcherTests {
  func tap(_ x: Double, _ y: Double, element: NormalizedBox? = nil) -> CanonicalAction {
    CanonicalAction(.tap, point: NormalizedPoint(x: x, y: y), element: element)
  }

  @Test("AITW enlarged box: 2.4× around the centre, top/left clamped, edges included")
  func enlargedBox() {
    let box = NormalizedBox(left: 0.4, top: 0.4, right: 0.5, bottom: 0.5)
    let big = box.aitwEnlarged
    #expect(abs(big.left - 0.33) < 1e-9 && abs(big.top - 0.33) < 1e-9)
    #expect(abs(big.right - 0.57) < 1e-9 && abs(big.bottom - 0.57) < 1e-9)
    let corner = NormalizedBox(left: 0, top: 0, right: 0.5, bottom: 0.6).aitwEnlarged
    #expect(corner.left == 0 && corner.top == 0)
    #expect(corner.right == 1 && corner.bottom == 1)  // size clamped at 1, from 0
    // Far apart (> 0.14) but both inside the enlarged box, one exactly on its corner: a match;
    // a hair outside, no match.
    let gold = tap(big.right, big.bottom)
    #expect(ActionMatcher.match(tap(big.left, big.top), gold: gold, annotations: [box]).aitw)
    #expect(
      !ActionMatcher.match(tap(big.left - 1e-9, big.top), gold: gold, annotations: [box]).aitw)
    #expect(!ActionMatcher.match(tap(big.left, big.top), gold: gold, annotations: []).aitw)
  }

  @Test("a screen of unknown size (0×0) gives finite units, never NaN or infinity")
  func zeroSizedScreen() {
    let box = NormalizedBox(
      pixels: Bounds(left: 10, top: 20, right: 30, bottom: 40), width: 0, height: 0)
    #expect([box.left, box.top, box.right, box.bottom] == [10, 20, 30, 40])
    let point = NormalizedPoint(pixelX: 5, pixelY: 7, width: 0, height: 0)
    #expect(point.x.isFinite && point.y.isFinite)
  }

  @Test("AITW distance: 0.14 in normalised units matches, a hair more does not")
  func distance() {
    let gold = tap(0.5, 0.5)
    #expect(ActionMatcher.match(tap(0.5, 0.639), gold: gold).aitw)
    #expect(ActionMatcher.match(tap(0.5, 0.64), gold: gold).aitw)
    #expect(!ActionMatcher.match(tap(0.5, 0.6401), gold: gold).aitw)
    #expect(!ActionMatcher.match(tap(0.6, 0.6001), gold: gold).aitw)
  }

  @Test(
    "element rule: inside the gold element, edges included; else the smallest box holding the gold point"
  )
  func element() {
    let button = NormalizedBox(left: 0.1, top: 0.1, right: 0.3, bottom: 0.2)
    let gold = tap(0.2, 0.15, element: button)
    #expect(ActionMatcher.match(tap(0.3, 0.2), gold: gold).element)
    #expect(!ActionMatcher.match(tap(0.31, 0.2), gold: gold).element)
    let list = NormalizedBox(left: 0, top: 0, right: 1, bottom: 1)
    let row = NormalizedBox(left: 0, top: 0.1, right: 1, bottom: 0.2)
    let unannotated = tap(0.5, 0.15)
    #expect(
      ActionMatcher.match(tap(0.9, 0.19), gold: unannotated, annotations: [list, row]).element)
    #expect(
      !ActionMatcher.match(tap(0.9, 0.5), gold: unannotated, annotations: [list, row]).element)
  }

  @Test("types: tap and long press differ; unreadable predictions are wrong")
  func types() {
    let gold = tap(0.5, 0.5)
    let long = CanonicalAction(.longPress, point: NormalizedPoint(x: 0.5, y: 0.5))
    #expect(!ActionMatcher.match(long, gold: gold).type)
    let unread = ActionMatcher.match(nil, gold: gold)
    #expect(!unread.parsed && !unread.type && !unread.aitw && !unread.element)
    #expect(ActionMatcher.match(CanonicalAction(.back), gold: CanonicalAction(.back)).element)
  }

  @Test("swipes: AITW compares the axis, the element rule the finger direction")
  func swipes() {
    let up = CanonicalAction.swipe(
      from: NormalizedPoint(x: 0.5, y: 0.8), to: NormalizedPoint(x: 0.5, y: 0.2))
    #expect(up.direction == .up)
    #expect(up.direction?.contentDirection == .down)
    let down = CanonicalAction.swipe(
      from: NormalizedPoint(x: 0.5, y: 0.2), to: NormalizedPoint(x: 0.5, y: 0.8))
    let left = CanonicalAction.swipe(
      from: NormalizedPoint(x: 0.9, y: 0.5), to: NormalizedPoint(x: 0.1, y: 0.5))
    #expect(ActionMatcher.match(down, gold: up).aitw)
    #expect(!ActionMatcher.match(down, gold: up).element)
    #expect(!ActionMatcher.match(left, gold: up).aitw)
    #expect(ActionMatcher.match(CanonicalAction(.swipe, direction: .up), gold: up).element)
  }

  @Test("typed text: strict after case and spaces; lenient by containment or edit ratio")
  func text() {
    let gold = CanonicalAction(.type, text: "Paris hotels")
    let same = ActionMatcher.match(CanonicalAction(.type, text: " paris HOTELS "), gold: gold)
    #expect(same.textStrict == true && same.textLenient == true)
    let part = ActionMatcher.match(CanonicalAction(.type, text: "paris"), gold: gold)
    #expect(part.textStrict == false && part.textLenient == true && part.aitw)
    let typo = ActionMatcher.match(CanonicalAction(.type, text: "parls hotel"), gold: gold)
    #expect(typo.textLenient == true)
    let other = ActionMatcher.match(CanonicalAction(.type, text: "tokyo"), gold: gold)
    #expect(other.textLenient == false && !other.element && other.aitw)
  }

  @Test("episodes: complete match, partial match, goal progress, micro and macro")
  func episodes() {
    func record(_ episode: String, _ source: String, _ step: Int, _ steps: Int, right: Bool)
      -> StepRecord
    {
      let gold = tap(0.5, 0.5, element: NormalizedBox(left: 0.4, top: 0.4, right: 0.6, bottom: 0.6))
      let action = right ? tap(0.5, 0.5) : tap(0.9, 0.9)
      return StepRecord(
        episode: episode, source: source, goal: "g", step: step, steps: steps, gold: gold,
        decision: AgentDecision(
          action: action, element: nil, confidence: 1, reason: "", answer: "", fromMemory: false),
        error: nil, annotations: [])
    }
    let records = [
      record("a", "s1", 0, 2, right: true), record("a", "s1", 1, 2, right: true),
      record("b", "s1", 0, 4, right: true), record("b", "s1", 1, 4, right: false),
      record("b", "s1", 2, 4, right: true), record("b", "s1", 3, 4, right: true),
      record("c", "s2", 0, 2, right: false), record("c", "s2", 1, 2, right: true),
    ]
    let score = AgentScore(records)
    #expect(score.episodes == 3)
    #expect(score.micro.stepAccuracyElement == 6.0 / 8)
    #expect(abs(score.completeMatch - 1.0 / 3) < 1e-9)
    #expect(abs(score.partialMatch - (1 + 0.75 + 0.5) / 3) < 1e-9)
    #expect(abs(score.goalProgress - (1 + 0.25 + 0) / 3) < 1e-9)
    #expect(abs(score.macroStepAccuracyElement - (5.0 / 6 + 0.5) / 2) < 1e-9)
  }
}
