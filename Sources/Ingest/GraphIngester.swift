import FileIO
import Foundation
import Geometry
import GraphStore
import Screenshots
import TextRecognition
import UIHierarchy

/// Streams trace steps into the graph: parses each screen, decides its unique page with the
/// Mobile3M rule, and records the visit, its elements, the action and the transitions.
///
/// Idempotent and resumable: a source is known by its fingerprint; steps already recorded for it
/// are skipped, and work is committed in batches, so a killed ingest run again ends where one
/// clean run would. A screen that cannot be read goes to `reject` with its reason.
///
/// ```swift
/// let ingester = try GraphIngester(database: db)
/// let summary = try ingester.ingest(steps, source: "trace/", format: "episode")
/// ```
public final class GraphIngester {
  /// Knobs of an ingest.
  public struct Options: Sendable {
    /// The page-identity thresholds and k.
    public var rule = PageIdentityRule()
    /// Steps per committed transaction.
    public var batchSize = 500
    /// Called after each committed batch (for progress on stderr).
    public var progress: (@Sendable (IngestSummary) -> Void)?
    /// The most pixels a screenshot may have to be decoded for the pixel test; a larger one is
    /// refused from its PNG header, before anything is allocated for it.
    public var maximumImagePixels = RGBAImage.defaultMaximumPixels
    /// The most bytes of decoded screenshots held: unique pages' frames kept for the visits
    /// compared with them (as ``CompactFrame``s, in the bytes they hold; least recently used
    /// evicted) and, when `jobs` > 1, frames decoded
    /// ahead of the writer (their share: `decodeAheadBytes`, at most half). The visit being
    /// recorded and one candidate being decoded come on top.
    public var imageCacheBytes = Options.defaultImageCacheBytes
    /// The most bytes of apps' page identifiers (line hashes, BM25 postings) kept between
    /// visits; the least recently visited app's is evicted and read back from the database when
    /// the app is next visited (the same pages are found either way).
    public var identifierCacheBytes = Options.defaultIdentifierCacheBytes
    /// The largest dump accepted (depth, nodes, attributes an element); a larger one is rejected.
    public var hierarchyLimits = HierarchyLimits.standard
    /// Threads preparing steps (reading, parsing, compact HTML, hashing, decoding) ahead of the
    /// one writer, the writer's own included; 1 prepares each step on the writer as it records
    /// it. The graph written is the same for every number.
    public var jobs = 1
    /// The most bytes of screenshots decoded ahead of the writer (when `jobs` > 1), taken from
    /// `imageCacheBytes` (at most half of it); a step whose decode does not fit leaves it to the
    /// writer.
    public var decodeAheadBytes = Options.defaultDecodeAheadBytes
    /// Reads a screen that has a screenshot and no dump (AppAgent's screenshot-only steps,
    /// AitZ/AITW episodes) into a pixel-derived tree, whose elements are OCR lines of class
    /// `m3m.OCRTextView` under an `m3m.OCRScreen` root; nil (the default) rejects such screens.
    /// A screen with a dump always uses the dump.
    public var textRecognition: TextRecognizerPool?

    /// 64 MB decoded ahead: six 1080×2400 phone screens, the window of steps prepared ahead
    /// with two jobs (3 × jobs), so the writer seldom decodes a visit's own frame.
    public static let defaultDecodeAheadBytes = 64 << 20

    /// 160 MB of decoded screenshots: 96 MB of compact page frames (about 50 real 1080×2400
    /// phone screens, 1.8 MB each on average; nine uncompressed) and 64 MB decoded ahead.
    public static let defaultImageCacheBytes = 160 << 20

    /// 48 MB of page identifiers: about 19,000 unique pages of 40 lines.
    public static let defaultIdentifierCacheBytes = 48 << 20

    /// The defaults: Mobile3M's rule, batches of 500.
    public init() {}
  }

  let db: Database
  /// The graph's one writer: every row of this ingest goes through it.
  let writer: GraphWriter
  private let options: Options
  private var identifiers: PageIdentifierCache
  private var appIDs: [String: Int64] = [:]
  private var knownRows = KnownRows()
  /// Inside ``batchingSources(_:)``: sources share transactions.
  private var isBatchingSources = false
  /// Steps recorded since the last commit (across sources when batching them).
  private var uncommittedSteps = 0
  /// Decoded page frames, within `imageCacheBytes` less the share decoded ahead.
  private var frames: PageFrameCache
  /// The bytes the workers may decode ahead of the writer.
  private let decodeAheadBytes: Int

  /// An ingester writing to `database` (migrated to the current schema first).
  public init(database: Database, options: Options = Options()) throws {
    db = database
    self.options = options
    let total = max(options.imageCacheBytes, 0)
    decodeAheadBytes = options.jobs > 1 ? min(max(options.decodeAheadBytes, 0), total / 2) : 0
    frames = PageFrameCache(byteBudget: total - decodeAheadBytes)
    identifiers = PageIdentifierCache(byteBudget: options.identifierCacheBytes)
    writer = try GraphWriter(database: database)
  }

  /// Ingests one source's steps, in order (a step's parent must come before it).
  /// - Parameters:
  ///   - source: the path the steps came from (recorded, and part of the fingerprint).
  ///   - format: the reader's name.
  ///   - identity: what makes the source itself when it is not a file (a merged graph's
  ///     source); by default the source's absolute path.
  /// - Returns: what was added, skipped and rejected.
  public func ingest(
    _ steps: some Sequence<TraceStep>, source: String, format: String, identity: String? = nil
  ) throws -> IngestSummary {
    try ingest(
      sources: CollectionOfOne(
        IngestSource(steps: steps, path: source, format: format, identity: identity)))
  }

  /// Ingests many sources, one after the other, through one pipeline: with several jobs the
  /// next source's steps are read, parsed and decoded while this one's last steps are recorded
  /// (a source of a few steps would otherwise leave the workers idle as it drains). Steps are
  /// recorded in order, source after source, by this one writer, so the graph is the one
  /// ingesting each source in turn writes. A source is started (its row made) when its first
  /// step is read ahead, and recorded whole in the transaction of its last step.
  /// - Returns: what was added, skipped and rejected, over all the sources.
  public func ingest(sources: some Sequence<IngestSource>) throws -> IngestSummary {
    var total = IngestSummary()
    // A batch of sources goes on in the transaction the last one left open.
    if !(isBatchingSources && uncommittedSteps > 0) {
      try beginWrite()
      uncommittedSteps = 0
    }
    var preparation: StepPreparation?
    defer { preparation?.close() }
    do {
      var sourceIterator = sources.makeIterator()
      var isLastSourceStarted = false
      // Sources started and not yet finished, by their place in `sources`.
      var started: [Int: SourceProgress] = [:]
      var startedCount = 0
      var finishedCount = 0
      var reading: (source: Int, steps: AnyIterator<TraceStep>)?
      // The next step of the sources in order; each source is started as it is reached.
      func nextSourceStep() throws -> (source: Int, step: TraceStep)? {
        while !isLastSourceStarted {
          if let reading, let step = reading.steps.next() { return (reading.source, step) }
          reading = nil
          guard let source = sourceIterator.next() else {
            isLastSourceStarted = true
            break
          }
          let (id, isNew) = try writer.findOrAddSource(
            SourceRow(path: source.path, format: source.format, fingerprint: source.fingerprint))
          let progress = SourceProgress(id: id)
          progress.recent.holdsWholeSource = isNew
          started[startedCount] = progress
          reading = (startedCount, AnyIterator(source.steps.makeIterator()))
          startedCount += 1
        }
        return nil
      }
      // Marks the oldest unfinished source done, in the transaction of its last step.
      func finishSource(reopen: Bool) throws {
        defer { finishedCount += 1 }
        guard let progress = started.removeValue(forKey: finishedCount) else { return }
        // Done, with its steps and rejects counted, in one statement.
        try writer.finishSource(progress.id, stepsDone: progress.summary.steps)
        if isBatchingSources && uncommittedSteps + 1 < options.batchSize {
          // Committed with the next sources (or when the batch ends).
          uncommittedSteps += 1
        } else {
          try writer.commit()
          options.progress?(progress.summary)
          if reopen { try beginWrite() }
          uncommittedSteps = 0
        }
        total.add(progress.summary)
      }
      if options.jobs > 1 {
        preparation = StepPreparation(
          jobs: options.jobs, window: 3 * options.jobs, decodeBytes: decodeAheadBytes,
          prepare: { [options] step, reserve in
            PreparedStep(
              step, limits: options.hierarchyLimits, maximumPixels: options.maximumImagePixels,
              textRecognition: options.textRecognition, reserve: reserve)
          })
      }
      // The next step, in recorded order, with its preparation when done ahead.
      func nextStep() throws -> (source: Int, step: TraceStep, prepared: PreparedStep?)? {
        guard let preparation else { return try nextSourceStep().map { ($0, $1, nil) } }
        while preparation.hasRoom, let (source, step) = try nextSourceStep() {
          // A step already recorded (a resumed ingest) is not prepared.
          let known = try started[source].flatMap {
            try visit(step.record, sourceID: $0.id, recent: &$0.recent)
          }
          preparation.add(step, source: source, needed: known == nil)
        }
        return preparation.takeFirst()
      }
      while case (let source, let step, var prepared)? = try nextStep() {
        // Given back once recorded: its decode-ahead bytes, and its tree for a worker to free.
        defer { preparation?.finished(&prepared) }
        while finishedCount < source { try finishSource(reopen: true) }
        guard let progress = started[source] else { continue }
        let sourceID = progress.id
        progress.summary.steps += 1
        if try visit(step.record, sourceID: sourceID, recent: &progress.recent) != nil {
          progress.summary.skipped += 1
          continue
        }
        let parent = try step.parentRecord.flatMap {
          try visit($0, sourceID: sourceID, recent: &progress.recent)
        }
        if let visit = try record(
          step, prepared: prepared, sourceID: sourceID, parent: parent,
          summary: &progress.summary)
        {
          progress.recent.insert(step.record, visit)
        }
        uncommittedSteps += 1
        if uncommittedSteps >= options.batchSize {
          try commitBatch(sourceID: sourceID, summary: progress.summary)
          uncommittedSteps = 0
        }
      }
      while finishedCount < startedCount {
        try finishSource(reopen: finishedCount + 1 < startedCount)
      }
      // No source at all: the transaction opened for the first one ends empty.
      if startedCount == 0 && uncommittedSteps == 0 { try writer.commit() }
    } catch {
      writer.rollback()
      forgetCachedPages()
      uncommittedSteps = 0
      throw error
    }
    return total
  }

  /// A source being ingested: its row, its last visits and what was recorded so far.
  private final class SourceProgress {
    let id: Int64
    // The last visits recorded, for parent lookups without a query in linear traces; older
    // ones are read back from the database, so memory does not grow with the trace.
    var recent = RecentVisits(capacity: 64)
    var summary = IngestSummary()

    init(id: Int64) { self.id = id }
  }

  /// Runs `body`, which ingests many sources, with sources sharing transactions: a commit
  /// every ``Options/batchSize`` steps (sources counted as a step each) instead of one per
  /// source at least, which is most of the cost of a small source. A source is still recorded
  /// all or nothing: a run killed or failing in between loses the sources of the open batch
  /// whole, and ingesting them again records them.
  public func batchingSources<T>(_ body: () throws -> T) throws -> T {
    isBatchingSources = true
    defer { isBatchingSources = false }
    do {
      let result = try body()
      if uncommittedSteps > 0 {
        try writer.commit()
        uncommittedSteps = 0
      }
      return result
    } catch {
      writer.rollback()
      forgetCachedPages()
      uncommittedSteps = 0
      throw error
    }
  }

  /// Starts recording steps one at a time (a crawler's screens as they come), each committed
  /// at once so a killed crawl loses nothing it reported.
  /// - Parameters:
  ///   - identity: what makes the source itself (a live session's id); by default `source`.
  ///   - alongside: runs with the source's row id in the transaction that creates it, so a
  ///     kill leaves both or neither.
  public func session(
    source: String, format: String, identity: String? = nil,
    alongside: (_ sourceID: Int64) throws -> Void = { _ in }
  ) throws -> Session {
    let fingerprint = format + ":" + (identity ?? source)
    try beginWrite()
    do {
      let sourceID = try sourceRow(path: source, format: format, fingerprint: fingerprint)
      try alongside(sourceID)
      try writer.commit()
      return Session(ingester: self, sourceID: sourceID)
    } catch {
      writer.rollback()
      throw error
    }
  }

  /// Steps recorded one at a time into one source.
  public final class Session {
    let ingester: GraphIngester
    let sourceID: Int64
    private var recent = RecentVisits(capacity: 256)
    /// What was recorded so far.
    public private(set) var summary = IngestSummary()

    /// The largest number after an `@` in the records already in this source (a crawler
    /// numbers its screens `name@N` and goes on from there when it resumes).
    public var lastRecordNumber: Int {
      get throws {
        Int(try ingester.db.lastRecordNumber(source: sourceID))
      }
    }

    init(ingester: GraphIngester, sourceID: Int64) {
      self.ingester = ingester
      self.sourceID = sourceID
    }

    /// Where a recorded step went.
    public struct Recorded: Sendable, Hashable {
      /// The visit's row id.
      public var visit: Int64
      /// The unique page it shows.
      public var page: Int64
      /// Whether that page is new (first seen with this step).
      public var isNewPage: Bool
    }

    /// Records one step (its parent, when named, must be recorded already); nil when the
    /// step was rejected (the reason is in the `reject` table). A record already present is
    /// returned as it was, so a resumed crawl can replay its steps.
    public func add(_ step: TraceStep) throws -> Recorded? {
      try add(step) { _ in }
    }

    /// Records one step and runs `alongside` in the same transaction (a crawler's frontier
    /// update), so a kill leaves both or neither.
    public func add(_ step: TraceStep, alongside: (Recorded?) throws -> Void) throws -> Recorded? {
      let writer = ingester.writer
      // What a step rolled back counted is taken back (a crawl worker whose claim was lost).
      let counted = summary
      try ingester.beginWrite()
      do {
        // Looked up under the write lock: another crawl worker writing this source may have
        // recorded it a moment ago.
        if let known = try ingester.visit(step.record, sourceID: sourceID, recent: &recent) {
          let recorded = Recorded(visit: known.visit, page: known.page, isNewPage: false)
          try alongside(recorded)
          try writer.commit()
          return recorded
        }
        let parent = try step.parentRecord.flatMap {
          try ingester.visit($0, sourceID: sourceID, recent: &recent)
        }
        let pagesBefore = summary.newPages
        summary.steps += 1
        let visit = try ingester.record(
          step, sourceID: sourceID, parent: parent, summary: &summary)
        try writer.countStep(source: sourceID)
        let recorded = visit.map {
          Recorded(visit: $0.visit, page: $0.page, isNewPage: summary.newPages > pagesBefore)
        }
        try alongside(recorded)
        try writer.commit()
        guard let visit else { return nil }
        recent.insert(step.record, visit)
        return recorded
      } catch {
        writer.rollback()
        ingester.forgetCachedPages()
        summary = counted
        throw error
      }
    }

    /// Marks the source done.
    public func finish() throws {
      try ingester.writer.finishSource(sourceID)
    }
  }

  // MARK: - One step

  typealias KnownVisit = RecordedVisit

  /// A bounded map of the last recorded visits by record.
  struct RecentVisits {
    let capacity: Int
    private var order: [String] = []
    private var visits: [String: KnownVisit] = [:]
    /// The hash of every record inserted while ``holdsWholeSource`` (8 bytes a visit, up to
    /// ``mostHashes``): a record whose hash is not here was never recorded.
    private var insertedHashes: Set<Int> = []
    /// True while every visit of the source went through ``insert(_:_:)`` (a source created by
    /// this ingest): a record neither held nor among the hashes is not recorded, and is not
    /// looked up in the database (a round trip saved per step, or two).
    var holdsWholeSource = false

    /// The most record hashes kept (8 MB); past it, records not held are looked up.
    static let mostHashes = 1 << 20

    init(capacity: Int) { self.capacity = capacity }

    subscript(record: String) -> KnownVisit? { visits[record] }

    /// True when `record` is known not to be recorded (it is not held).
    func isCertainlyAbsent(_ record: String) -> Bool {
      holdsWholeSource && !insertedHashes.contains(record.hashValue)
    }

    mutating func insert(_ record: String, _ visit: KnownVisit) {
      if visits.updateValue(visit, forKey: record) == nil { order.append(record) }
      if holdsWholeSource {
        if insertedHashes.count < Self.mostHashes {
          insertedHashes.insert(record.hashValue)
        } else {
          holdsWholeSource = false
          insertedHashes = []
        }
      }
      if order.count > capacity { visits[order.removeFirst()] = nil }
    }
  }

  /// The visit recorded for `record` in this source, if any.
  func visit(
    _ record: String, sourceID: Int64, recent: inout RecentVisits
  ) throws -> KnownVisit? {
    if let known = recent[record] { return known }
    // A new source's records are all known (a round trip saved per step: on PostgreSQL, each
    // statement is one).
    if recent.isCertainlyAbsent(record) { return nil }
    guard let known = try db.recordedVisit(source: sourceID, record: record) else { return nil }
    recent.insert(record, known)
    return known
  }

  /// Records `step` (`prepared` ahead, or prepared here when nil).
  func record(
    _ step: TraceStep, prepared: PreparedStep? = nil, sourceID: Int64, parent: KnownVisit?,
    summary: inout IngestSummary
  ) throws -> KnownVisit? {
    let file = step.xmlPath ?? step.screenshotPath ?? step.record
    let preparedStep =
      prepared
      ?? PreparedStep(
        step, limits: options.hierarchyLimits, maximumPixels: options.maximumImagePixels,
        textRecognition: options.textRecognition)
    let screen: PreparedScreen
    switch preparedStep.content {
    case .rejected(let reason):
      let isNew = try reject(sourceID: sourceID, file: file, record: step.record, reason: reason)
      summary.rejected += 1
      if !isNew { summary.rejectedBefore += 1 }
      return nil
    case .screen(let parsed):
      screen = parsed
    }
    let appID = try app(step.app)
    let (tree, lines, lineSetHash) = (screen.tree, screen.lines, screen.lineSetHash)
    var screenshot = screen.screenshot
    // Taken out of the cache while in use: registering a page into a value the cache still
    // holds would copy the app's whole identifier (every page's lines, the BM25 postings).
    var identifier =
      try identifiers.take(app: appID)
      ?? PageIdentifier.load(app: appID, from: db, rule: options.rule)
    let match = identifier.identify(lines, parent: parent?.page) { candidate in
      self.pixelDifference(&screenshot, candidate: candidate)
    }
    // A screenshot that cannot be read or decoded: the visit is kept without it (its dump is
    // fine), and the screenshot is rejected with the reason.
    if let problem = screenshot.problem {
      let isNew = try reject(
        sourceID: sourceID, file: step.screenshotPath ?? "", record: step.record, reason: problem)
      summary.rejected += 1
      if !isNew { summary.rejectedBefore += 1 }
    }
    let pageID: Int64
    if let page = match.page {
      pageID = page
    } else {
      pageID = try insertPage(
        app: appID, name: step.name ?? step.record, tree: tree, html: CompactHTML(tree),
        lines: lines,
        lineSetHash: lineSetHash, xmlPath: step.xmlPath, screenshot: screenshot)
      identifier.register(page: pageID, lines: lines)
      // Decoded (ahead, or for a comparison that failed): kept for the visits compared with it.
      if let image = screenshot.image, let digest = screenshot.digest {
        frames.insert(CompactFrame(image), page: pageID, digest: digest)
      }
      summary.newPages += 1
    }
    identifiers.put(identifier, app: appID)
    let depth = step.depth.map(Int64.init) ?? (parent.map { $0.depth + 1 } ?? 1)
    let visitID = try insertVisit(
      step, sourceID: sourceID, app: appID, page: pageID, parent: parent, depth: depth,
      match: match, lineSetHash: lineSetHash, screenshot: screenshot)
    summary.visits += 1
    if let parent, let action = step.action {
      let selfLoop = parent.page == pageID
      let isNewEdge = try insertTransition(
        sourceID: sourceID, from: parent, toVisit: visitID, toPage: pageID, action: action,
        selfLoop: selfLoop)
      if selfLoop { summary.selfLoops += 1 }
      if isNewEdge { summary.newEdges += 1 }
    }
    return KnownVisit(visit: visitID, page: pageID, app: appID, depth: depth)
  }

  // MARK: - Screenshots

  /// A visit's screenshot: its bytes' digest at once, its pixels only when a candidate needs
  /// the pixel test.
  struct Screenshot {
    var path: String?
    var digest: Int64?
    var bytes: [UInt8]?
    var image: RGBAImage?
    var problem: String?

    init(path: String?) {
      self.path = path
      guard let path else { return }
      guard let data = FileManager.default.contents(atPath: path) else {
        fail("\(path): cannot read the screenshot")
        return
      }
      let bytes = [UInt8](data)
      // PNG or JPEG by the first bytes (DroidBot saves JPEG under .png names).
      do {
        try ImageStructure.validate(bytes, source: path)
      } catch {
        fail("\(error)")
        return
      }
      self.bytes = bytes
      digest = Int64(bitPattern: FNV1a.hash(bytes))
    }

    /// Drops the screenshot (it is not recorded and takes no pixel test) for `reason`.
    mutating func fail(_ reason: String) {
      problem = reason
      path = nil
      digest = nil
      bytes = nil
      image = nil
    }
  }

  private func pixelDifference(_ screenshot: inout Screenshot, candidate: Int64) -> Double? {
    guard let digest = screenshot.digest,
      let (candidateDigest, candidatePath) = try? db.pageScreenshot(candidate)
    else { return nil }
    if candidateDigest == digest { return 0 }
    // The visit's own frame, decoded once (here, or ahead), outside the cache: it is kept only
    // if the visit becomes a new page.
    if screenshot.image == nil, let bytes = screenshot.bytes {
      do {
        screenshot.image = try RGBAImage(
          imageData: bytes, source: screenshot.path ?? "",
          maximumPixels: options.maximumImagePixels)
      } catch {
        // Sound chunks around data that does not inflate: rejected like any undecodable one.
        screenshot.fail("\(error)")
        return nil
      }
    }
    guard let image = screenshot.image,
      let other = frame(page: candidate, digest: candidateDigest, path: candidatePath)
    else { return nil }
    // Counting stops once the screens clearly differ (the bound is then at least the threshold:
    // no match, and nothing is recorded); a ratio below the threshold is counted in full, since
    // the visit records it.
    return PixelDifference(image, other, threshold: options.rule.pixel, stopping: .atThreshold)
      .ratio
  }

  /// The decoded screenshot of `page`: from the cache, else decoded from its file and kept.
  private func frame(page: Int64, digest: Int64, path: String) -> CompactFrame? {
    if let cached = frames.frame(page: page, digest: digest) { return cached }
    guard let data = FileManager.default.contents(atPath: path),
      let image = try? RGBAImage(
        imageData: [UInt8](data), source: path, maximumPixels: options.maximumImagePixels)
    else { return nil }
    let frame = CompactFrame(image)
    frames.insert(frame, page: page, digest: digest)
    return frame
  }

  // MARK: - Rows

  func sourceRow(path: String, format: String, fingerprint: String) throws -> Int64 {
    try writer.source(SourceRow(path: path, format: format, fingerprint: fingerprint))
  }

  private func app(_ name: String) throws -> Int64 {
    if let id = appIDs[name] { return id }
    let id = try writer.app(named: name)
    appIDs[name] = id
    return id
  }

  private func insertPage(
    app: Int64, name: String, tree: UITree, html: CompactHTML, lines: LineHashes,
    lineSetHash: UInt64, xmlPath: String?, screenshot: Screenshot
  ) throws -> Int64 {
    let pageID = try writer.insertPage(
      PageRow(
        app: app, name: name, lineSetHash: Int64(bitPattern: lineSetHash),
        lineHashes: lines.packed, html: html.text, xmlPath: xmlPath,
        screenshotPath: screenshot.path, screenshotDigest: screenshot.digest))
    var lineOfNode: [Int: String] = [:]
    for (line, node) in zip(html.lines, html.nodeIndices) { lineOfNode[node] = line }
    try writer.insertElements(
      tree.nodes.map { node in
        ElementRow(
          page: pageID, nodeIndex: Int64(node.index), className: node.className, text: node.text,
          contentDescription: node.contentDescription, resourceID: node.resourceID,
          box: node.bounds.map {
            ElementRow.Box(
              left: Int64($0.left), top: Int64($0.top), right: Int64($0.right),
              bottom: Int64($0.bottom))
          }, clickable: node.isClickable, scrollable: node.isScrollable,
          editable: node.isEditable, htmlLine: lineOfNode[node.index])
      })
    return pageID
  }

  private func insertVisit(
    _ step: TraceStep, sourceID: Int64, app: Int64, page: Int64, parent: KnownVisit?,
    depth: Int64, match: PageIdentifier.Match, lineSetHash: UInt64, screenshot: Screenshot
  ) throws -> Int64 {
    try writer.insertVisit(
      VisitRow(
        source: sourceID, app: app, record: step.record, name: step.name,
        parentVisit: parent?.visit, depth: depth, page: page, matchedBy: match.kind.rawValue,
        jaccard: match.jaccard, pixelDifference: match.pixelDifference, xmlPath: step.xmlPath,
        screenshotPath: screenshot.path, screenshotDigest: screenshot.digest,
        lineSetHash: Int64(bitPattern: lineSetHash)))
  }

  /// Records a transition; true when its (page, action, page) edge is new.
  private func insertTransition(
    sourceID: Int64, from parent: KnownVisit, toVisit: Int64, toPage: Int64,
    action: TraceAction, selfLoop: Bool
  ) throws -> Bool {
    let key = action.key
    let actionID = try knownRows.action(app: parent.app, key: key) {
      try writer.action(
        ActionRow(
          app: parent.app, type: action.type, key: key, mobile3M: action.mobile3M,
          text: action.text, direction: action.direction))
    }
    let element = try knownRows.actingElement(page: parent.page, action: action) {
      try actingElement(page: parent.page, action: action)
    }
    return try writer.addTransition(
      TransitionRow(
        source: sourceID, fromVisit: parent.visit, toVisit: toVisit, action: actionID,
        element: element, x: action.point.map { Int64($0.x) },
        y: action.point.map { Int64($0.y) }, selfLoop: selfLoop),
      edge: EdgeRow(
        fromPage: parent.page, action: actionID, toPage: toPage, element: element,
        selfLoop: selfLoop))
  }

  /// The element of the parent page the action touched: same bounds as recorded, else the
  /// smallest element containing the point (clickable ones first).
  private func actingElement(page: Int64, action: TraceAction) throws -> Int64? {
    // Mobile3M click/input strings name the element by its compact-HTML line.
    if let string = action.mobile3M, let line = PageAction(mobile3MString: string)?.htmlLine,
      let id = try db.element(onPage: page, htmlLine: line)
    {
      return id
    }
    if let box = action.bounds,
      let id = try db.element(
        onPage: page,
        box: ElementRow.Box(
          left: Int64(box.left), top: Int64(box.top), right: Int64(box.right),
          bottom: Int64(box.bottom)))
    {
      return id
    }
    guard let point = action.point else { return nil }
    // On a page read from pixels, a point on no OCR line is a point action, not one on the
    // whole-screen root.
    return try db.element(
      onPage: page, containingX: Int64(point.x), y: Int64(point.y),
      excludingClass: UITree.ocrScreenClass)
  }

  /// Records a source that could not be read at all (a missing folder, an unknown layout) as
  /// a reject with no source row; recording the same source and reason again adds nothing.
  public func rejectSource(_ path: String, reason: String) throws {
    try beginWrite()
    do {
      try writer.reject(RejectRow(source: nil, file: path, reason: reason))
      try writer.commit()
    } catch {
      writer.rollback()
      throw error
    }
  }

  /// Records a step's reject; false when an earlier run recorded it already.
  private func reject(sourceID: Int64, file: String, record: String, reason: String) throws
    -> Bool
  {
    try writer.reject(RejectRow(source: sourceID, file: file, record: record, reason: reason))
  }

  private func commitBatch(sourceID: Int64, summary: IngestSummary, reopen: Bool = true) throws {
    try writer.recordProgress(source: sourceID, stepsDone: summary.steps)
    try writer.commit()
    options.progress?(summary)
    if reopen { try beginWrite() }
  }

  /// Drops the pages, apps and row ids known in memory; they are read from the file when next needed.
  func forgetCachedPages() {
    identifiers.removeAll()
    appIDs.removeAll()
    knownRows.removeAll()
    frames.removeAll()
  }

  /// Opens a write transaction (waiting for another writer as the connection's busy timeout
  /// allows). When another connection committed since this one last looked (another m3m
  /// ingesting into the same file), the pages and apps known in memory are read again, so both
  /// programs fold screens into the same unique pages.
  func beginWrite() throws {
    if try writer.beginWrite() {
      forgetCachedPages()
    }
  }
}

/// What one ingest did.
public struct IngestSummary: Sendable, Codable, Hashable {
  /// Steps read from the source.
  public var steps = 0
  /// Visits recorded.
  public var visits = 0
  /// Unique pages created.
  public var newPages = 0
  /// Steps already in the graph (an earlier or interrupted run).
  public var skipped = 0
  /// Files rejected (unreadable dumps or screenshots).
  public var rejected = 0
  /// Of ``rejected``, steps an earlier run of the same source rejected already: a step with no
  /// visit is read again on every run (a file mended since is recorded), and these were still
  /// rejected. The graph is unchanged by them.
  public var rejectedBefore = 0
  /// Transitions whose action left the page unchanged.
  public var selfLoops = 0
  /// Edges (page, action, page) not in the graph before.
  public var newEdges = 0

  /// All zero.
  public init() {}

  /// Adds another summary's counts.
  public mutating func add(_ other: IngestSummary) {
    steps += other.steps
    visits += other.visits
    newPages += other.newPages
    skipped += other.skipped
    rejected += other.rejected
    rejectedBefore += other.rejectedBefore
    selfLoops += other.selfLoops
    newEdges += other.newEdges
  }
}
