/// Success rate and SPL over a play's goals, in all and per goal depth.
public struct PlayReport: Sendable, Codable, Hashable {
  /// The memory setting.
  public var memory: String
  /// The totals.
  public var all: Row
  /// One row per goal depth (shortest path from the launch page), shallow first.
  public var byDepth: [Row]
  /// Held-out memory: goals left out because the held-out crawl still reached their page.
  public var notHeldOut: Int?

  /// The figures of a group of goals.
  public struct Row: Sendable, Codable, Hashable {
    /// The goal depth (nil for the totals).
    public var depth: Int?
    /// Goals played.
    public var goals: Int
    /// Goals whose stop screen was the goal page.
    public var successes: Int
    /// `successes / goals`.
    public var successRate: Double
    /// Mean success weighted by path length.
    public var spl: Double
    /// Mean actions taken.
    public var meanSteps: Double
    /// Goals where the agent said it was done.
    public var saidDone: Int
  }

  /// The report over `outcomes` (held-out ones whose page the crawl reached are left out and
  /// counted in ``notHeldOut``).
  public init(memory: String, outcomes: [PlayOutcome]) {
    self.memory = memory
    let counted = outcomes.filter { $0.heldOut ?? true }
    let left = outcomes.count - counted.count
    notHeldOut = outcomes.contains { $0.heldOut != nil } ? left : nil
    all = Self.row(nil, counted)
    byDepth = Dictionary(grouping: counted, by: \.goal.depth).sorted { $0.key < $1.key }.map {
      Self.row($0.key, $0.value)
    }
  }

  static func row(_ depth: Int?, _ outcomes: [PlayOutcome]) -> Row {
    let n = outcomes.count
    let mean = { (value: (PlayOutcome) -> Double) in
      n == 0 ? 0 : outcomes.map(value).reduce(0, +) / Double(n)
    }
    let successes = outcomes.filter(\.success).count
    return Row(
      depth: depth, goals: n, successes: successes,
      successRate: n == 0 ? 0 : Double(successes) / Double(n), spl: mean(\.spl),
      meanSteps: mean { Double($0.steps) }, saidDone: outcomes.filter(\.saidDone).count)
  }
}
