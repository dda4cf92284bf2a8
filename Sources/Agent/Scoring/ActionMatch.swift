import Foundation
import GraphStore

/// How a predicted action compares with the gold one, under every rule of
/// `../shared/reference/benchmarks.md` §0.
public struct ActionMatch: Sendable, Codable, Hashable {
  /// The prediction could be read at all.
  public var parsed: Bool
  /// Same canonical type (`tap` ≠ `long_press`; a swipe without direction matches any swipe).
  public var type: Bool
  /// Step correct under the AITW rule: taps in the same enlarged annotation box or ≤ 0.14
  /// apart; swipes on the same primary axis; typed text not compared; other types by type.
  public var aitw: Bool
  /// Step correct under the element rule: the tap lands inside the gold element (or, with no
  /// annotated element, the smallest node containing the gold point); swipes in the same
  /// direction; typed text lenient; open_app by name.
  public var element: Bool
  /// For typed text: equal after lower-casing and trimming.
  public var textStrict: Bool?
  /// For typed text: one contains the other, or 1 − edit distance / longer length ≥ 0.5.
  public var textLenient: Bool?
}

/// Compares actions.
public enum ActionMatcher {
  /// The distance under which two taps match in the AITW rule (normalised units).
  public static let aitwDistance = 0.14

  /// Compares `predicted` with `gold`; `annotations` are the screen's element boxes (for the
  /// AITW enlarged-box rule and for finding the gold element when none is annotated).
  public static func match(
    _ predicted: CanonicalAction?, gold: CanonicalAction, annotations: [NormalizedBox] = []
  ) -> ActionMatch {
    guard let predicted else {
      return ActionMatch(parsed: false, type: false, aitw: false, element: false)
    }
    let sameType = predicted.kind == gold.kind
    var result = ActionMatch(parsed: true, type: sameType, aitw: sameType, element: sameType)
    guard sameType else { return result }
    switch gold.kind {
    case .tap, .longPress:
      guard let p = predicted.point, let g = gold.point else {
        result.aitw = false
        result.element = false
        return result
      }
      let sameBox = annotations.contains { box in
        let enlarged = box.aitwEnlarged
        return enlarged.contains(p) && enlarged.contains(g)
      }
      result.aitw = sameBox || p.distance(to: g) <= aitwDistance
      let target = gold.element ?? annotations.filter { $0.contains(g) }.min { area($0) < area($1) }
      result.element = target?.contains(p) ?? false
    case .swipe:
      result.aitw = axis(predicted) == nil || axis(gold) == nil || axis(predicted) == axis(gold)
      result.element =
        predicted.direction == nil || gold.direction == nil || predicted.direction == gold.direction
    case .type:
      let a = normalizedText(predicted.text)
      let b = normalizedText(gold.text)
      result.textStrict = a == b
      let lenient =
        a == b || (!a.isEmpty && !b.isEmpty && (a.contains(b) || b.contains(a)))
        || 1 - Double(editDistance(a, b)) / Double(max(1, max(a.count, b.count))) >= 0.5
      result.textLenient = lenient
      result.element = lenient
    case .openApp:
      result.element = normalizedText(predicted.text) == normalizedText(gold.text)
      result.aitw = result.element
    case .back, .home, .enter, .wait, .done, .impossible:
      break
    }
    return result
  }

  static func area(_ box: NormalizedBox) -> Double {
    max(0, box.right - box.left) * max(0, box.bottom - box.top)
  }

  /// The primary axis of a swipe (`true` = vertical), from its points or its direction.
  static func axis(_ action: CanonicalAction) -> Bool? {
    if let start = action.point, let end = action.end {
      return abs(end.y - start.y) >= abs(end.x - start.x)
    }
    return action.direction.map { $0 == .up || $0 == .down }
  }

  static func normalizedText(_ text: String?) -> String {
    (text ?? "").lowercased().trimmingCharacters(in: .whitespacesAndNewlines)
  }
}
