/// The scores of an agent run (see `../shared/reference/benchmarks.md` §0): per step (micro),
/// per source (macro), per episode.
public struct AgentScore: Sendable, Codable, Hashable {
  /// Per-step figures over a set of steps.
  public struct Steps: Sendable, Codable, Hashable {
    /// Steps scored.
    public var count = 0
    /// Same canonical type.
    public var typeAccuracy = 0.0
    /// Step accuracy, AITW rule (enlarged boxes or 0.14; swipe axis; text not compared).
    public var stepAccuracyAITW = 0.0
    /// Step accuracy, element rule (point in the gold element; swipe direction; lenient text).
    public var stepAccuracyElement = 0.0
    /// Typed text equal (over steps whose gold is a `type`).
    public var textStrict: Double?
    /// Typed text lenient (containment or edit ratio ≥ 0.5).
    public var textLenient: Double?
    /// Predictions that could not be read (counted wrong).
    public var formatErrors = 0.0
    /// Steps decided by the graph.
    public var fromMemory = 0.0
  }

  /// Every step.
  public var micro = Steps()
  /// Per source.
  public var bySource: [String: Steps] = [:]
  /// Mean over sources of the element-rule step accuracy.
  public var macroStepAccuracyElement = 0.0
  /// Mean over sources of the AITW-rule step accuracy.
  public var macroStepAccuracyAITW = 0.0
  /// Episodes scored.
  public var episodes = 0
  /// Share of episodes with every step correct (element rule).
  public var completeMatch = 0.0
  /// Share with every step correct (AITW rule).
  public var completeMatchAITW = 0.0
  /// Mean of correct steps ÷ episode length (element rule).
  public var partialMatch = 0.0
  /// Mean of correct steps before the first error ÷ episode length (element rule).
  public var goalProgress = 0.0
  /// The graph-aware scores (``GraphJudge``), when a graph judged the run.
  public var graph: GraphScore?

  /// Scores the records of a run.
  public init(_ records: [StepRecord]) {
    micro = Self.steps(records)
    for (source, group) in Dictionary(grouping: records, by: \.source) {
      bySource[source] = Self.steps(group)
    }
    // Sums in a fixed order (by key), so the last digit does not change from run to run with
    // the dictionaries' per-process hashing.
    let sourcesInOrder = bySource.sorted { $0.key < $1.key }.map(\.value)
    if !bySource.isEmpty {
      macroStepAccuracyElement =
        sourcesInOrder.map(\.stepAccuracyElement).reduce(0, +) / Double(bySource.count)
      macroStepAccuracyAITW =
        sourcesInOrder.map(\.stepAccuracyAITW).reduce(0, +) / Double(bySource.count)
    }
    let byEpisode = Dictionary(grouping: records) { "\($0.source)\u{0}\($0.episode)" }
    episodes = byEpisode.count
    guard episodes > 0 else { return }
    var complete = 0.0
    var completeAITW = 0.0
    var partial = 0.0
    var progress = 0.0
    for (_, group) in byEpisode.sorted(by: { $0.key < $1.key }) {
      let ordered = group.sorted { $0.step < $1.step }
      let matches = ordered.map(\.match)
      let length = Double(max(ordered.first?.steps ?? 1, ordered.count))
      if matches.allSatisfy(\.element) && ordered.count == Int(length) { complete += 1 }
      if matches.allSatisfy(\.aitw) && ordered.count == Int(length) { completeAITW += 1 }
      partial += Double(matches.filter(\.element).count) / length
      progress += Double(matches.prefix { $0.element }.count) / length
    }
    completeMatch = complete / Double(episodes)
    completeMatchAITW = completeAITW / Double(episodes)
    partialMatch = partial / Double(episodes)
    goalProgress = progress / Double(episodes)
  }

  static func steps(_ records: [StepRecord]) -> Steps {
    var result = Steps()
    result.count = records.count
    guard !records.isEmpty else { return result }
    let matches = records.map(\.match)
    let n = Double(records.count)
    result.typeAccuracy = Double(matches.filter(\.type).count) / n
    result.stepAccuracyAITW = Double(matches.filter(\.aitw).count) / n
    result.stepAccuracyElement = Double(matches.filter(\.element).count) / n
    result.formatErrors = Double(matches.filter { !$0.parsed }.count) / n
    result.fromMemory = Double(records.filter { $0.decision?.fromMemory == true }.count) / n
    let typed = matches.filter { $0.textStrict != nil }
    if !typed.isEmpty {
      result.textStrict = Double(typed.filter { $0.textStrict == true }.count) / Double(typed.count)
      result.textLenient =
        Double(typed.filter { $0.textLenient == true }.count) / Double(typed.count)
    }
    return result
  }
}
