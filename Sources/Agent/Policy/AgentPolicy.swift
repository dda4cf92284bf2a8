import Foundation
import Geometry
import GraphStore
import Ingest
import Models
import Tasks
import UIHierarchy

/// Decides the next action for a goal on the current screen.
///
/// With a graph (`memory`): the screen is identified as a stored page (the ingest rule); the
/// goal's words are looked up among the pages' texts (the FTS index) to find where it leads;
/// when a path from here to one of those pages exists, its first step is taken, grounded on
/// this screen's element with the step's bounds or text. When the goal page is this page, the
/// agent says it is done. Otherwise, or without a graph, the `UIModel` answers the goal as a
/// navigation instruction and its answer is converted to a canonical action.
public final class AgentPolicy: @unchecked Sendable {
  private let model: any UIModel
  private let memory: Database?
  private let lock = NSLock()
  private let navigationTemplates: [String] = PromptTemplates.Language.allCases.flatMap {
    (try? PromptTemplates.load($0)).map { $0.navigationClick + $0.navigationInput } ?? []
  }

  /// A policy asking `model`, with `memory` (a graph) when given.
  public init(model: any UIModel, memory: Database?) {
    self.model = model
    self.memory = memory
  }

  /// The next action for `goal` on the screen of `xml` (and `screenshot`).
  public func act(goal: String, xml: String?, screenshot: String?, width: Int, height: Int)
    async throws -> AgentDecision
  {
    let tree = try xml.map { try UITree(contentsOf: $0) }
    if let tree, let memory,
      let decision = lock.withLock({
        try? recall(goal: goal, tree: tree, memory: memory, size: (width, height))
      }) ?? nil
    {
      return decision
    }
    let request = ModelRequest(
      task: .navigation, instruction: goal, images: screenshot.map { [$0] } ?? [],
      hierarchies: xml.map { [$0] } ?? [])
    let answer = try await model.answer(request)
    let parsed = ParsedAnswer(answer, screen: (width, height))
    let action = Self.canonical(parsed, width: width, height: height)
    return AgentDecision(
      action: action,
      element: parsed.box.map {
        GroundedElement(
          label: parsed.ref ?? "", bounds: "[\($0.left),\($0.top)][\($0.right),\($0.bottom)]")
      }, confidence: action == nil ? 0 : 0.4,
      reason: "asked \(model.name)"
        + (memory == nil ? "" : "; the graph had no path for this goal"),
      answer: answer, fromMemory: false)
  }

  /// A model answer as a canonical action (``CanonicalAction/Kind/init(_:)``): click and
  /// long_press at the box centre, input → type, scroll → swipe (finger direction, as Mobile3M
  /// writes it).
  static func canonical(_ answer: ParsedAnswer, width: Int, height: Int) -> CanonicalAction? {
    let element = answer.box.map { NormalizedBox(pixels: $0, width: width, height: height) }
    let point = answer.target.map {
      NormalizedPoint(pixelX: $0.x, pixelY: $0.y, width: width, height: height)
    }
    guard let type = answer.action.flatMap(ActionType.init(spelling:)) else { return nil }
    let kind = CanonicalAction.Kind(type)
    switch type {
    case .click, .longPress: return point.map { CanonicalAction(kind, point: $0, element: element) }
    case .input:
      return CanonicalAction(kind, point: point, text: answer.quotedText ?? "", element: element)
    case .scroll:
      return CanonicalAction(
        kind, point: point, direction: answer.direction.flatMap(CanonicalAction.Direction.init),
        element: element)
    case .back, .home, .enter: return nil
    }
  }

  // MARK: - Memory

  /// The decision the graph supports, nil when it has none (the model decides then).
  func recall(goal: String, tree: UITree, memory: Database, size: (Int, Int)) throws
    -> AgentDecision?
  {
    let here = try StoredPageLookup.find(tree, screenshot: nil, in: memory)
    guard let page = here.page else { return nil }
    let targets = try goalPages(goal, near: page, in: memory)
    if targets.first == page {
      return AgentDecision(
        action: CanonicalAction(.done), element: nil, confidence: 0.6,
        reason: "this screen is page \(page), the page the goal names", answer: "status_complete",
        fromMemory: true)
    }
    var best: ActionPath?
    for target in targets.prefix(3) where target != page {
      guard let path = try memory.shortestPaths(from: page, to: target, k: 1).first else {
        continue
      }
      if best.map({ path.length < $0.length }) ?? true { best = path }
    }
    guard let path = best, let step = path.steps.first else { return nil }
    guard let (action, element) = Self.ground(step, on: tree, size: size) else { return nil }
    return AgentDecision(
      action: action, element: element, confidence: min(0.95, 0.6 + 0.35 / Double(path.length)),
      reason:
        "screen is page \(page) (\(here.matchedBy)); page \(path.pages.last!) matches the goal, "
        + "\(path.length) action(s) away; first: \(step.actionType) \(element?.label ?? "")",
      answer: step.mobile3M ?? step.actionType, fromMemory: true)
  }

  /// The pages the goal leads to, best first, in the app of `page`: where the elements whose
  /// texts match the goal lead (an instruction names the element to act on, "Tap Reviews"),
  /// else the pages showing the text. The element name from the instruction templates' slot,
  /// then the whole goal, then its longest words are looked up, each through the text index.
  func goalPages(_ goal: String, near page: Int64, in memory: Database) throws -> [Int64] {
    guard let app = try memory.scalar("SELECT app_id FROM page WHERE id = ?", [.integer(page)])
    else { return [] }
    var phrases: [(text: String, weight: Double)] = []
    if let slot = PromptTemplates.slotText(in: goal, templates: navigationTemplates) {
      phrases.append((slot, 4))
    }
    phrases.append((goal, 3))
    let pieces: [String] = goal.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
    let words: [String] = Set(pieces).filter(Self.isSearchable).sorted(by: Self.longerFirst)
    for word in words.prefix(6) { phrases.append((word, 1)) }
    var scores: [Int64: Double] = [:]
    let destinations = try memory.cachedStatement(
      "SELECT DISTINCT to_page FROM edge WHERE from_page = ? AND element_id = ? AND self_loop = 0")
    for (phrase, weight) in phrases {
      let hits = try memory.elements(matching: phrase, app: app)
      for hit in hits {
        let exact = hit.text.lowercased() == phrase.lowercased() ? 2.0 : 1.0
        try destinations.bind([.integer(hit.page), .integer(hit.element)])
        var led = false
        while try destinations.step() {
          scores[destinations.int64(0), default: 0] += weight * exact
          led = true
        }
        destinations.reset()
        if !led { scores[hit.page, default: 0] += weight * exact * 0.25 }
      }
      // A phrase that names elements outright settles it; single words only add evidence.
      if weight >= 3 && !hits.isEmpty { break }
    }
    return scores.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
  }

  /// Words worth a text lookup: three characters or more, or Chinese.
  static func isSearchable(_ word: String) -> Bool {
    word.count >= 3 || word.unicodeScalars.contains { $0.value >= 0x4E00 }
  }

  static func longerFirst(_ a: String, _ b: String) -> Bool {
    a.count != b.count ? a.count > b.count : a < b
  }

  /// The path step as an action on this screen: the node with the step's bounds, else one
  /// with its text.
  static func ground(_ step: PathStep, on tree: UITree, size: (Int, Int)) -> (
    CanonicalAction, GroundedElement?
  )? {
    let (width, height) = size
    var box = step.element?.bounds.flatMap(Bounds.init(parsing:))
    if let wanted = step.element, box == nil || !tree.nodes.contains(where: { $0.bounds == box }) {
      let label = wanted.text.isEmpty ? wanted.contentDescription : wanted.text
      if !label.isEmpty,
        let node = tree.nodes.first(where: {
          ($0.text == label || $0.contentDescription == label) && $0.bounds != nil
        })
      {
        box = node.bounds
      }
    }
    let element = box.map { b in
      GroundedElement(
        label: step.element.map { !$0.text.isEmpty ? $0.text : $0.contentDescription } ?? "",
        bounds: "[\(b.left),\(b.top)][\(b.right),\(b.bottom)]")
    }
    let normalizedBox = box.map { NormalizedBox(pixels: $0, width: width, height: height) }
    guard let type = ActionType(spelling: step.actionType) else { return nil }
    let kind = CanonicalAction.Kind(type)
    switch type {
    case .click, .longPress:
      guard let normalizedBox else { return nil }
      return (CanonicalAction(kind, point: normalizedBox.center, element: normalizedBox), element)
    case .input:
      return (
        CanonicalAction(
          kind, point: normalizedBox?.center, text: step.text ?? "", element: normalizedBox),
        element
      )
    case .scroll:
      let direction =
        step.direction.flatMap(CanonicalAction.Direction.init)
        ?? step.mobile3M.flatMap(PageAction.init(mobile3MString:))?.swipe.map { swipe in
          CanonicalAction.swipe(
            from: NormalizedPoint(
              pixelX: swipe.start.x, pixelY: swipe.start.y, width: width, height: height),
            to: NormalizedPoint(
              pixelX: swipe.end.x, pixelY: swipe.end.y, width: width, height: height)
          ).direction!
        }
      return (
        CanonicalAction(
          kind, point: normalizedBox?.center, direction: direction, element: normalizedBox),
        element
      )
    case .back, .home, .enter: return (CanonicalAction(kind), nil)
    }
  }
}
