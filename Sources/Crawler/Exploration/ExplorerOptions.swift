/// How an exploration runs.
public struct ExplorerOptions: Sendable, Hashable {
  /// Pages deeper than this (root = 1) are not expanded (Mobile3M: 10).
  public var maxDepth = 10
  /// Pages at this depth or above are expanded breadth-first; deeper ones in random order.
  public var breadthFirstDepth = 3
  /// Device actions allowed in all (replays included).
  public var budget = 2000
  /// A worker's subtrees: when not empty, only pages named by one of these (`notes0_3`) or
  /// below it (`notes0_3_…`) are explored, and the pages on the way there take only the
  /// action that leads towards it (Mobile3M's `--prefix`).
  public var prefixes: [String] = []
  /// Subtrees left to other workers: these pages and those below them are not visited
  /// (Mobile3M's `--noneprefix`).
  public var excludedPrefixes: [String] = []
  /// Actions whose element text contains one of these are never taken.
  public var skipKeywords: [String] = ["退出登录", "青少年模式", "长辈模式", "Log out", "Sign out"]
  /// Typed into every input field, one action each.
  public var inputKeywords: [String] = []
  /// Tries of an action that changed nothing before it counts as a self-loop.
  public var retries = 2
  /// Go back instead of restarting when the graph says the action's page returns to its
  /// parent (the faster mode); off = Mobile3M's restart-and-replay for every action.
  public var useBack = false
  /// The app's number in the release layout's folder name (`<name>_graph_<appID>`).
  public var appID = 8000
  /// Seeds the random order of deep pages.
  public var seed: UInt64 = 0

  /// Mobile3M's settings.
  public init() {}

  /// Whether the page named `name` (an action path such as `notes0_3_1`) is this worker's to
  /// visit: in one of its subtrees or on the way to one, and in no excluded subtree.
  public func allows(_ name: String) -> Bool {
    func within(_ name: String, _ subtree: String) -> Bool {
      name == subtree || name.hasPrefix(subtree + "_")
    }
    let prefixes = prefixes.map(Self.pageName(ofPrefix:))
    let included =
      prefixes.isEmpty || prefixes.contains { within(name, $0) || within($0, name) }
    return included && !excludedPrefixes.map(Self.pageName(ofPrefix:)).contains { within(name, $0) }
  }

  /// Whether every page one action below `name` (a page this worker visits) is the worker's
  /// too: `name` is in one of its subtrees (or it has none), and no excluded subtree is below it.
  public func allowsEveryChild(of name: String) -> Bool {
    let inside =
      prefixes.isEmpty
      || prefixes.map(Self.pageName(ofPrefix:)).contains {
        name == $0 || name.hasPrefix($0 + "_")
      }
    return inside
      && !excludedPrefixes.map(Self.pageName(ofPrefix:)).contains { $0.hasPrefix(name + "_") }
  }

  /// The page a prefix names: Mobile3M writes prefixes with a trailing `_`
  /// (`lucky0_3_1_2_`), which names the same page as `lucky0_3_1_2`.
  public static func pageName(ofPrefix prefix: String) -> String {
    prefix.hasSuffix("_") ? String(prefix.dropLast()) : prefix
  }
}

/// What a crawl did.
public struct CrawlSummary: Sendable, Codable, Hashable {
  /// Device actions performed (replays included).
  public var actions = 0
  /// App restarts.
  public var restarts = 0
  /// Screens recorded.
  public var visits = 0
  /// New unique pages.
  public var newPages = 0
  /// New edges (page, action, page).
  public var newEdges = 0
  /// Actions retried because nothing changed.
  public var retries = 0
  /// Replays that failed (the page and its subtree are put on hold).
  public var failedReplays = 0
  /// Rounds discarded because the page was released from this worker while it was stopped or
  /// hung (`m3m crawl --release-claims`): their writes were rolled back.
  public var discardedRounds = 0
  /// Pages still to expand when the crawl stopped (within the depth limit and the worker's
  /// subtrees).
  public var frontier = 0
  /// Why it stopped.
  public var stoppedBecause = ""

  /// Nothing done yet.
  public init() {}
}
