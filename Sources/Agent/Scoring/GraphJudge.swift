import Foundation
import Geometry
import GraphStore
import Ingest
import UIHierarchy

/// Judges an agent's steps by the graph, not by one recorded path: a step is right when it
/// matches the gold action (element rule) or when its action's recorded edge from the current
/// page leads to the gold next page or to a page strictly closer (shortest distance) to the
/// goal page. A step whose action has no recorded edge from its page is *not judged* (never
/// right); so is a step on a screen the graph does not hold.
///
/// Pages are found by the dump each record names: the visit that recorded it, else the ingest
/// identity rule (``StoredPageLookup``). The goal page is where the episode's last gold action
/// led; when that screen was not recorded, the last recorded screen's page, and the last step
/// is judged by the element rule only.
public struct GraphJudge {
  let db: Database
  private var pageCache: [String: Int64?] = [:]
  private var distanceCache: [Int64: [Int64: Int]] = [:]
  private var transitionCache: [Int64: [RecordedTransition]] = [:]

  /// A judge reading `database`.
  public init(database: Database) {
    self.db = database
  }

  /// Every record judged, in the order given, and the scores.
  public mutating func judge(_ records: [StepRecord]) throws -> (
    steps: [GraphStepJudgement], score: GraphScore
  ) {
    try preload(records)
    var judgements = [GraphStepJudgement?](repeating: nil, count: records.count)
    var episodes: [(source: String, reached: Bool, progress: Double)] = []
    let byEpisode = Dictionary(grouping: records.indices) {
      "\(records[$0].source)\u{0}\(records[$0].episode)"
    }
    for key in byEpisode.keys.sorted() {
      let indices = byEpisode[key]!.sorted { records[$0].step < records[$1].step }
      guard let last = indices.last.map({ records[$0] }) else { continue }
      let goalScreen = last.next ?? last.screen
      let goal = try goalScreen.flatMap { try page(of: $0) }
      // Where the last gold action went is unknown unless it was recorded or it was "done".
      let lastLeadsOffRecord = last.next == nil && last.gold.kind != .done
      var reached = false
      var rightBefore = 0
      var stopped = false
      for (position, index) in indices.enumerated() {
        let offRecord = lastLeadsOffRecord && position == indices.count - 1
        let judgement = try judge(records[index], goal: goal, offRecord: offRecord)
        judgements[index] = judgement
        guard !stopped else { continue }
        if judgement.verdict == .right {
          rightBefore += 1
          if goal != nil && judgement.landsOn == goal { reached = true }
          if reached { stopped = true }
        } else {
          stopped = true
        }
      }
      let length = Double(max(last.steps, indices.count))
      episodes.append(
        (last.source, reached, reached ? 1 : Double(rightBefore) / max(1, length)))
    }
    let steps = judgements.map { $0! }
    return (steps, GraphScore(records: records, judgements: steps, episodes: episodes))
  }

  /// One step.
  mutating func judge(_ record: StepRecord, goal: Int64?, offRecord: Bool) throws
    -> GraphStepJudgement
  {
    var judgement = GraphStepJudgement(verdict: .notJudged, reason: "")
    judgement.page = try record.screen.flatMap { try page(of: $0) }
    judgement.goalPage = goal
    let goldNext = try record.next.flatMap { try page(of: $0) }
    if record.match.element {
      judgement.verdict = .right
      judgement.reason = "the gold action"
      judgement.landsOn = goldNext ?? (record.gold.kind == .done ? judgement.page : nil)
      return judgement
    }
    guard let page = judgement.page else {
      judgement.reason = GraphStepJudgement.screenUnknown
      return judgement
    }
    guard let goal else {
      judgement.reason = GraphStepJudgement.goalUnknown
      return judgement
    }
    if offRecord {
      judgement.reason = GraphStepJudgement.goldOffRecord
      return judgement
    }
    let distances = try distances(to: goal)
    judgement.distance = distances[page]
    guard let action = record.decision?.action else {
      judgement.verdict = .wrong
      judgement.reason = "no action"
      return judgement
    }
    switch action.kind {
    case .done:
      judgement.verdict = page == goal ? .right : .wrong
      judgement.landsOn = page
      judgement.reason =
        page == goal
        ? "done on the goal page"
        : "done \(distances[page].map { "\($0) action(s)" } ?? "unreachably far") from the goal"
      return judgement
    case .impossible:
      judgement.verdict = distances[page] == nil ? .right : .wrong
      judgement.reason =
        distances[page] == nil ? "the goal cannot be reached from here" : "the goal can be reached"
      return judgement
    default: break
    }
    let size = (record.width ?? 1080, record.height ?? 2400)
    guard
      let edge = Self.edge(for: action, among: try transitions(from: page), screen: size)
    else {
      judgement.reason = GraphStepJudgement.noEdge
      return judgement
    }
    judgement.landsOn = edge.toPage
    let after = distances[edge.toPage]
    judgement.distanceAfter = after
    if edge.toPage == goldNext {
      judgement.verdict = .right
      judgement.reason = "its recorded edge leads to the gold next page \(edge.toPage)"
    } else if let after, after < (distances[page] ?? Int.max) {
      judgement.verdict = .right
      judgement.reason =
        "its recorded edge leads to page \(edge.toPage), \(after) action(s) from the goal "
        + "(\(distances[page].map(String.init) ?? "unreachable") from here)"
    } else {
      judgement.verdict = .wrong
      judgement.reason =
        "its recorded edge leads to page \(edge.toPage), "
        + (after.map { "\($0) action(s) from the goal" } ?? "which cannot reach the goal")
        + " (\(distances[page].map(String.init) ?? "unreachable") from here)"
    }
    return judgement
  }

  // MARK: - Matching an action with a recorded edge

  /// The recorded transition `action` takes from its page: same type; a tap or a long press
  /// on the smallest recorded element holding its point (or within the AITW distance of a point
  /// recorded without an element); a swipe in the same finger direction (on the element holding
  /// its point, when it names one); typed text leniently equal to the recorded text; back, home
  /// and enter by type. Among equals, the most recorded. Nil when none was recorded.
  static func edge(
    for action: CanonicalAction, among transitions: [RecordedTransition], screen: (Int, Int)
  ) -> RecordedTransition? {
    let (width, height) = screen
    func box(_ transition: RecordedTransition) -> NormalizedBox? {
      transition.element?.bounds.flatMap(Bounds.init(parsing:)).map {
        NormalizedBox(pixels: $0, width: width, height: height)
      }
    }
    func recordedPoint(_ transition: RecordedTransition) -> NormalizedPoint? {
      guard let x = transition.x, let y = transition.y else { return nil }
      return NormalizedPoint(pixelX: x, pixelY: y, width: width, height: height)
    }
    let sameType = transitions.filter { transition in
      guard let type = ActionType(spelling: transition.actionType) else { return false }
      return CanonicalAction.Kind(type) == action.kind
    }
    // Candidates ranked: elements holding the point, smallest first; then by count (the
    // transitions come most recorded first, and the sort is stable).
    func smallestHolding(_ point: NormalizedPoint?, _ candidates: [RecordedTransition])
      -> RecordedTransition?
    {
      guard let point else { return nil }
      return
        candidates
        .compactMap { t in box(t).flatMap { $0.contains(point) ? (t, ActionMatcher.area($0)) : nil }
        }
        .min { $0.1 < $1.1 }?.0
    }
    switch action.kind {
    case .tap, .longPress:
      guard let point = action.point else { return nil }
      return smallestHolding(point, sameType)
        ?? sameType.first { t in
          box(t) == nil
            && recordedPoint(t).map { $0.distance(to: point) <= ActionMatcher.aitwDistance }
              == true
        }
    case .swipe:
      let directed = sameType.filter { t in
        guard let wanted = action.direction else { return true }
        return recordedDirection(t, width: width, height: height).map { $0 == wanted } ?? false
      }
      return smallestHolding(action.point, directed) ?? directed.first
    case .type:
      let typed = sameType.filter { t in
        ActionMatcher.match(action, gold: CanonicalAction(.type, text: t.text ?? "")).textLenient
          == true
      }
      return smallestHolding(action.point, typed) ?? typed.first
    case .back, .home, .enter:
      return sameType.first
    case .openApp, .wait, .done, .impossible:
      return nil
    }
  }

  /// A recorded scroll's finger direction: as recorded, else from its Mobile3M swipe points.
  static func recordedDirection(_ transition: RecordedTransition, width: Int, height: Int)
    -> CanonicalAction.Direction?
  {
    if let direction = transition.direction.flatMap(CanonicalAction.Direction.init) {
      return direction
    }
    guard let swipe = transition.mobile3M.flatMap(PageAction.init(mobile3MString:))?.swipe else {
      return nil
    }
    return CanonicalAction.swipe(
      from: NormalizedPoint(
        pixelX: swipe.start.x, pixelY: swipe.start.y, width: width, height: height),
      to: NormalizedPoint(pixelX: swipe.end.x, pixelY: swipe.end.y, width: width, height: height)
    ).direction
  }

  // MARK: - Reading the graph (cached)

  /// Finds the pages of every screen the records name in one pass over the visits.
  mutating func preload(_ records: [StepRecord]) throws {
    var paths: Set<String> = []
    for record in records {
      if let screen = record.screen { paths.insert(screen) }
      if let next = record.next { paths.insert(next) }
    }
    let wanted = paths.flatMap { [$0, Self.absolute($0)] }
    let found = try db.pages(ofRecordedScreens: Array(Set(wanted)).sorted())
    for path in paths {
      if let page = found[path] ?? found[Self.absolute(path)] { pageCache[path] = page }
    }
  }

  /// The page of a recorded screen: the visit that recorded it, else the stored page its dump
  /// matches by the ingest rule; nil when neither (or the dump cannot be read).
  mutating func page(of xml: String) throws -> Int64? {
    if let known = pageCache[xml] { return known }
    var page: Int64?
    if let tree = try? UITree(contentsOf: xml) {
      page = try StoredPageLookup.find(tree, screenshot: nil, in: db).page
    }
    pageCache[xml] = page
    return page
  }

  mutating func distances(to goal: Int64) throws -> [Int64: Int] {
    if let known = distanceCache[goal] { return known }
    let distances = try db.distances(to: goal)
    distanceCache[goal] = distances
    return distances
  }

  mutating func transitions(from page: Int64) throws -> [RecordedTransition] {
    if let known = transitionCache[page] { return known }
    let transitions = try db.transitions(from: page)
    transitionCache[page] = transitions
    return transitions
  }

  static func absolute(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.path
  }
}

/// How the graph judged one step.
public struct GraphStepJudgement: Sendable, Codable, Hashable {
  /// The verdict.
  public enum Verdict: String, Sendable, Codable, Hashable {
    /// The gold action, or an action that leads to the gold next page or closer to the goal.
    case right
    /// An action the graph shows makes no progress (or "done" away from the goal).
    case wrong
    /// The graph cannot tell (no recorded edge for the action, or the screen is unknown).
    case notJudged = "not_judged"
  }

  /// Why a step is not judged: its action has no recorded edge from its page.
  public static let noEdge = "no recorded edge"
  /// Why a step is not judged: its screen is not a page of the graph.
  public static let screenUnknown = "screen not in the graph"
  /// Why a step is not judged: the episode's goal page is not in the graph.
  public static let goalUnknown = "goal page not in the graph"
  /// Why a step is not judged: its gold action led to no recorded screen.
  public static let goldOffRecord = "gold leads to no recorded screen"

  /// The verdict.
  public var verdict: Verdict
  /// Why, in words.
  public var reason: String
  /// The page the step was taken on.
  public var page: Int64?
  /// The episode's goal page.
  public var goalPage: Int64?
  /// The page the action's recorded edge (or the gold action) leads to.
  public var landsOn: Int64?
  /// Shortest distance from `page` to the goal.
  public var distance: Int?
  /// Shortest distance from `landsOn` to the goal.
  public var distanceAfter: Int?
}

/// The graph-aware scores of an agent run, beside the single-path ones of ``AgentScore``.
public struct GraphScore: Sendable, Codable, Hashable {
  /// Counts over a set of steps.
  public struct Steps: Sendable, Codable, Hashable {
    /// Steps.
    public var count = 0
    /// Right under the graph rule.
    public var right = 0
    /// Wrong under it.
    public var wrong = 0
    /// Not judged (counted as not right).
    public var notJudged = 0
    /// `right ÷ count`.
    public var stepAccuracy = 0.0
  }

  /// Every step.
  public var micro = Steps()
  /// Per source.
  public var bySource: [String: Steps] = [:]
  /// Why steps were not judged, with how many.
  public var notJudgedBecause: [String: Int] = [:]
  /// Episodes scored.
  public var episodes = 0
  /// Share of episodes whose agent reached the goal page, every step before it right.
  public var success = 0.0
  /// Mean of right steps before the first step not right ÷ episode length (1 when the goal
  /// page was reached).
  public var goalProgress = 0.0

  init(
    records: [StepRecord], judgements: [GraphStepJudgement],
    episodes: [(source: String, reached: Bool, progress: Double)]
  ) {
    func count(_ indices: [Int]) -> Steps {
      var steps = Steps()
      steps.count = indices.count
      for index in indices {
        switch judgements[index].verdict {
        case .right: steps.right += 1
        case .wrong: steps.wrong += 1
        case .notJudged: steps.notJudged += 1
        }
      }
      steps.stepAccuracy = Double(steps.right) / Double(max(1, steps.count))
      return steps
    }
    micro = count(Array(records.indices))
    for (source, indices) in Dictionary(grouping: records.indices, by: { records[$0].source }) {
      bySource[source] = count(indices)
    }
    for judgement in judgements where judgement.verdict == .notJudged {
      notJudgedBecause[judgement.reason, default: 0] += 1
    }
    self.episodes = episodes.count
    guard !episodes.isEmpty else { return }
    success = Double(episodes.filter(\.reached).count) / Double(episodes.count)
    goalProgress = episodes.map(\.progress).reduce(0, +) / Double(episodes.count)
  }
}
