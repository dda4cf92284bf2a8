/// The page identifiers of the apps visited lately, bounded in bytes (not in apps: one app of a
/// large crawl holds more pages than fifty small ones), least recently used evicted first, so
/// memory does not grow with the graph. An evicted app's identifier is read back from the
/// database when the app is next visited (``PageIdentifier/load(app:from:rule:)``), which finds
/// the same pages.
struct PageIdentifierCache {
  /// The most bytes kept (``PageIdentifier/approximateBytes``); the identifier put last is kept
  /// even when it is larger on its own.
  let byteBudget: Int
  private var entries: [Int64: PageIdentifier] = [:]
  /// Apps kept, least recently used first.
  private(set) var apps: [Int64] = []
  private(set) var bytes = 0

  init(byteBudget: Int) { self.byteBudget = byteBudget }

  /// Takes the app's identifier out of the cache (nil when it is not kept): the caller owns it
  /// while it registers pages, so they are added in place, not to a copy, and puts it back.
  mutating func take(app: Int64) -> PageIdentifier? {
    guard let identifier = entries.removeValue(forKey: app) else { return nil }
    apps.removeAll { $0 == app }
    bytes -= identifier.approximateBytes
    return identifier
  }

  /// Keeps `identifier` as the most recently used, evicting others until the budget holds.
  mutating func put(_ identifier: PageIdentifier, app: Int64) {
    _ = take(app: app)
    entries[app] = identifier
    apps.append(app)
    bytes += identifier.approximateBytes
    while bytes > byteBudget, apps.count > 1 {
      let evicted = apps.removeFirst()
      bytes -= entries.removeValue(forKey: evicted)?.approximateBytes ?? 0
    }
  }

  /// Forgets every identifier.
  mutating func removeAll() {
    entries.removeAll()
    apps.removeAll()
    bytes = 0
  }
}
