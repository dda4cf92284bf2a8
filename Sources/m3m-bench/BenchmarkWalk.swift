import SyntheticApps

/// The ingest benchmarks' random walk over app definitions: a restart at a random app's root
/// every 12 steps, a random clock value per visit, then a random element's target (the walk stays
/// on the page when the element leaves the app or the page has none). Deterministic: a fixed
/// linear congruential seed, so every run generates the same trace.
struct BenchmarkWalk {
  /// One visit of the walk.
  struct Visit {
    var app: AppDefinition
    var pageName: String
    var page: AppDefinition.Page
    var clock: String
    /// True when the app was restarted for this visit (every 12th, the first included).
    var isRestart: Bool
  }

  /// The clock values each page is rendered with.
  static let clocks = ["12:30", "12:31", "12:32"]

  private let apps: [AppDefinition]
  private var seed: UInt64
  private var step = 0
  private var appIndex = 0
  private var current = ""

  /// A walk over `apps` (at least one); another `seed` gives another walk.
  init(apps: [AppDefinition], seed: UInt64 = 42) throws {
    guard !apps.isEmpty else { throw BenchmarkError("no app definitions given") }
    self.apps = apps
    self.seed = seed
  }

  /// The next visit.
  /// - Throws: ``BenchmarkError`` when an app definition names a page it does not define.
  mutating func next() throws -> Visit {
    let restart = step % 12 == 0
    step += 1
    if restart {
      appIndex = random(apps.count)
      current = apps[appIndex].root
    }
    let app = apps[appIndex]
    guard let page = app.pages[current] else {
      throw BenchmarkError("\(app.name): no page \(current)")
    }
    let visit = Visit(
      app: app, pageName: current, page: page, clock: Self.clocks[random(Self.clocks.count)],
      isRestart: restart)
    let element = page.elements.isEmpty ? nil : page.elements[random(page.elements.count)]
    current = element?.to.flatMap { app.pages[$0] == nil ? nil : $0 } ?? current
    return visit
  }

  private mutating func random(_ bound: Int) -> Int {
    seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return Int((seed >> 33) % UInt64(bound))
  }
}
