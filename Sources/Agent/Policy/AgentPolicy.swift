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
/// this screen's element with the step's bounds or text (a recorded `home` or `back` is pressed).
/// Goal pages are looked for in this screen's app, then in every app; when they are in another
/// app and no recorded path leads there, the agent opens that app. When the goal page is this
/// page, the agent says it is done, unless the goal only names it by some of its words and
/// recorded sessions went on from it: then it follows them to where they ended. Otherwise, or
/// without a graph, the agent says it is done when the screen shows the element the goal names
/// acted on (``GoalOnScreen``), else the `UIModel` answers the goal as a navigation instruction
/// and its answer is converted to a canonical action. A graph that cannot be read is an error.
public final class AgentPolicy: @unchecked Sendable {
  private let model: any UIModel
  private let memory: Database?
  private let lock = NSLock()
  private let navigationTemplates: [String] = PromptTemplates.Language.allCases.flatMap {
    (try? PromptTemplates.load($0)).map { $0.navigationClick + $0.navigationInput } ?? []
  }
  private let clickTemplates: [String] = PromptTemplates.Language.allCases.flatMap {
    (try? PromptTemplates.load($0))?.navigationClick ?? []
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
    // A graph that cannot be read is an error, never a silent fall back to the model.
    if let tree, let memory,
      let decision = try lock.withLock({
        try recall(goal: goal, tree: tree, memory: memory, size: (width, height))
      })
    {
      return decision
    }
    // Without the graph's word: the element the goal names was acted on when the screen shows
    // it selected, or no longer offers it and is titled by it (``GoalOnScreen``).
    if let tree, let done = Self.doneOnScreen(goal: goal, tree: tree, templates: clickTemplates) {
      return done
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

  /// "Done" when the screen shows the element the goal names (the click templates' slot)
  /// acted on (``GoalOnScreen``); nil otherwise.
  static func doneOnScreen(goal: String, tree: UITree, templates: [String]) -> AgentDecision? {
    guard let target = PromptTemplates.slotText(in: goal, templates: templates),
      let why = GoalOnScreen.reached(target: target, on: tree)
    else { return nil }
    return AgentDecision(
      action: CanonicalAction(.done), element: nil, confidence: 0.5,
      reason: "the goal's element was acted on: \(why)", answer: "status_complete",
      fromMemory: false)
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
    case .back, .home, .enter: return CanonicalAction(kind)
    }
  }

  // MARK: - Memory

  /// The decision the graph supports, nil when it has none (the model decides then).
  func recall(goal: String, tree: UITree, memory: Database, size: (Int, Int)) throws
    -> AgentDecision?
  {
    let here = try StoredPageLookup.find(tree, screenshot: nil, in: memory)
    guard let page = here.page else {
      // A screen the graph never saw: it may be the page the goal's element opened.
      if let done = Self.doneOnScreen(goal: goal, tree: tree, templates: clickTemplates) {
        return done
      }
      return try openApp(
        goal: goal, targets: goalMatches(goal, app: nil, in: memory).pages,
        appHere: tree.windows.first.map { tree.nodes[$0].package }, memory: memory)
    }
    let appHere = try memory.app(ofPage: page)
    var (targets, named, scores) = try goalMatches(goal, app: appHere?.id, in: memory)
    if targets.isEmpty {
      // Nothing in this screen's app: the goal's pages may be in another app, reached by a
      // recorded path (press_home first, often) or by opening that app.
      (targets, named, scores) = try goalMatches(goal, app: nil, in: memory)
    }
    if targets.first == page {
      // The page only shows the element the goal names, which no recorded action ever acted
      // on (a crawl that skipped it): the goal's action is still to take.
      if let untried = try untriedElement(
        goal: goal, page: page, tree: tree, memory: memory, size: size)
      {
        return untried
      }
      // Only a page the goal names outright (its element name, or the whole goal) ends it. A
      // page only some of its words point to, which recorded sessions passed through and went
      // on from, is a waypoint: follow them to where they ended (LlamaTouch's "Duolingo").
      let ends = named ? [] : try memory.sessionEnds(through: page)
      if ends.isEmpty || ends.contains(page) {
        return AgentDecision(
          action: CanonicalAction(.done), element: nil, confidence: 0.6,
          reason: "this screen is page \(page), the page the goal names",
          answer: "status_complete", fromMemory: true)
      }
      targets = ends
      scores = [:]
    }
    // The best-scored of the three best pages that a recorded path reaches; distance only
    // breaks ties. The nearest would be a page merely showing the goal's word, and from there
    // the best page again, back and forth until the steps run out.
    var best: (path: ActionPath, score: Double)?
    for target in targets.prefix(3) where target != page {
      guard let path = try memory.shortestPaths(from: page, to: target, k: 1).first else {
        continue
      }
      let score = scores[target] ?? 0
      if best.map({ score > $0.score || (score == $0.score && path.length < $0.path.length) })
        ?? true
      {
        best = (path, score)
      }
    }
    guard let path = best?.path, let step = path.steps.first else {
      return try openApp(goal: goal, targets: targets, appHere: appHere?.name, memory: memory)
    }
    guard let (action, element) = Self.ground(step, on: tree, size: size) else { return nil }
    return AgentDecision(
      action: action, element: element, confidence: min(0.95, 0.6 + 0.35 / Double(path.length)),
      reason:
        "screen is page \(page) (\(here.matchedBy)); page \(path.pages.last!) matches the goal, "
        + "\(path.length) action(s) away; first: \(step.actionType) "
        + (step.text.map { "\"\($0)\"" } ?? element?.label ?? ""),
      answer: step.mobile3M ?? step.actionType, fromMemory: true)
  }

  /// A tap on the element the goal names (the click templates' slot) when this screen offers
  /// it to act on and no recorded action from page `page` acted on it (by its text, or by a
  /// box holding it); nil otherwise. Saying "done" there would stop one action short.
  func untriedElement(
    goal: String, page: Int64, tree: UITree, memory: Database, size: (Int, Int)
  ) throws -> AgentDecision? {
    guard let target = PromptTemplates.slotText(in: goal, templates: clickTemplates),
      let box = GoalOnScreen.offered(target: target, on: tree)
    else { return nil }
    let wanted = GoalOnScreen.words(target)
    let (x, y) = (Int64((box.left + box.right) / 2), Int64((box.top + box.bottom) / 2))
    for transition in try memory.transitions(from: page) {
      guard let acted = transition.actedElement else { continue }
      if GoalOnScreen.words(acted.text) == wanted
        || GoalOnScreen.words(acted.contentDescription) == wanted
      {
        return nil
      }
      if let held = acted.box, held.left <= x, x <= held.right, held.top <= y, y <= held.bottom {
        return nil
      }
    }
    let element = NormalizedBox(pixels: box, width: size.0, height: size.1)
    return AgentDecision(
      action: CanonicalAction(.tap, point: element.center, element: element),
      element: GroundedElement(
        label: target, bounds: "[\(box.left),\(box.top)][\(box.right),\(box.bottom)]"),
      confidence: 0.5,
      reason:
        "this screen is page \(page), which shows \"\(target)\", the element the goal names; "
        + "no recorded action took it",
      answer: "click(\(target))", fromMemory: true)
  }

  /// The pages the goal leads to, best first: where the elements whose
  /// texts match the goal lead (an instruction names the element to act on, "Tap Reviews"),
  /// else the pages showing the text. The element name from the instruction templates' slot,
  /// then the whole goal, then its longest words are looked up, each through the text index.
  /// Searched in app `app` (every app when nil). `named` tells whether the goal names the pages
  /// outright (its element name or the whole goal matched elements), not only by its words;
  /// `scores` holds each page's evidence (phrase weight × exactness, a quarter for a page that
  /// only shows the text).
  func goalMatches(_ goal: String, app: Int64?, in memory: Database) throws -> (
    pages: [Int64], named: Bool, scores: [Int64: Double]
  ) {
    var named = false
    var phrases: [(text: String, weight: Double)] = []
    if let slot = PromptTemplates.slotText(in: goal, templates: navigationTemplates) {
      phrases.append((slot, 4))
    }
    phrases.append((goal, 3))
    let pieces: [String] = goal.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
    let words: [String] = Set(pieces).filter(Self.isSearchable).sorted(by: Self.longerFirst)
    for word in words.prefix(6) { phrases.append((word, 1)) }
    var scores: [Int64: Double] = [:]
    for (phrase, weight) in phrases where phrase.count <= Database.maximumQueryLength {
      let hits = try memory.elements(matching: phrase, app: app)
      for hit in hits {
        let exact = hit.text.lowercased() == phrase.lowercased() ? 2.0 : 1.0
        let destinations = try memory.destinations(from: hit.page, actingOn: hit.element)
        for destination in destinations { scores[destination, default: 0] += weight * exact }
        if destinations.isEmpty { scores[hit.page, default: 0] += weight * exact * 0.25 }
      }
      // A phrase that names elements outright settles it; single words only add evidence.
      if weight >= 3 && !hits.isEmpty {
        named = true
        break
      }
    }
    let pages = scores.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
    return (pages.map(\.key), named, scores)
  }

  /// `open_app` for the app of the goal's best page when that is another app than the
  /// screen's and no recorded path leads there; nil otherwise (the model decides).
  func openApp(goal: String, targets: [Int64], appHere: String?, memory: Database) throws
    -> AgentDecision?
  {
    guard let target = targets.first, let app = try memory.app(ofPage: target) else { return nil }
    // The screen's app is known by its name (a stored page) or its package (a dump's window).
    let packageName = try memory.package(ofApp: app.id)
    guard app.name != appHere, packageName == nil || packageName != appHere else { return nil }
    return AgentDecision(
      action: CanonicalAction(.openApp, text: app.name), element: nil, confidence: 0.5,
      reason:
        "the goal's page \(target) is in \(app.name), this screen in \(appHere ?? "an unknown app"); "
        + "no recorded path from here",
      answer: "open_app(\(app.name))", fromMemory: true)
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
