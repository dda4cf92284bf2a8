import UIHierarchy

/// Decides which split a sample goes to, the same way on every run: every page of an unseen
/// app is `unseen`; of the other apps, a page is `seen` (held out) when a hash of the seed and
/// its name falls in the first `seenPercent` of 100 buckets; the rest is `train`.
public struct SplitPlan: Sendable, Hashable, Codable {
  /// Apps held out whole.
  public var unseenApps: Set<String>
  /// Share of the other apps' pages held out, in percent.
  public var seenPercent: Int
  /// Mixed into the hash, so another seed holds out other pages.
  public var seed: UInt64

  /// A plan.
  public init(unseenApps: Set<String> = [], seenPercent: Int = 10, seed: UInt64 = 0) {
    self.unseenApps = unseenApps
    self.seenPercent = seenPercent
    self.seed = seed
  }

  /// The split of a page (`pageKey`: its name, or its id when it has none).
  public func split(app: String, pageKey: String) -> CorpusSplit {
    if unseenApps.contains(app) { return .unseen }
    var hasher = FNV1a()
    hasher.combine(Array("\(seed)/\(app)/\(pageKey)".utf8))
    return Int(hasher.value % 100) < seenPercent ? .seen : .train
  }
}
