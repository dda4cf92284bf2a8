import Foundation
import Geometry

/// A model's answer read leniently: whatever boxes, points, action word, `<ref>` text,
/// direction and typed text can be found. Messy answers give fewer parts, never an error.
///
/// Boxes are read as pixel `[x1,y1][x2,y2]` (the Mobile3M convention) or as Qwen-VL's
/// `(x1,y1),(x2,y2)` on the 0–1000 grid, rescaled to the screen; a bare point `(x,y)` or
/// `[x,y]` is read when no box is there.
///
/// A coordinate that is not finite or lies outside ``PixelCoordinate/range``
/// (`[99999999999999999999999,0]`) makes its pair unreadable: the pair is skipped and the number
/// noted in ``outOfRange``, never converted.
public struct ParsedAnswer: Sendable, Hashable {
  /// `click`, `input`, `scroll`, `type`, … (lower-cased), when the answer starts an action.
  public var action: String?
  /// The text between the first `<ref>` and `</ref>`.
  public var ref: String?
  /// Every box, in the order written, in screen pixels.
  public var boxes: [Bounds] = []
  /// A bare point, when the answer gives one and no box.
  public var point: Point?
  /// `up`, `down`, `left` or `right` after the box, for scrolls.
  public var direction: String?
  /// The last quoted string, for inputs.
  public var quotedText: String?
  /// Numbers written where a coordinate belongs that are not finite or outside
  /// ``PixelCoordinate/range``, as written; their pairs were not read.
  public var outOfRange: [String] = []

  /// The first box.
  public var box: Bounds? { boxes.first }
  /// Where the answer points: the first box's centre, or the bare point.
  public var target: Point? { box?.center ?? point }

  /// Reads `answer`; `screen` (width, height) rescales 0–1000 grid boxes.
  public init(_ answer: String, screen: (width: Int, height: Int) = (720, 1280)) {
    let scalars = Array(answer.unicodeScalars)
    action = Self.actionWord(scalars)
    ref = Self.between(answer, "<ref>", "</ref>")
    var pixelBoxes: [(Int, Bounds)] = []
    var gridBoxes: [(Int, Bounds)] = []
    var points: [Point] = []
    var index = 0
    while index < scalars.count {
      if scalars[index] == "[" || scalars[index] == "(" {
        let close: Unicode.Scalar = scalars[index] == "[" ? "]" : ")"
        if let (first, end) = Self.pair(scalars, from: index, close: close, outOfRange: &outOfRange)
        {
          // A second pair right after it (optionally after a comma) makes a box.
          var next = end
          while next < scalars.count, scalars[next] == " " || scalars[next] == "," { next += 1 }
          if next < scalars.count, scalars[next] == scalars[index],
            let (second, after) = Self.pair(
              scalars, from: next, close: close, outOfRange: &outOfRange)
          {
            let box = Bounds(left: first.0, top: first.1, right: second.0, bottom: second.1)
            if close == "]" {
              pixelBoxes.append((index, box))
            } else {
              gridBoxes.append((index, Self.rescaled(box, screen)))
            }
            index = after
            continue
          }
          points.append(Point(x: first.0, y: first.1))
          index = end
          continue
        }
      }
      index += 1
    }
    boxes = (pixelBoxes.isEmpty ? gridBoxes : pixelBoxes).map(\.1)
    if boxes.isEmpty { point = points.first }
    direction = Self.direction(answer)
    quotedText = Self.lastQuoted(answer)
  }

  /// `(x, y)` or `[x, y]` at `start` (integers or decimals, spaces allowed); the numbers (rounded)
  /// and the index after the closing bracket. A pair holding a number outside
  /// ``PixelCoordinate/range`` is nil, the number appended to `outOfRange`.
  static func pair(
    _ scalars: [Unicode.Scalar], from start: Int, close: Unicode.Scalar,
    outOfRange: inout [String]
  ) -> ((Int, Int), Int)? {
    var index = start + 1
    var numbers: [Int] = []
    var current = ""
    while index < scalars.count, index - start < 40 {
      let scalar = scalars[index]
      if scalar.properties.numericType != nil && scalar.isASCII || scalar == "." || scalar == "-" {
        current.unicodeScalars.append(scalar)
      } else if scalar == "," || scalar == close {
        let text = current.trimmingSpaces
        guard let value = Double(text) else { return nil }
        guard let coordinate = PixelCoordinate.checked(value, rounding: .toNearestOrAwayFromZero)
        else {
          outOfRange.append(text)
          return nil
        }
        numbers.append(coordinate)
        current = ""
        if scalar == close {
          guard numbers.count == 2 else { return nil }
          return ((numbers[0], numbers[1]), index + 1)
        }
      } else if scalar != " " {
        return nil
      }
      index += 1
    }
    return nil
  }

  static func rescaled(_ box: Bounds, _ screen: (width: Int, height: Int)) -> Bounds {
    Bounds(
      left: box.left * screen.width / 1000, top: box.top * screen.height / 1000,
      right: box.right * screen.width / 1000, bottom: box.bottom * screen.height / 1000)
  }

  static func actionWord(_ scalars: [Unicode.Scalar]) -> String? {
    let text = String(String.UnicodeScalarView(scalars)).lowercased()
    let words = ["click", "input", "scroll", "type", "tap", "long_press", "press", "swipe"]
    var best: (String.Index, String)?
    for word in words {
      if let range = text.range(of: word + "("), best.map({ range.lowerBound < $0.0 }) ?? true {
        best = (range.lowerBound, word)
      }
    }
    return best?.1
  }

  static func between(_ text: String, _ open: String, _ close: String) -> String? {
    guard let start = text.range(of: open),
      let end = text.range(of: close, range: start.upperBound..<text.endIndex)
    else { return nil }
    return String(text[start.upperBound..<end.lowerBound])
  }

  /// The direction word after the box: the original's `\],([^,]+)\)`, spaces allowed.
  static func direction(_ text: String) -> String? {
    for word in ["up", "down", "left", "right"] {
      for pattern in ["],\(word))", "], \(word))", "</box>,\(word))", "</box>, \(word))"]
      where text.contains(pattern) {
        return word
      }
    }
    return nil
  }

  static func lastQuoted(_ text: String) -> String? {
    for quote in ["'", "\""] {
      guard let end = text.range(of: quote, options: .backwards),
        let start = text.range(
          of: quote, options: .backwards, range: text.startIndex..<end.lowerBound)
      else { continue }
      return String(text[start.upperBound..<end.lowerBound])
    }
    return nil
  }
}

extension String {
  var trimmingSpaces: String { HTMLLine.stripped(self) }
}
