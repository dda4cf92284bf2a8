import Geometry
import UIHierarchy

/// Scores one prediction against its target, with the original's metrics (as its evaluation
/// scripts compute them) and stricter ones. Every value is in 0…1; a metric that does not
/// apply to a sample (a recall over an empty gold list) is left out.
///
/// | task | original | strict |
/// |---|---|---|
/// | grounding | `mean_iou` (IoU of the first box) | `iou@0.5`, `point_in_box` |
/// | action space | `line_recall` (exact action lines, per section), `ref_recall` | `precision`, `recall`, `f1` of lines |
/// | element list | `ref_recall` (`<ref>` texts without commas, as its regex) | `precision`, `recall`, `f1` of texts |
/// | action prediction, navigation | `action_ocr_acc` (gold label is a substring; scroll: same direction), `action_iou` | `type_acc`, `exact_acc` (type, and point in the gold box or same scroll) |
public enum TaskMetrics {
  /// The scores of `prediction` for a sample of `task` whose target is `target`.
  public static func score(
    _ task: TaskKind, prediction: String, target: String,
    screen: (width: Int, height: Int) = (720, 1280)
  ) -> [String: Double] {
    switch task {
    case .grounding:
      return grounding(prediction, target, screen)
    case .actionSpace:
      return actionSpace(prediction, target)
    case .elementList:
      return elementList(prediction, target)
    case .actionPrediction, .navigation:
      return action(prediction, target, screen)
    }
  }

  /// Why `prediction` cannot be read for `task`, or nil when it can: a coordinate that is not
  /// finite or outside ``PixelCoordinate/range`` (its pair is not read), or, for grounding, no
  /// box or point at all.
  public static func unreadable(
    _ task: TaskKind, prediction: String, screen: (width: Int, height: Int) = (720, 1280)
  ) -> String? {
    let answer = ParsedAnswer(prediction, screen: screen)
    if !answer.outOfRange.isEmpty {
      return "coordinate out of range: " + answer.outOfRange.joined(separator: ", ")
        + " (at most \(PixelCoordinate.limit) in magnitude)"
    }
    if task == .grounding, answer.target == nil { return "no box or point in the answer" }
    return nil
  }

  /// The metric names of a task, original first.
  public static func names(_ task: TaskKind) -> [String] {
    switch task {
    case .grounding: ["mean_iou", "iou@0.5", "point_in_box"]
    case .actionSpace: ["line_recall", "ref_recall", "precision", "recall", "f1"]
    case .elementList: ["ref_recall", "precision", "recall", "f1"]
    case .actionPrediction, .navigation: ["action_ocr_acc", "action_iou", "type_acc", "exact_acc"]
    }
  }

  static func grounding(_ prediction: String, _ target: String, _ screen: (width: Int, height: Int))
    -> [String: Double]
  {
    guard let gold = ParsedAnswer(target, screen: screen).box else { return [:] }
    let answer = ParsedAnswer(prediction, screen: screen)
    let iou = answer.box.map { $0.intersectionOverUnion(gold) } ?? 0
    let inside = answer.target.map { gold.contains($0) } ?? false
    return ["mean_iou": iou, "iou@0.5": iou >= 0.5 ? 1 : 0, "point_in_box": inside ? 1 : 0]
  }

  static func actionSpace(_ prediction: String, _ target: String) -> [String: Double] {
    let predicted = sections(prediction)
    let gold = sections(target)
    var hits = 0
    var refHits = 0
    var total = 0
    for (name, lines) in gold {
      let mine = Set(predicted[name] ?? [])
      hits += Set(lines).intersection(mine).count
      refHits += Set(lines.map(refOrLine)).intersection(Set(mine.map(refOrLine))).count
      total += Set(lines).count
    }
    var scores: [String: Double] = [:]
    if total > 0 {
      scores["line_recall"] = Double(hits) / Double(total)
      scores["ref_recall"] = Double(refHits) / Double(total)
    }
    let allGold = Set(gold.values.flatMap { $0 })
    let allMine = Set(predicted.values.flatMap { $0 })
    scores.merge(precisionRecall(allMine, allGold)) { $1 }
    return scores
  }

  static func elementList(_ prediction: String, _ target: String) -> [String: Double] {
    var scores: [String: Double] = [:]
    let gold = Set(refs(target, allowCommas: false))
    if !gold.isEmpty {
      scores["ref_recall"] =
        Double(gold.intersection(Set(refs(prediction, allowCommas: false))).count)
        / Double(gold.count)
    }
    scores.merge(
      precisionRecall(
        Set(refs(prediction, allowCommas: true)), Set(refs(target, allowCommas: true)))
    ) { $1 }
    return scores
  }

  static func action(_ prediction: String, _ target: String, _ screen: (width: Int, height: Int))
    -> [String: Double]
  {
    let gold = ParsedAnswer(target, screen: screen)
    let answer = ParsedAnswer(prediction, screen: screen)
    let ocr: Bool
    if gold.action == ActionType.scroll.rawValue {
      ocr = gold.direction != nil && gold.direction == answer.direction
    } else {
      ocr = prediction.contains(label(target) ?? target)
    }
    let iou = gold.box.flatMap { box in answer.box.map { $0.intersectionOverUnion(box) } } ?? 0
    let sameType = gold.action != nil && gold.action == answer.action
    var exact = sameType
    if exact, let box = gold.box {
      if gold.action == ActionType.scroll.rawValue {
        exact = gold.direction == answer.direction && iou >= 0.5
      } else {
        exact = answer.target.map { box.contains($0) } ?? false
        if gold.action == ActionType.input.rawValue {
          exact = exact && gold.quotedText == answer.quotedText
        }
      }
    }
    return [
      "action_ocr_acc": ocr ? 1 : 0, "action_iou": iou, "type_acc": sameType ? 1 : 0,
      "exact_acc": exact ? 1 : 0,
    ]
  }

  /// The label of a target action: its `<ref>` text, else the input label before `, <box>`.
  static func label(_ target: String) -> String? {
    if let ref = ParsedAnswer.between(target, "<ref>", "</ref>") { return ref }
    guard let open = target.firstIndex(of: "("), let comma = target.range(of: ", <box>") else {
      return nil
    }
    return String(target[target.index(after: open)..<comma.lowerBound])
  }

  /// Lines per action-space section (header → lines); lines before any header go under "".
  static func sections(_ text: String) -> [String: [String]] {
    let headers = [
      ActionVocabulary.chinese.clickSection, ActionVocabulary.chinese.inputSection,
      ActionVocabulary.chinese.scrollSection, ActionVocabulary.english.clickSection,
      ActionVocabulary.english.inputSection, ActionVocabulary.english.scrollSection,
    ]
    var result: [String: [String]] = [:]
    var current = ""
    for raw in text.split(separator: "\n", omittingEmptySubsequences: true) {
      let line = HTMLLine.stripped(String(raw))
      if headers.contains(line) {
        current = line
        result[current, default: []] = result[current] ?? []
      } else if !line.isEmpty {
        result[current, default: []].append(line)
      }
    }
    return result
  }

  static func refOrLine(_ line: String) -> String {
    ParsedAnswer.between(line, "<ref>", "</ref>") ?? line
  }

  /// Every `<ref>…</ref>` text; with `allowCommas: false`, the original's `<ref>([^,]+)</ref>`
  /// (texts with a comma are not seen).
  static func refs(_ text: String, allowCommas: Bool) -> [String] {
    var found: [String] = []
    var rest = Substring(text)
    while let open = rest.range(of: "<ref>") {
      guard let close = rest.range(of: "</ref>", range: open.upperBound..<rest.endIndex) else {
        break
      }
      let inner = rest[open.upperBound..<close.lowerBound]
      if !inner.isEmpty && (allowCommas || !inner.contains(",")) { found.append(String(inner)) }
      rest = rest[close.upperBound...]
    }
    return found
  }

  static func precisionRecall(_ predicted: Set<String>, _ gold: Set<String>) -> [String: Double] {
    let hits = Double(predicted.intersection(gold).count)
    var scores: [String: Double] = [:]
    if !predicted.isEmpty { scores["precision"] = hits / Double(predicted.count) }
    if !gold.isEmpty { scores["recall"] = hits / Double(gold.count) }
    if let p = scores["precision"], let r = scores["recall"] {
      scores["f1"] = p + r > 0 ? 2 * p * r / (p + r) : 0
    } else if !gold.isEmpty {
      scores["precision"] = 0
      scores["f1"] = 0
    }
    return scores
  }
}
