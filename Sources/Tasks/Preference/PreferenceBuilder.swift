import Geometry
import GraphStore
import UIHierarchy

/// Builds a preference (DPO) corpus: every sample `corpus build` makes, with its target as the
/// chosen answer and up to `rejectedPerSample` answers that the page's hierarchy or the graph
/// proves wrong, each with its reason. A sample for which nothing can be proven wrong is
/// skipped (counted by task).
///
/// | task | rejected answers |
/// |---|---|
/// | grounding | the referring text with the box of another element, which holds no element showing that text (and whose centre is outside the target box) |
/// | element list | the target with one text replaced by a text of another page of the app that this page does not show |
/// | action space | the target with one click's text replaced by such a text; the target with one click's box replaced by the box of an element that does not show its text |
/// | action prediction | an action on the first page whose recorded transitions never lead to the second page (for a scroll target, first the same element scrolled another way) |
/// | navigation | an action whose recorded transitions never lead where the target's do |
///
/// Rejected actions are kept only when they land outside the target's box and do not contain
/// its label (scrolls: another direction), so that the task's metric tells them apart.
public final class PreferenceBuilder {
  private let db: Database
  private let builder: CorpusBuilder
  private let options: CorpusOptions
  private let rejectedPerSample: Int
  private var summary = CorpusSummary()
  private var appTexts: [String: [String]] = [:]
  private var lastTransitions: (page: Int64, transitions: [RecordedTransition])?
  private var lastEvidence: (xml: String, evidence: PageEvidence)?

  /// Texts of an app read to draw texts a page does not show.
  public static let appTextLimit = 5000

  /// A builder over `database` (read only); `rejectedPerSample` is at least 1.
  public init(database: Database, options: CorpusOptions, rejectedPerSample: Int = 2) throws {
    db = database
    self.options = options
    self.rejectedPerSample = max(1, rejectedPerSample)
    builder = try CorpusBuilder(database: database, options: options)
  }

  /// Builds every requested task's samples with their rejected answers; returns the counts
  /// (samples with at least one rejected answer, the pairs, and what was skipped).
  public func build(_ emit: (PreferenceSample) throws -> Void) throws -> CorpusSummary {
    let built = try builder.build { sample in
      guard let dump = sample.hierarchies.first, let page = builder.parse(dump) else { return }
      let rejected = try rejectedAnswers(sample, page)
      guard !rejected.isEmpty else {
        summary.skip("\(sample.task.rawValue) sample without an answer proven wrong")
        return
      }
      summary.count(sample)
      summary.countPairs(sample, rejected.count)
      try emit(PreferenceSample(sample: sample, rejected: rejected))
    }
    summary.skipped.merge(built.skipped) { $0 + $1 }
    if summary.pairs == nil { summary.pairs = [:] }
    return summary
  }

  /// The rejected answers of one sample (`page`: its first dump, parsed).
  func rejectedAnswers(_ sample: TaskSample, _ page: CorpusBuilder.ParsedPage) throws
    -> [RejectedAnswer]
  {
    var random = generator(sample.id)
    let evidence = evidence(sample.hierarchies[0], page)
    switch sample.task {
    case .grounding:
      return grounding(sample, page, evidence, &random)
    case .elementList:
      return try elementList(sample, evidence, &random)
    case .actionSpace:
      return try actionSpace(sample, page, evidence, &random)
    case .actionPrediction:
      guard let parent = sample.parentPage else { return [] }
      return try actions(sample, page, from: parent, rightPages: [sample.page], &random)
    case .navigation:
      return try actions(sample, page, from: sample.page, rightPages: nil, &random)
    }
  }

  // MARK: - Hierarchy-proven answers

  private func grounding(
    _ sample: TaskSample, _ page: CorpusBuilder.ParsedPage, _ evidence: PageEvidence,
    _ random: inout SeededGenerator
  ) -> [RejectedAnswer] {
    guard let text = sample.referringText, let gold = ParsedAnswer(sample.target).box else {
      return []
    }
    let grounding = GroundingTarget(
      lines: page.html.lines, boundedLines: page.boundedLines,
      vocabulary: options.language.vocabulary)
    var seen: Set<String> = []
    var others: [(label: String, bounds: String)] = []
    for line in page.html.lines {
      guard let candidate = grounding.candidates[line], !candidate.text.isEmpty,
        candidate.text != text, seen.insert(candidate.bounds).inserted,
        let box = Bounds(parsing: candidate.bounds), box != gold, !gold.contains(box.center),
        !evidence.box(box, holds: text)
      else { continue }
      others.append((candidate.text, candidate.bounds))
    }
    others.shuffle(using: &random)
    return others.prefix(rejectedPerSample).map {
      RejectedAnswer(
        answer: "<ref>\(text)</ref><box>\($0.bounds)</box>", reason: .boxOfAnotherElement,
        why: "\($0.bounds) is the box of \"\($0.label)\"; no element there shows \"\(text)\"")
    }
  }

  private func elementList(
    _ sample: TaskSample, _ evidence: PageEvidence, _ random: inout SeededGenerator
  ) throws -> [RejectedAnswer] {
    var shown = uniqued(TaskMetrics.refs(sample.target, allowCommas: true))
    shown.shuffle(using: &random)
    let made = try unshownTexts(
      sample.app, evidence, count: min(rejectedPerSample, shown.count), &random)
    return zip(shown, made).compactMap { original, text in
      guard let range = sample.target.range(of: "<ref>\(original)</ref>") else { return nil }
      return RejectedAnswer(
        answer: sample.target.replacingCharacters(in: range, with: "<ref>\(text)</ref>"),
        reason: .textNotOnPage,
        why: "\"\(text)\" (shown on another page of \(sample.app)) is not on this page; "
          + "it replaces \"\(original)\"")
    }
  }

  private func actionSpace(
    _ sample: TaskSample, _ page: CorpusBuilder.ParsedPage, _ evidence: PageEvidence,
    _ random: inout SeededGenerator
  ) throws -> [RejectedAnswer] {
    var clicks = page.actionSpace.clicks.filter { sample.target.contains($0.text) }
    guard !clicks.isEmpty else { return [] }
    clicks.shuffle(using: &random)
    func label(_ entry: ActionSpaceTarget.Entry) -> String {
      ParsedAnswer.between(entry.text, "<ref>", "</ref>") ?? ""
    }
    // Every entry is in the target (filtered above), so its line is always found.
    func replacing(_ entry: ActionSpaceTarget.Entry, with line: String) -> String? {
      sample.target.range(of: entry.text).map {
        sample.target.replacingCharacters(in: $0, with: line)
      }
    }
    var madeUp: [RejectedAnswer] = []
    let texts = try unshownTexts(sample.app, evidence, count: rejectedPerSample, &random)
    for (entry, text) in zip(clicks, texts) {
      guard
        let answer = replacing(entry, with: "click(<ref>\(text)</ref><box>\(entry.bounds)</box>)")
      else { continue }
      madeUp.append(
        RejectedAnswer(
          answer: answer,
          reason: .textNotOnPage,
          why: "\"\(text)\" (shown on another page of \(sample.app)) is not on this page; "
            + "it replaces \"\(label(entry))\""))
    }
    var moved: [RejectedAnswer] = []
    for entry in clicks where moved.count < rejectedPerSample {
      let text = label(entry)
      var boxes = evidence.labelledBoxes.filter {
        $0.box.description != entry.bounds && !evidence.box($0.box, holds: text)
      }
      boxes.shuffle(using: &random)
      guard let other = boxes.first,
        let answer = replacing(entry, with: "click(<ref>\(text)</ref><box>\(other.box)</box>)")
      else { continue }
      moved.append(
        RejectedAnswer(
          answer: answer,
          reason: .boxOfAnotherElement,
          why: "\(other.box) is the box of \"\(other.label)\"; no element there shows \"\(text)\""))
    }
    // Alternate the two kinds so that a small budget gets one of each.
    var mixed: [RejectedAnswer] = []
    for index in 0..<max(madeUp.count, moved.count) {
      if index < madeUp.count { mixed.append(madeUp[index]) }
      if index < moved.count { mixed.append(moved[index]) }
    }
    return Array(mixed.prefix(rejectedPerSample))
  }

  // MARK: - Graph-proven actions

  /// Actions on `page` (graph page `from`) whose recorded transitions never reach the pages a
  /// right answer reaches: `rightPages`, or, when nil, where the target's own transitions lead.
  private func actions(
    _ sample: TaskSample, _ page: CorpusBuilder.ParsedPage, from: Int64, rightPages: Set<Int64>?,
    _ random: inout SeededGenerator
  ) throws -> [RejectedAnswer] {
    var order: [String] = []
    var leadsTo: [String: Set<Int64>] = [:]
    for transition in try transitions(from) {
      guard let action = page.action(of: transition),
        let target = page.actionSpace.target(for: action, lines: page.html.lines)
      else { continue }
      if leadsTo[target] == nil { order.append(target) }
      leadsTo[target, default: []].insert(transition.toPage)
    }
    guard let right = rightPages ?? leadsTo[sample.target], !right.isEmpty else { return [] }
    let gold = ParsedAnswer(sample.target)
    let goldLabel = TaskMetrics.label(sample.target) ?? sample.target
    var sameElement: [RejectedAnswer] = []
    var others: [RejectedAnswer] = []
    for target in order where target != sample.target {
      guard let pages = leadsTo[target], pages.isDisjoint(with: right) else { continue }
      let answer = ParsedAnswer(target)
      let why =
        "recorded from page \(from), it leads to page \(Self.list(pages)), never to "
        + "page \(Self.list(right))"
      if gold.action == ActionType.scroll.rawValue {
        guard answer.direction != gold.direction else { continue }
        if answer.action == gold.action, answer.box == gold.box {
          sameElement.append(
            RejectedAnswer(answer: target, reason: .wrongScrollDirection, why: why))
          continue
        }
      } else {
        guard let box = gold.box, let point = answer.target, !box.contains(point),
          !target.contains(goldLabel)
        else { continue }
      }
      others.append(RejectedAnswer(answer: target, reason: .edgeLeadsElsewhere, why: why))
    }
    others.shuffle(using: &random)
    return Array((sameElement + others).prefix(rejectedPerSample))
  }

  private static func list(_ pages: Set<Int64>) -> String {
    pages.sorted().map(String.init).joined(separator: " or ")
  }

  // MARK: - Reads

  /// The recorded transitions out of `page` by action, then destination.
  private func transitions(_ page: Int64) throws -> [RecordedTransition] {
    if let last = lastTransitions, last.page == page { return last.transitions }
    let transitions = try db.transitions(from: page).sorted(
      by: RecordedTransition.byActionAndDestination)
    lastTransitions = (page, transitions)
    return transitions
  }

  private func evidence(_ xml: String, _ page: CorpusBuilder.ParsedPage) -> PageEvidence {
    if let last = lastEvidence, last.xml == xml { return last.evidence }
    let evidence = PageEvidence(
      tree: page.tree, lines: page.html.lines, boundedLines: page.boundedLines)
    lastEvidence = (xml, evidence)
    return evidence
  }

  /// Up to `count` distinct texts of other pages of `app` that the page does not show (plain
  /// one-line texts without markup), drawn at random.
  private func unshownTexts(
    _ app: String, _ evidence: PageEvidence, count: Int, _ random: inout SeededGenerator
  ) throws -> [String] {
    let texts: [String]
    if let known = appTexts[app] {
      texts = known
    } else {
      texts = try db.elementTexts(ofApp: app, limit: Self.appTextLimit).filter {
        !$0.isEmpty && HTMLLine.stripped($0) == $0
          && !$0.contains(where: { $0 == "<" || $0 == ">" || $0.isNewline })
      }
      appTexts[app] = texts
    }
    // Random draws, not a filtered shuffle: a page shows few of its app's texts.
    var picked: [String] = []
    var tried: Set<Int> = []
    while picked.count < count, tried.count < min(texts.count, 200) {
      let index = Int.random(in: 0..<texts.count, using: &random)
      guard tried.insert(index).inserted, !evidence.shows(texts[index]) else { continue }
      picked.append(texts[index])
    }
    return picked
  }

  private func uniqued(_ texts: [String]) -> [String] {
    var seen: Set<String> = []
    return texts.filter { seen.insert($0).inserted }
  }

  private func generator(_ id: String) -> SeededGenerator {
    var hasher = FNV1a()
    hasher.combine(Array("\(options.seed)/preference/\(id)".utf8))
    return SeededGenerator(seed: hasher.value)
  }
}
