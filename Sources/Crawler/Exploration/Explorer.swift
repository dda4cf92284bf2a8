import FileIO
import Foundation
import Geometry
import GraphStore
import Ingest
import Screenshots
import UIHierarchy

/// Mobile3M's restart-and-replay exploration, recording every new screen into the graph as it
/// goes (the ingest page-identity rule, straight into the database).
///
/// A page's identity in the crawl is its action path from the launch page (`app0_3_5`: action
/// ids 3 then 5). Each round picks a frontier page — breadth-first near the root, at random
/// deeper — restarts the app, replays the path, takes the first action of the page's action
/// space not tried yet, records the screen it leads to, and adds that screen to the frontier
/// when it is a new page. The frontier (paths and tried actions) lives in the database, so a
/// killed crawl resumes where it stopped. With a release directory every recorded screen is also
/// written in the Mobile3M release layout (a page folder holding its replayed path; the
/// app-level files when the crawl stops). `ExplorerOptions.prefixes` keeps a worker to its
/// subtrees, so several devices can crawl one app into databases that `m3m merge` joins, or
/// into one graph at once: workers of one graph claim the pages they expand and take action
/// numbers from it (``CrawlFrontier``), so they crawl it as one crawl would.
/// Fixed from the original: pages added during the crawl
/// are retrievable (the ingest BM25 index is incremental); the skip-keyword test applies;
/// a replay step must still be in the page's action space, else the page is put on hold.
public final class Explorer {
  private let device: any Device
  private let package: String
  private let name: String
  private let db: Database
  private let session: GraphIngester.Session
  private let options: ExplorerOptions
  private let work: URL
  private var summary = CrawlSummary()
  private var random: SeededGenerator
  private var captureNumber = 0
  private let release: CrawlReleaseWriter?
  /// This worker, as the pages it claims name it.
  private let claimant: CrawlClaimant
  /// How long a worker waits before looking again when other workers hold the pages it could
  /// expand next.
  static let pollInterval = 0.1

  /// An explorer of `package` on `device`, recording into `database` (migrated) under the app
  /// name `name`; screens are kept in `work` (their files are what the graph points to), and
  /// written in the Mobile3M release layout under `releaseDirectory` when one is given
  /// (`<releaseDirectory>/<name>_graph_<options.appID>/`).
  public init(
    device: any Device, package: String, name: String, database: Database, work: URL,
    releaseDirectory: URL? = nil, options: ExplorerOptions = ExplorerOptions()
  ) throws {
    self.device = device
    self.package = package
    self.name = name
    db = database
    self.options = options
    self.work = work
    random = SeededGenerator(seed: options.seed)
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    // The ingester brings the graph to the current schema, crawl tables included.
    let ingester = try GraphIngester(database: database)
    // One source per database and app: a resumed crawl goes on in it; workers' databases
    // have sources of their own, so they merge side by side.
    session = try ingester.session(
      source: "\(package)@\(try database.crawlID())", format: "crawl")
    release = try releaseDirectory.map {
      try CrawlReleaseWriter(
        directory: $0, app: name, appID: options.appID, package: package, db: database)
    }
    captureNumber = try session.lastRecordNumber
    claimant = try CrawlClaimant.register(on: database)
  }

  /// Numbers actions as the crawl in `database` numbered them (Mobile3M's shared
  /// `all_action_id.json`), so that workers started from one base crawl name its pages alike
  /// and a `--prefix` below the launch page means the same page to all of them.
  public func adoptActionNumbers(from database: Database, path: String) throws {
    var frontier = try CrawlFrontier(db: db, app: name, claimant: claimant)
    try frontier.adoptActionNumbers(from: database, source: path)
  }

  /// Explores until the budget is spent or nothing is left; `progress` after every round,
  /// `onDiscard` for a round discarded because the page was released from this worker.
  public func run(
    progress: ((CrawlSummary) -> Void)? = nil, onDiscard: ((CrawlClaimLost) -> Void)? = nil
  ) throws -> CrawlSummary {
    var frontier = try CrawlFrontier(db: db, app: name, claimant: claimant)
    // The pages this worker holds are free again however the run ends.
    defer { try? frontier.releaseAll() }
    if try frontier.isEmpty {
      try restart()
      // The launch screen and its frontier entry in one transaction: a worker starting beside
      // this one finds the screen recorded, and records nothing more.
      let (tree, recorded) = try record(
        name: rootName, parent: nil, action: nil, depth: 1, path: []
      ) { recorded in
        guard let recorded else { return }
        try frontier.add(
          path: [], name: rootName, page: recorded.page, depth: 1, record: rootName)
      }
      guard recorded != nil, tree != nil else {
        throw DeviceError(
          command: "launch \(package)", reason: "the launch screen could not be read")
      }
    }
    exploring: while summary.actions < options.budget {
      let entry: CrawlFrontier.Entry
      switch try frontier.claimNext(options: options, random: &random) {
      case .page(let claimed):
        entry = claimed
      case .waitForOthers:
        Thread.sleep(forTimeInterval: Self.pollInterval)
        continue exploring
      case .nothingLeft:
        summary.stoppedBecause = "nothing left to explore"
        break exploring
      }
      do {
        try expand(entry, frontier: &frontier)
      } catch let lost as CrawlClaimLost {
        // Released while it was stopped or hung: the round's write was rolled back, and the
        // page is another worker's now (or free again). Go on with another page.
        summary.discardedRounds += 1
        onDiscard?(lost)
        continue exploring
      }
      try frontier.release(entry)
      summary.frontier = try frontier.open(options: options)
      progress?(summary)
    }
    if summary.stoppedBecause.isEmpty {
      summary.stoppedBecause = "budget of \(options.budget) actions spent"
    }
    summary.frontier = try frontier.open(options: options)
    try release?.writeIndex(actionNumbers: frontier.actionNumbers)
    try session.finish()
    return summary
  }

  /// The launch page's name (`notes0`); a page's name adds `_<action number>` per step.
  private var rootName: String { "\(name)0" }

  /// The names of the pages on the way to `name`, the launch page first and `name` last.
  private func pathNames(to name: String) -> [String] {
    var names = [rootName]
    for number in name.dropFirst(rootName.count).split(separator: "_") {
      names.append(names.last! + "_" + number)
    }
    return names
  }

  // MARK: - One round

  private func expand(_ entry: CrawlFrontier.Entry, frontier: inout CrawlFrontier) throws {
    try restart()
    var capture = try device.capture()
    var tree = try UITree(parsing: Array(capture.xml.utf8), source: "\(name) replay")
    // The current screen's compact HTML and action space, computed once and only when needed.
    var described: (html: CompactHTML, actions: [PageAction])?
    func description() -> (html: CompactHTML, actions: [PageAction]) {
      if let described { return described }
      let html = CompactHTML(tree)
      let made = (html, ActionSpace(html, tree: tree, inputKeywords: options.inputKeywords).actions)
      described = made
      return made
    }
    // The screens seen on the way, for the page folders of the release layout.
    let names = pathNames(to: entry.name)
    var path: [Mobile3MLayout.Screen] = []
    func keep(_ step: Int) {
      guard release != nil, step < names.count else { return }
      let (html, actions) = description()
      path.append(
        Mobile3MLayout.Screen(
          name: names[step], xml: capture.xml, html: html.text, png: capture.png,
          uniqueName: names[step], history: Array(entry.path.prefix(step)),
          actionSpace: actions.map(\.mobile3MString)))
    }
    keep(0)
    for (step, actionString) in entry.path.enumerated() {
      // A click or input must still be in the page's action space (which also locates its
      // node); a scroll is replayed as recorded.
      let action =
        actionString.hasPrefix(PageAction.Kind.scroll.rawValue)
        ? PageAction(mobile3MString: actionString)
        : description().actions.first { $0.mobile3MString == actionString }
      guard let action, try perform(action, on: tree) else {
        summary.failedReplays += 1
        try frontier.hold(entry)
        return
      }
      capture = try device.capture()
      tree = try UITree(parsing: Array(capture.xml.utf8), source: "\(name) replay")
      described = nil
      keep(step + 1)
    }
    // The child's parent is the page's first recorded visit (its screen as first seen).
    let hereTree = tree
    let hereRecord = entry.record
    let space = description().actions
    try frontier.numberActions(space.map(\.mobile3MString))
    try frontier.recordSpace(
      entry, actions: space.filter { !skipped($0, in: hereTree) }.map(\.mobile3MString))
    let numbers = frontier.actionNumbers
    let childName = { (action: PageAction) in
      "\(entry.name)_\(numbers[action.mobile3MString] ?? 0)"
    }
    try checkPrefixes(below: entry.name, numbers: numbers)
    var tried = entry.tried
    while summary.actions < options.budget {
      // Untried, not skipped, and within this worker's subtrees.
      guard
        let action = space.first(where: { candidate in
          !tried.contains(candidate.mobile3MString) && !skipped(candidate, in: hereTree)
            && options.allows(childName(candidate))
        })
      else {
        try frontier.finish(entry)
        return
      }
      tried.insert(action.mobile3MString)
      let childName = childName(action)
      var child: GraphIngester.Session.Recorded?
      let childRecord = { "\(childName)@\(self.captureNumber)" }
      // The child, the action marked tried and, for a new page, its frontier entry are written
      // in one transaction: a killed crawl resumes with all of them or none.
      let bookkeeping = { (recorded: GraphIngester.Session.Recorded?) throws in
        try frontier.renew(entry)
        try frontier.tried(entry, action.mobile3MString)
        guard let recorded, recorded.isNewPage, try self.device.foregroundPackage() == self.package
        else { return }
        try frontier.add(
          path: entry.path + [action.mobile3MString], name: childName, page: recorded.page,
          depth: entry.depth + 1, record: childRecord())
      }
      for attempt in 0...options.retries {
        guard try perform(action, on: hereTree) else {
          try frontier.triedWithoutScreen(entry, action.mobile3MString)
          break
        }
        captureNumber += 1
        let capture = try device.capture()
        // Nothing changed (a flaky tap): try again before calling it a self-loop.
        if attempt < options.retries && Self.sameContent(hereTree, capture.xml) {
          summary.retries += 1
          continue
        }
        let childTree: UITree?
        (childTree, child) = try record(
          name: childName, record: childRecord(), parent: hereRecord, action: action,
          depth: entry.depth + 1, path: path, capture: capture, alongside: bookkeeping)
        if childTree == nil { child = nil }
        break
      }
      guard child != nil else { return }
      // Restart-and-replay takes one action per restart; the faster mode goes back and goes
      // on while back returns to this page.
      guard options.useBack else { return }
      if !Self.sameContent(hereTree, try device.capture().xml) {
        try device.perform(.back)
        summary.actions += 1
        guard Self.sameContent(hereTree, try device.capture().xml),
          try device.foregroundPackage() == package
        else { return }
      }
    }
  }

  /// A prefix below `page` whose next step has a number this crawl never gave cannot be
  /// reached: its numbers come from another crawl.
  private func checkPrefixes(below page: String, numbers: [String: Int]) throws {
    let highest = numbers.values.max() ?? 0
    for prefix in options.prefixes {
      let trimmed = ExplorerOptions.pageName(ofPrefix: prefix)
      guard trimmed.hasPrefix(page + "_"),
        let next = trimmed.dropFirst(page.count + 1).split(separator: "_").first.flatMap({
          Int($0)
        }),
        next > highest
      else { continue }
      throw CrawlError(
        subject: "prefix \(prefix)",
        reason: "\(page) has no action \(next) in this crawl (actions are numbered 1–\(highest) "
          + "so far); numbers below the launch page are each crawl's own: start the workers "
          + "with --actions-from a crawl that reached \(trimmed), or take the prefix from this one")
    }
  }

  /// Whether an action's element carries a skip keyword.
  private func skipped(_ action: PageAction, in tree: UITree) -> Bool {
    guard let line = action.htmlLine else { return false }
    return options.skipKeywords.contains { line.containsBytes($0) }
  }

  /// Whether `xml` shows what `tree` shows, the status bar (a clock) left out.
  static func sameContent(_ tree: UITree, _ xml: String) -> Bool {
    guard let other = try? UITree(parsing: Array(xml.utf8), source: "retry") else { return false }
    func content(_ tree: UITree) -> [String] {
      CompactHTML(tree).lines.filter { !$0.containsBytes("com.android.systemui") }
    }
    return content(tree) == content(other)
  }

  // MARK: - Device and recording

  private func restart() throws {
    try device.forceStop(package)
    try device.launch(package)
    summary.restarts += 1
  }

  /// Performs a page action on the device: a tap at the element's centre, a tap then typing
  /// for inputs, the recorded swipe for scrolls. False when the element is not on the screen.
  private func perform(_ action: PageAction, on tree: UITree) throws -> Bool {
    summary.actions += 1
    switch action.kind {
    case .scroll:
      guard let swipe = action.swipe else { return false }
      try device.perform(.swipe(from: swipe.start, to: swipe.end, milliseconds: 300))
      return true
    case .click, .input:
      // Actions of the page's action space know their node; parsed strings find it by line.
      guard
        let box = action.nodeIndex.flatMap({ tree.nodes[$0].bounds })
          ?? action.htmlLine.flatMap({ Self.bounds(of: $0, in: tree) })
      else {
        return false
      }
      try device.perform(.tap(box.center))
      if action.kind == .input {
        try device.perform(.type(action.text ?? ""))
      }
      return true
    }
  }

  /// The bounds of the node whose compact-HTML line is `line`.
  static func bounds(of line: String, in tree: UITree) -> Bounds? {
    let html = CompactHTML(tree)
    guard let index = html.lines.firstIndex(of: line) else { return nil }
    return tree.nodes[html.nodeIndices[index]].bounds
  }

  /// Captures (unless given) and records a screen, reached along `path` (the screens before
  /// it, for its page folder); its parsed tree and where it went.
  private func record(
    name: String, record: String? = nil, parent: String?, action: PageAction?, depth: Int,
    path: [Mobile3MLayout.Screen], capture given: Capture? = nil,
    alongside: (GraphIngester.Session.Recorded?) throws -> Void = { _ in }
  ) throws -> (UITree?, GraphIngester.Session.Recorded?) {
    let capture = try given ?? device.capture()
    let recordName = record ?? name
    let base = work.appendingPathComponent(recordName.replacingOccurrences(of: "/", with: "_"))
    let xmlPath = base.path + ".xml"
    let pngPath = base.path + ".png"
    try OutputFile.write(Data(capture.xml.utf8), to: xmlPath)
    try OutputFile.write(capture.png, to: pngPath)
    let tree = try? UITree(parsing: Array(capture.xml.utf8), source: xmlPath)
    let traceAction = action.map {
      TraceAction(
        type: $0.kind.rawValue, text: $0.text, direction: $0.direction?.rawValue,
        mobile3M: $0.mobile3MString)
    }
    var step = TraceStep(
      record: recordName, app: self.name, name: name, parentRecord: parent, depth: depth,
      xmlPath: xmlPath, tree: tree, screenshotPath: pngPath, action: traceAction)
    if tree == nil { step.problem = "\(xmlPath): unreadable dump" }
    // The page folder is written in the step's transaction: a resumed crawl that records the
    // step again writes it again.
    let recorded = try session.add(step) { recorded in
      // The frontier first: a worker whose claim was released writes nothing (not even the
      // page folder).
      try alongside(recorded)
      if let release, let recorded {
        let html = tree.map { CompactHTML($0) }
        let actions = html.map {
          ActionSpace($0, tree: tree, inputKeywords: options.inputKeywords).actions
        }
        let unique = recorded.isNewPage ? name : try release.uniqueName(of: recorded.page)
        try release.writePage(
          path + [
            Mobile3MLayout.Screen(
              name: name, xml: capture.xml, html: html?.text ?? "", png: capture.png,
              uniqueName: unique ?? name,
              history: action.map { (path.last?.history ?? []) + [$0.mobile3MString] } ?? [],
              actionSpace: actions?.map(\.mobile3MString) ?? [])
          ])
      }
    }
    summary.visits += 1
    if recorded?.isNewPage == true { summary.newPages += 1 }
    summary.newEdges = session.summary.newEdges
    return (tree, recorded)
  }
}
