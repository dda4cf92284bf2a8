import Foundation
import Geometry
import GraphStore
import UIHierarchy

/// Builds the task samples from a graph database, streaming: pages and transitions are read in
/// id order and each sample is handed to `emit` as soon as it is made.
///
/// - Stage 1 (element list, action space, grounding) from every unique page whose screenshot is
///   at least 1 KB and whose compact HTML has at least 200 characters, and which has a click or
///   an input. As in the original, a page whose element list contains `img>` gives no sample
///   at all, and one whose action space does gives only the element list.
/// - Stage 2 (action prediction) from every recorded transition (parent visit → visit, self
///   loops included), with the recorded action re-written in the parent's action vocabulary.
/// - Stage 3 (navigation) from every page with more than three children (transitions out of it,
///   self-loops included, as the original counts child page names) whose `-html.txt` would be
///   at least 512 bytes: one recorded action, an input if there is one, else a click whose
///   label is all Chinese (any label for `en`). The instruction names the element by its text
///   (its description when the text is a single character), for an input too, as the original
///   fills `{text}`.
///
/// Every random choice uses a generator seeded by the seed, the task and the page, so a
/// sample does not depend on the ones before it.
public final class CorpusBuilder {
  private let db: Database
  private let options: CorpusOptions
  private let templates: PromptTemplates
  private var number = 0
  private var summary = CorpusSummary()
  private var parsedPages = RecentPages(capacity: 256)

  /// A builder over `database` (read only).
  public init(database: Database, options: CorpusOptions) throws {
    db = database
    self.options = options
    templates = try PromptTemplates.load(options.language)
  }

  /// Builds every requested task; returns the counts.
  public func build(_ emit: (TaskSample) throws -> Void) throws -> CorpusSummary {
    let tasks = options.tasks
    if !tasks.isDisjoint(with: [.elementList, .actionSpace, .grounding]) {
      try buildStage1(emit)
    }
    if tasks.contains(.actionPrediction) { try buildActionPrediction(emit) }
    if tasks.contains(.navigation) { try buildNavigation(emit) }
    return summary
  }

  // MARK: - Stage 1

  private func buildStage1(_ emit: (TaskSample) throws -> Void) throws {
    let statement = try db.prepare(
      """
      SELECT page.id, app.name, coalesce(page.name, CAST(page.id AS TEXT)), page.xml_path, page.screenshot_path
      FROM page JOIN app ON app.id = page.app_id ORDER BY page.id
      """)
    while try statement.step() {
      let page = statement.int64(0)
      let app = statement.string(1)
      guard let xml = statement.optionalString(3), let screenshot = statement.optionalString(4)
      else {
        summary.skip("page without dump or screenshot")
        continue
      }
      guard let parsed = try usablePage(xml: xml, screenshot: screenshot) else { continue }
      let split = options.splits.split(app: app, pageKey: statement.string(2))
      var random = generator(.elementList, page)
      func sample(_ task: TaskKind, instruction: String, target: String, text: String? = nil)
        -> TaskSample
      {
        defer { number += 1 }
        return TaskSample(
          id: "\(task.idPrefix)_\(number)", task: task, split: split, app: app, page: page,
          images: [screenshot], hierarchies: [xml], instruction: instruction, target: target,
          referringText: text)
      }
      guard let actionSpace = parsed.actionSpace.text else {
        summary.skip("page without clicks or inputs")
        continue
      }
      let elementList = ElementListTarget.text(for: parsed.tree)
      guard !elementList.containsBytes("img>") else {
        summary.skip("element list contains img>")
        continue
      }
      if options.tasks.contains(.elementList) {
        try record(
          sample(
            .elementList, instruction: templates.elementList.randomElement(using: &random)!,
            target: elementList), emit)
      }
      guard !actionSpace.containsBytes("img>") else {
        summary.skip("action space contains img>")
        continue
      }
      if options.tasks.contains(.actionSpace) {
        try record(
          sample(
            .actionSpace, instruction: "\n" + templates.actionSpace.randomElement(using: &random)!,
            target: actionSpace), emit)
      }
      guard options.tasks.contains(.grounding) else { continue }
      let grounding = GroundingTarget(
        lines: parsed.html.lines, boundedLines: parsed.boundedLines,
        vocabulary: options.language.vocabulary)
      var texts: [String] = []
      for _ in 0..<options.groundingAttempts where texts.count < options.groundingPerPage {
        guard let (text, target) = grounding.draw(using: &random), !target.containsBytes("img>"),
          !texts.contains(text)
        else { continue }
        texts.append(text)
        let template = templates.grounding.randomElement(using: &random)!
        try record(
          sample(
            .grounding, instruction: PromptTemplates.fill(template, text: text), target: target,
            text: text), emit)
      }
    }
  }

  // MARK: - Stage 2

  private func buildActionPrediction(_ emit: (TaskSample) throws -> Void) throws {
    let statement = try db.prepare(
      """
      SELECT child.id, child.page_id, parent.page_id, app.name, coalesce(cp.name, CAST(cp.id AS TEXT)),
             parent.xml_path, parent.screenshot_path, child.xml_path, child.screenshot_path,
             a.type, a.mobile3m, a.text, a.direction, el.html_line, el.x1, el.y1, el.x2, el.y2,
             el.node_index, child.line_set_hash = cp.line_set_hash, length(cp.html)
      FROM visit_edge e
      JOIN visit child ON child.id = e.to_visit JOIN visit parent ON parent.id = e.from_visit
      JOIN page cp ON cp.id = child.page_id JOIN app ON app.id = child.app_id
      JOIN action a ON a.id = e.action_id LEFT JOIN element el ON el.id = e.element_id
      ORDER BY e.from_visit, e.id
      """)
    while try statement.step() {
      guard let parentXML = statement.optionalString(5),
        let parentShot = statement.optionalString(6),
        let childXML = statement.optionalString(7), let childShot = statement.optionalString(8)
      else {
        summary.skip("transition without dumps or screenshots")
        continue
      }
      // The child's compact HTML is only needed for its length: the stored page's serves when
      // the visit has the same line set.
      let knownLength = statement.int(19) != 0 ? statement.int(20) : nil
      guard let parent = try usablePage(xml: parentXML, screenshot: parentShot, checkHTML: false),
        pagePasses(xml: childXML, screenshot: childShot, knownHTMLLength: knownLength)
      else { continue }
      guard let action = recordedAction(statement, from: 9, on: parent),
        let target = parent.actionSpace.target(for: action, lines: parent.html.lines),
        !target.containsBytes("img>")
      else {
        summary.skip("action not in the parent's action space")
        continue
      }
      let page = statement.int64(1)
      var random = generator(.actionPrediction, statement.int64(0))
      let sample = TaskSample(
        id: "\(TaskKind.actionPrediction.idPrefix)_\(number)", task: .actionPrediction,
        split: options.splits.split(app: statement.string(3), pageKey: statement.string(4)),
        app: statement.string(3), page: page, parentPage: statement.int64(2),
        images: [parentShot, childShot], hierarchies: [parentXML, childXML],
        instruction: "\n" + templates.actionPrediction.randomElement(using: &random)!,
        target: target)
      number += 1
      try record(sample, emit)
    }
  }

  /// The recorded action, from its Mobile3M string or, for other sources, from its type and
  /// the acting element (columns type, mobile3m, text, direction, html_line, x1, y1, x2, y2).
  /// A click on a container (no HTML line of its own) acts on the first line inside it, the way
  /// the original names clicks by the line of the text they carry (column 9: node index).
  private func recordedAction(_ row: Statement, from column: Int32, on page: ParsedPage)
    -> PageAction?
  {
    if let string = row.optionalString(column + 1), let action = PageAction(mobile3MString: string)
    {
      return action
    }
    var line = row.optionalString(column + 4)
    if line == nil, !row.isNull(column + 9) {
      line = page.firstLine(inside: row.int(column + 9))
    }
    switch ActionType(spelling: row.string(column)) {
    case .click, .longPress:
      return line.map { PageAction(kind: .click, htmlLine: $0) }
    case .input:
      return line.map {
        PageAction(kind: .input, htmlLine: $0, text: row.optionalString(column + 2))
      }
    case .scroll:
      guard !row.isNull(column + 5),
        let direction = row.optionalString(column + 3).flatMap(PageAction.Direction.init(rawValue:))
      else { return nil }
      let box = Bounds(
        left: row.int(column + 5), top: row.int(column + 6), right: row.int(column + 7),
        bottom: row.int(column + 8))
      return PageAction(
        kind: .scroll, bounds: box, direction: direction,
        swipe: PageAction.swipe(in: box, direction: direction))
    default:
      return nil
    }
  }

  // MARK: - Stage 3

  private func buildNavigation(_ emit: (TaskSample) throws -> Void) throws {
    let pages = try db.prepare(
      """
      SELECT e.from_page, app.name, coalesce(page.name, CAST(page.id AS TEXT)), page.xml_path,
             page.screenshot_path
      FROM edge e JOIN page ON page.id = e.from_page JOIN app ON app.id = page.app_id
      GROUP BY e.from_page, page.id, app.name HAVING count(*) > ?
      ORDER BY e.from_page
      """)
    try pages.bind(options.navigationMinimumChildren, at: 1)
    let actions = try db.prepare(
      """
      SELECT a.type, a.mobile3m, a.text, a.direction, el.html_line, el.x1, el.y1, el.x2, el.y2,
             el.node_index
      FROM edge e JOIN action a ON a.id = e.action_id LEFT JOIN element el ON el.id = e.element_id
      WHERE e.from_page = ? ORDER BY e.action_id, e.to_page
      """)
    while try pages.step() {
      let page = pages.int64(0)
      guard let xml = pages.optionalString(3), let screenshot = pages.optionalString(4),
        let parsed = try usablePage(xml: xml, screenshot: screenshot, checkHTML: false)
      else { continue }
      guard Self.htmlFileBytes(parsed.html) >= options.navigationMinimumHTMLBytes else {
        summary.skip(
          "navigation page with -html.txt under \(options.navigationMinimumHTMLBytes) bytes")
        continue
      }
      try actions.bind(page, at: 1)
      var inputs: [(target: String, label: String, text: String)] = []
      var clicks: [(target: String, label: String)] = []
      while try actions.step() {
        guard let action = recordedAction(actions, from: 0, on: parsed), action.kind != .scroll,
          let line = action.htmlLine,
          let target = parsed.actionSpace.target(for: action, lines: parsed.html.lines),
          let label = Self.navigationKey(line)
        else { continue }
        if action.kind == .input, let text = action.text, !text.isEmpty {
          if !inputs.contains(where: { $0.target == target }) {
            inputs.append((target, label, text))
          }
        } else if action.kind == .click,
          options.language == .en || label.unicodeScalars.allSatisfy(Self.isHan)
        {
          if !clicks.contains(where: { $0.target == target }) { clicks.append((target, label)) }
        }
      }
      actions.reset()
      var random = generator(.navigation, page)
      let instruction: String
      let target: String
      let label: String
      var text: String?
      if let input = inputs.randomElement(using: &random) {
        instruction = PromptTemplates.fill(
          templates.navigationInput.randomElement(using: &random)!, text: input.label)
        target = input.target
        label = input.label
        text = input.text
      } else if let click = clicks.randomElement(using: &random) {
        instruction = PromptTemplates.fill(
          templates.navigationClick.randomElement(using: &random)!, text: click.label)
        target = click.target
        label = click.label
      } else {
        summary.skip("navigation page without a usable input or click")
        continue
      }
      let sample = TaskSample(
        id: "\(TaskKind.navigation.idPrefix)_\(number)", task: .navigation,
        split: options.splits.split(app: pages.string(1), pageKey: pages.string(2)),
        app: pages.string(1), page: page, images: [screenshot], hierarchies: [xml],
        instruction: instruction, target: target, referringText: label, inputText: text)
      number += 1
      try record(sample, emit)
    }
  }

  /// The size of the page's `-html.txt` as the original writes it: every line followed by a
  /// newline, then the newline `save_txt` adds.
  static func htmlFileBytes(_ html: CompactHTML) -> Int {
    html.lines.reduce(1) { $0 + $1.utf8.count + 1 }
  }

  /// The original's `generate_key`: the line's stripped text, or its description when the text
  /// has at most one character; nil when both are that short.
  static func navigationKey(_ line: String) -> String? {
    var key = HTMLLine.innerText(line).map(HTMLLine.stripped) ?? ""
    if key.count <= 1, let description = HTMLLine.description(line) {
      key = HTMLLine.stripped(description)
    }
    return key.count > 1 ? key : nil
  }

  /// CJK Unified Ideographs U+4E00–U+9FA5, the original's "all Chinese" test.
  static func isHan(_ scalar: Unicode.Scalar) -> Bool {
    (0x4E00...0x9FA5).contains(scalar.value)
  }

  // MARK: - Pages

  /// A parsed dump with what the tasks need.
  struct ParsedPage {
    var tree: UITree
    var html: CompactHTML
    var boundedLines: [String]
    var actionSpace: ActionSpaceTarget

    /// The first compact-HTML line of `node` or of a node inside it.
    func firstLine(inside node: Int) -> String? {
      guard tree.nodes.indices.contains(node) else { return nil }
      for (line, index) in zip(html.lines, html.nodeIndices) {
        var current: Int? = index
        while let at = current, at >= node {
          if at == node { return line }
          current = tree.nodes[at].parent
        }
      }
      return nil
    }
  }

  /// The last parsed pages by dump path (siblings share a parent; traces repeat screens).
  struct RecentPages {
    let capacity: Int
    private var pages: [String: ParsedPage] = [:]
    private var order: [String] = []

    init(capacity: Int) { self.capacity = capacity }

    subscript(path: String) -> ParsedPage? {
      get { pages[path] }
      set {
        if pages.updateValue(newValue!, forKey: path) == nil { order.append(path) }
        if order.count > capacity { pages[order.removeFirst()] = nil }
      }
    }
  }

  /// The page's dump parsed, or nil (counted) when the original's filters skip it or a file
  /// cannot be read.
  private func usablePage(xml: String, screenshot: String, checkHTML: Bool = true) throws
    -> ParsedPage?
  {
    guard screenshotPasses(screenshot), let parsed = parse(xml) else { return nil }
    guard !checkHTML || htmlPasses(parsed.html.text.unicodeScalars.count) else { return nil }
    return parsed
  }

  /// Whether a page passes the filters; its dump is parsed only when `knownHTMLLength` (the
  /// stored page's, for a visit with the same line set) is not given.
  private func pagePasses(xml: String, screenshot: String, knownHTMLLength: Int?) -> Bool {
    guard screenshotPasses(screenshot) else { return false }
    if let knownHTMLLength { return htmlPasses(knownHTMLLength) }
    guard let parsed = parse(xml) else { return false }
    return htmlPasses(parsed.html.text.unicodeScalars.count)
  }

  private func screenshotPasses(_ path: String) -> Bool {
    var info = stat()
    guard stat(path, &info) == 0 else {
      summary.skip("screenshot missing")
      return false
    }
    guard Int(info.st_size) >= options.minimumScreenshotBytes else {
      summary.skip("screenshot under \(options.minimumScreenshotBytes) bytes")
      return false
    }
    return true
  }

  private func htmlPasses(_ characters: Int) -> Bool {
    guard characters >= options.minimumHTMLCharacters else {
      summary.skip("compact HTML under \(options.minimumHTMLCharacters) characters")
      return false
    }
    return true
  }

  /// The dump parsed with its HTML variants and action space (kept for the next pages).
  func parse(_ xml: String) -> ParsedPage? {
    if let known = parsedPages[xml] { return known }
    guard let tree = try? UITree(contentsOf: xml) else {
      summary.skip("unreadable dump")
      return nil
    }
    let html = CompactHTML(tree)
    let bounded = CompactHTML(tree, leafBounds: true).lines
    let parsed = ParsedPage(
      tree: tree, html: html, boundedLines: bounded,
      actionSpace: ActionSpaceTarget(
        lines: html.lines, boundedLines: bounded, vocabulary: options.language.vocabulary))
    parsedPages[xml] = parsed
    return parsed
  }

  private func generator(_ task: TaskKind, _ key: Int64) -> SeededGenerator {
    var hasher = FNV1a()
    hasher.combine(Array("\(options.seed)/\(task.rawValue)/\(key)".utf8))
    return SeededGenerator(seed: hasher.value)
  }

  private func record(_ sample: TaskSample, _ emit: (TaskSample) throws -> Void) throws {
    summary.count(sample)
    try emit(sample)
  }
}
