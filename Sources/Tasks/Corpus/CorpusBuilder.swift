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
/// A page read from pixels (a screenshot without a dump, ingested by OCR) is built from its
/// stored elements, the pixel-derived tree ingest wrote (``UITree/isPixelDerived``); its samples
/// carry no hierarchy, so a model reads the screenshot.
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
    try db.forEachPageFiles { try buildStage1(of: $0, emit) }
  }

  /// The stage-1 samples of one page.
  private func buildStage1(of files: PageFiles, _ emit: (TaskSample) throws -> Void) throws {
    let page = files.page
    let app = files.app
    guard let screenshot = files.screenshotPath else {
      summary.skip("page without a screenshot")
      return
    }
    let xml = files.xmlPath
    guard let parsed = try usablePage(xml: xml, page: page, screenshot: screenshot) else {
      return
    }
    let split = options.splits.split(app: app, pageKey: files.key)
    var random = generator(.elementList, page)
    func sample(_ task: TaskKind, instruction: String, target: String, text: String? = nil)
      -> TaskSample
    {
      defer { number += 1 }
      return TaskSample(
        id: "\(task.idPrefix)_\(number)", task: task, split: split, app: app, page: page,
        images: [screenshot], hierarchies: xml.map { [$0] } ?? [], instruction: instruction,
        target: target, referringText: text)
    }
    guard let actionSpace = parsed.actionSpace.text else {
      summary.skip("page without clicks or inputs")
      return
    }
    let elementList = ElementListTarget.text(for: parsed.tree)
    guard !elementList.containsBytes("img>") else {
      summary.skip("element list contains img>")
      return
    }
    if options.tasks.contains(.elementList) {
      try record(
        sample(
          .elementList, instruction: templates.elementList.randomElement(using: &random)!,
          target: elementList), emit)
    }
    guard !actionSpace.containsBytes("img>") else {
      summary.skip("action space contains img>")
      return
    }
    if options.tasks.contains(.actionSpace) {
      try record(
        sample(
          .actionSpace, instruction: "\n" + templates.actionSpace.randomElement(using: &random)!,
          target: actionSpace), emit)
    }
    guard options.tasks.contains(.grounding) else { return }
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

  // MARK: - Stage 2

  private func buildActionPrediction(_ emit: (TaskSample) throws -> Void) throws {
    try db.forEachVisitTransition { try buildActionPrediction(of: $0, emit) }
  }

  /// The action-prediction sample of one recorded transition.
  private func buildActionPrediction(
    of transition: VisitTransition, _ emit: (TaskSample) throws -> Void
  ) throws {
    guard let parentShot = transition.parentScreenshotPath,
      let childShot = transition.childScreenshotPath
    else {
      summary.skip("transition without screenshots")
      return
    }
    let (parentXML, childXML) = (transition.parentXMLPath, transition.childXMLPath)
    // A model takes the hierarchies by position: one from a screen without a dump to one with
    // a dump would give it the child's as the parent's.
    guard parentXML != nil || childXML == nil else {
      summary.skip("transition from a screen without a dump to one with a dump")
      return
    }
    // The child's compact HTML is only needed for its length: the stored page's serves when
    // the visit has the same line set.
    guard
      let parent = try usablePage(
        xml: parentXML, page: transition.parentPage, screenshot: parentShot, checkHTML: false),
      try pagePasses(
        xml: childXML, page: transition.childPage, screenshot: childShot,
        knownHTMLLength: transition.childPageHTMLLength)
    else { return }
    guard let action = parent.action(transition.action, on: transition.actedElement),
      let target = parent.actionSpace.target(for: action, lines: parent.html.lines),
      !target.containsBytes("img>")
    else {
      summary.skip("action not in the parent's action space")
      return
    }
    var random = generator(.actionPrediction, transition.childVisit)
    let sample = TaskSample(
      id: "\(TaskKind.actionPrediction.idPrefix)_\(number)", task: .actionPrediction,
      split: options.splits.split(app: transition.app, pageKey: transition.childPageKey),
      app: transition.app, page: transition.childPage, parentPage: transition.parentPage,
      images: [parentShot, childShot], hierarchies: [parentXML, childXML].compactMap { $0 },
      instruction: "\n" + templates.actionPrediction.randomElement(using: &random)!,
      target: target)
    number += 1
    try record(sample, emit)
  }

  // MARK: - Stage 3

  private func buildNavigation(_ emit: (TaskSample) throws -> Void) throws {
    try db.forEachPageFiles(withMoreTransitionsThan: options.navigationMinimumChildren) {
      try buildNavigation(of: $0, emit)
    }
  }

  /// The navigation sample of one page.
  private func buildNavigation(of files: PageFiles, _ emit: (TaskSample) throws -> Void) throws {
    let page = files.page
    let xml = files.xmlPath
    guard let screenshot = files.screenshotPath,
      let parsed = try usablePage(xml: xml, page: page, screenshot: screenshot, checkHTML: false)
    else { return }
    guard Self.htmlFileBytes(parsed.html) >= options.navigationMinimumHTMLBytes else {
      summary.skip(
        "navigation page with -html.txt under \(options.navigationMinimumHTMLBytes) bytes")
      return
    }
    var inputs: [(target: String, label: String, text: String)] = []
    var clicks: [(target: String, label: String)] = []
    let transitions = try db.transitions(from: page).sorted(
      by: RecordedTransition.byActionAndDestination)
    for transition in transitions {
      guard let action = parsed.action(of: transition), action.kind != .scroll,
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
      return
    }
    let sample = TaskSample(
      id: "\(TaskKind.navigation.idPrefix)_\(number)", task: .navigation,
      split: options.splits.split(app: files.app, pageKey: files.key),
      app: files.app, page: page, images: [screenshot], hierarchies: xml.map { [$0] } ?? [],
      instruction: instruction, target: target, referringText: label, inputText: text)
    number += 1
    try record(sample, emit)
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

  /// The page's dump parsed (without a dump, the pixel-derived tree of stored page `page`),
  /// or nil (counted) when the original's filters skip it or a file cannot be read.
  private func usablePage(xml: String?, page: Int64, screenshot: String, checkHTML: Bool = true)
    throws -> ParsedPage?
  {
    guard screenshotPasses(screenshot),
      let parsed = try parsedPage(xml: xml, page: page)
    else { return nil }
    guard !checkHTML || htmlPasses(parsed.html.text.unicodeScalars.count) else { return nil }
    return parsed
  }

  /// Whether a page passes the filters; its dump (or stored tree) is read only when
  /// `knownHTMLLength` (the stored page's, for a visit with the same line set) is not given.
  private func pagePasses(xml: String?, page: Int64, screenshot: String, knownHTMLLength: Int?)
    throws -> Bool
  {
    guard screenshotPasses(screenshot) else { return false }
    if let knownHTMLLength { return htmlPasses(knownHTMLLength) }
    guard let parsed = try parsedPage(xml: xml, page: page) else { return false }
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
    let parsed = parsed(tree)
    parsedPages[xml] = parsed
    return parsed
  }

  /// The dump parsed, or without one the stored pixel-derived tree of `page`.
  private func parsedPage(xml: String?, page: Int64) throws -> ParsedPage? {
    if let xml { return parse(xml) }
    return try pixelDerivedPage(page)
  }

  /// The pixel-derived tree ingest stored for `page` (a screen read by OCR), rebuilt from its
  /// elements: the screen root and its text lines in stored order; nil (counted) for a page
  /// without a dump whose elements are not such a tree.
  func pixelDerivedPage(_ page: Int64) throws -> ParsedPage? {
    let key = "page \(page)"
    if let known = parsedPages[key] { return known }
    let elements = try db.pageDetails(page)?.elements ?? []
    guard let root = elements.first, root.summary.className == UITree.ocrScreenClass,
      let screen = root.box, screen.count == 4
    else {
      summary.skip("page without a dump, not read by OCR")
      return nil
    }
    let lines = elements.dropFirst().compactMap { element -> UITree.PixelDerivedLine? in
      guard element.summary.className == UITree.ocrTextClass, let box = element.box,
        box.count == 4
      else { return nil }
      return UITree.PixelDerivedLine(
        text: element.summary.text,
        bounds: Bounds(left: box[0], top: box[1], right: box[2], bottom: box[3]))
    }
    let tree = try UITree(
      pixelDerivedWidth: screen[2], height: screen[3], lines: lines, source: key)
    let parsed = parsed(tree)
    parsedPages[key] = parsed
    return parsed
  }

  /// `tree` with its HTML variants and action space.
  private func parsed(_ tree: UITree) -> ParsedPage {
    let html = CompactHTML(tree)
    let bounded = CompactHTML(tree, leafBounds: true).lines
    return ParsedPage(
      tree: tree, html: html, boundedLines: bounded,
      actionSpace: ActionSpaceTarget(
        lines: html.lines, boundedLines: bounded, vocabulary: options.language.vocabulary))
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
