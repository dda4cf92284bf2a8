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
/// killed crawl resumes where it stopped. Fixed from the original: pages added during the crawl
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

  /// An explorer of `package` on `device`, recording into `database` (migrated) under the app
  /// name `name`; screens are kept in `work` (their files are what the graph points to).
  public init(
    device: any Device, package: String, name: String, database: Database, work: URL,
    options: ExplorerOptions = ExplorerOptions()
  ) throws {
    self.device = device
    self.package = package
    self.name = name
    db = database
    self.options = options
    self.work = work
    random = SeededGenerator(seed: options.seed)
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
    let ingester = try GraphIngester(database: database)
    try CrawlFrontier.migrate(database)
    session = try ingester.session(source: "crawl:\(package)", format: "crawl")
    captureNumber = try session.lastRecordNumber
  }

  /// Explores until the budget is spent or nothing is left; `progress` after every round.
  public func run(progress: ((CrawlSummary) -> Void)? = nil) throws -> CrawlSummary {
    var frontier = try CrawlFrontier(db: db, app: name)
    if try frontier.isEmpty {
      try restart()
      let (tree, recorded) = try record(name: "\(name)0", parent: nil, action: nil, depth: 1)
      guard let recorded, tree != nil else {
        throw DeviceError(
          command: "launch \(package)", reason: "the launch screen could not be read")
      }
      try frontier.add(
        path: [], name: "\(name)0", page: recorded.page, depth: 1, record: "\(name)0")
    }
    while summary.actions < options.budget {
      guard let entry = try frontier.next(options: options, random: &random) else {
        summary.stoppedBecause = "nothing left to explore"
        break
      }
      try expand(entry, frontier: &frontier)
      summary.frontier = try frontier.open
      progress?(summary)
    }
    if summary.stoppedBecause.isEmpty {
      summary.stoppedBecause = "budget of \(options.budget) actions spent"
    }
    summary.frontier = try frontier.open
    try session.finish()
    return summary
  }

  // MARK: - One round

  private func expand(_ entry: CrawlFrontier.Entry, frontier: inout CrawlFrontier) throws {
    try restart()
    var capture = try device.capture()
    var tree = try UITree(parsing: Array(capture.xml.utf8), source: "\(name) replay")
    for actionString in entry.path {
      // A click or input must still be in the page's action space (which also locates its
      // node); a scroll is replayed as recorded.
      let action =
        actionString.hasPrefix("scroll")
        ? PageAction(mobile3MString: actionString)
        : ActionSpace(tree, inputKeywords: options.inputKeywords).actions.first {
          $0.mobile3MString == actionString
        }
      guard let action, try perform(action, on: tree) else {
        summary.failedReplays += 1
        try frontier.hold(entry)
        return
      }
      capture = try device.capture()
      tree = try UITree(parsing: Array(capture.xml.utf8), source: "\(name) replay")
    }
    // The child's parent is the page's first recorded visit (its screen as first seen).
    let hereTree = tree
    let hereRecord = entry.record
    let space = ActionSpace(hereTree, inputKeywords: options.inputKeywords).actions
    var tried = entry.tried
    while summary.actions < options.budget {
      guard
        let action = space.first(where: { candidate in
          !tried.contains(candidate.mobile3MString) && !skipped(candidate, in: hereTree)
        })
      else {
        try frontier.finish(entry)
        return
      }
      tried.insert(action.mobile3MString)
      let actionID = try frontier.actionID(action.mobile3MString)
      let childName = "\(entry.name)_\(actionID)"
      var child: GraphIngester.Session.Recorded?
      let childRecord = { "\(childName)@\(self.captureNumber)" }
      // The child, the action marked tried and, for a new page, its frontier entry are written
      // in one transaction: a killed crawl resumes with all of them or none.
      let bookkeeping = { (recorded: GraphIngester.Session.Recorded?) throws in
        try frontier.tried(entry, action.mobile3MString)
        guard let recorded, recorded.isNewPage, try self.device.foregroundPackage() == self.package
        else { return }
        try frontier.add(
          path: entry.path + [action.mobile3MString], name: childName, page: recorded.page,
          depth: entry.depth + 1, record: childRecord())
      }
      for attempt in 0...options.retries {
        guard try perform(action, on: hereTree) else {
          try frontier.tried(entry, action.mobile3MString)
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
          depth: entry.depth + 1, capture: capture, alongside: bookkeeping)
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

  /// Captures (unless given) and records a screen; its parsed tree and where it went.
  private func record(
    name: String, record: String? = nil, parent: String?, action: PageAction?, depth: Int,
    capture given: Capture? = nil,
    alongside: (GraphIngester.Session.Recorded?) throws -> Void = { _ in }
  ) throws -> (UITree?, GraphIngester.Session.Recorded?) {
    let capture = try given ?? device.capture()
    let recordName = record ?? name
    let base = work.appendingPathComponent(recordName.replacingOccurrences(of: "/", with: "_"))
    let xmlPath = base.path + ".xml"
    let pngPath = base.path + ".png"
    try capture.xml.write(toFile: xmlPath, atomically: false, encoding: .utf8)
    try Data(capture.png).write(to: URL(fileURLWithPath: pngPath))
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
    let recorded = try session.add(step, alongside: alongside)
    summary.visits += 1
    if recorded?.isNewPage == true { summary.newPages += 1 }
    return (tree, recorded)
  }
}
