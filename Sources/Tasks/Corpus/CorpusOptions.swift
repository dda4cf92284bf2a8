/// What `m3m corpus build` builds.
public struct CorpusOptions: Sendable, Hashable {
  /// The tasks to build (all by default).
  public var tasks: Set<TaskKind> = Set(TaskKind.allCases)
  /// Template language (and target words).
  public var language: PromptTemplates.Language = .zh
  /// Seeds template choice, grounding draws, navigation picks and the split hash.
  public var seed: UInt64 = 0
  /// How samples are held out.
  public var splits = SplitPlan()
  /// The original's filter: screenshots under this many bytes are skipped.
  public var minimumScreenshotBytes = 1024
  /// The original's filter: pages whose compact HTML is shorter (in characters) are skipped.
  public var minimumHTMLCharacters = 200
  /// Grounding samples per page (distinct texts).
  public var groundingPerPage = 5
  /// Draws tried per page to find them.
  public var groundingAttempts = 10
  /// Navigation is built from pages with more than this many children: transitions out of the
  /// page (distinct action and next page, self-loops included), the original's child page names.
  public var navigationMinimumChildren = 3
  /// The original's navigation filter: a page whose `-html.txt` (the compact HTML, each line
  /// ending in a newline, plus the newline `save_txt` adds) is under this many bytes is skipped.
  public var navigationMinimumHTMLBytes = 512

  /// The defaults: every task, Chinese, seed 0, 10% of pages held out, no unseen app.
  public init() {}
}

/// What a build produced and skipped.
public struct CorpusSummary: Sendable, Codable, Hashable {
  /// Samples per task, then per split.
  public var samples: [String: [String: Int]] = [:]
  /// Pages, visits or samples skipped, by reason.
  public var skipped: [String: Int] = [:]
  /// For a preference corpus: pairs (one per rejected answer) per task, then per split.
  public var pairs: [String: [String: Int]]?

  /// Nothing built yet.
  public init() {}

  /// Total samples.
  public var total: Int { samples.values.reduce(0) { $0 + $1.values.reduce(0, +) } }

  mutating func count(_ sample: TaskSample) {
    samples[sample.task.rawValue, default: [:]][sample.split.rawValue, default: 0] += 1
  }

  mutating func skip(_ reason: String) { skipped[reason, default: 0] += 1 }

  mutating func countPairs(_ sample: TaskSample, _ count: Int) {
    var all = pairs ?? [:]
    all[sample.task.rawValue, default: [:]][sample.split.rawValue, default: 0] += count
    pairs = all
  }

  /// Total pairs of a preference corpus (0 for another corpus).
  public var totalPairs: Int {
    (pairs ?? [:]).values.reduce(0) { $0 + $1.values.reduce(0, +) }
  }
}
