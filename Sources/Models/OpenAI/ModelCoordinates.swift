import Geometry

/// A model's coordinate setting (convention, order, resize) and the one place its positions are
/// converted to and from screen pixels.
///
/// ```swift
/// let qwen3 = ModelCoordinates(convention: .grid1000)
/// qwen3.screenAnswer("click(500, 250)", screen: (1080, 2400))   // "click([540,600])"
/// ```
public struct ModelCoordinates: Sendable, Hashable {
  /// How the model writes positions.
  public var convention: CoordinateConvention
  /// `(x, y)` or `(y, x)`.
  public var order: CoordinateOrder
  /// The resize `resized-pixels` undoes.
  public var resize: SmartResize

  /// A setting; the default converts nothing.
  public init(
    convention: CoordinateConvention = .pixels, order: CoordinateOrder = .xy,
    resize: SmartResize = SmartResize()
  ) {
    self.convention = convention
    self.order = order
    self.resize = resize
  }

  /// True when answers are already screen pixels, x first.
  public var isIdentity: Bool { convention == .pixels && order == .xy }

  /// How `--coords` reads in names and reports: `grid1000`, `resized-pixels (max 1003520), yx`.
  public var summary: String {
    var text = convention.rawValue
    if convention == .resizedPixels, resize != SmartResize() {
      text += " (max \(resize.maximumPixels), min \(resize.minimumPixels))"
    }
    return order == .yx ? text + ", yx" : text
  }

  /// The model's extent of a `screen`: what its largest coordinate on each axis stands for.
  func extent(_ screen: (width: Int, height: Int)) -> (x: Double, y: Double) {
    switch convention {
    case .pixels: return (Double(screen.width), Double(screen.height))
    case .resizedPixels:
      let size = resize.resized(width: screen.width, height: screen.height)
      return (Double(size.width), Double(size.height))
    case .grid1000: return (1000, 1000)
    case .grid999: return (999, 999)
    case .unit: return (1, 1)
    }
  }

  /// A screen point as the model would write it: its two numbers in the model's order.
  public func written(x: Double, y: Double, screen: (width: Int, height: Int)) -> (
    Double, Double
  ) {
    let extent = extent(screen)
    let modelX = x * extent.x / Double(max(1, screen.width))
    let modelY = y * extent.y / Double(max(1, screen.height))
    return order == .xy ? (modelX, modelY) : (modelY, modelX)
  }

  /// The screen point (decimal pixels) of two numbers the model wrote.
  public func screenPoint(_ first: Double, _ second: Double, screen: (width: Int, height: Int))
    -> (x: Double, y: Double)
  {
    let (modelX, modelY) = order == .xy ? (first, second) : (second, first)
    let extent = extent(screen)
    return (
      modelX * Double(screen.width) / extent.x, modelY * Double(screen.height) / extent.y
    )
  }

  /// `answer` with every written position in screen pixels, in the form m3m's answer readers
  /// take as pixels: a pair `(a, b)` or `[a, b]` becomes `[x,y]` (`click(a, b)` becomes
  /// `click([x,y])`); four numbers `[a, b, c, d]`
  /// (Qwen2.5-VL's `bbox_2d`, UI-TARS's `start_box='(x1,y1,x2,y2)'`) become the box
  /// `[x1,y1][x2,y2]`; UI-TARS's `<point>x y</point>` and `<bbox>x1 y1 x2 y2</bbox>` keep their
  /// tags around the same forms. Everything else is kept as written, as is a position whose conversion is
  /// not finite or outside ``PixelCoordinate/range`` (the reader then reports it). The identity
  /// setting returns `answer` unchanged.
  public func screenAnswer(_ answer: String, screen: (width: Int, height: Int)) -> String {
    guard !isIdentity else { return answer }
    let scalars = Array(answer.unicodeScalars)
    var output = String.UnicodeScalarView()
    var index = 0
    while index < scalars.count {
      let scalar = scalars[index]
      // UI-TARS's `<point>x y</point>` and `<bbox>x1 y1 x2 y2</bbox>`: numbers between spaces.
      if scalar == "<",
        let (tag, numbers, end) = Self.taggedNumbers(scalars, from: index),
        let replacement = pixels(numbers, screen: screen)
      {
        output.append(contentsOf: "<\(tag)>\(replacement)</\(tag)>".unicodeScalars)
        index = end
        continue
      }
      if scalar == "[" || scalar == "(",
        let (numbers, end) = Self.numbers(scalars, from: index, close: scalar == "[" ? "]" : ")"),
        let replacement = pixels(numbers, screen: screen)
      {
        // `click(500, 250)`: the call's parentheses stay, so the action word is still read.
        let isCall =
          scalar == "(" && index > 0
          && (scalars[index - 1].properties.isAlphabetic || scalars[index - 1] == "_")
        output.append(contentsOf: (isCall ? "(\(replacement))" : replacement).unicodeScalars)
        index = end
        continue
      }
      output.append(scalar)
      index += 1
    }
    return String(output)
  }

  /// `[x,y]` or `[x1,y1][x2,y2]` for two or four written numbers; nil when a result is out of
  /// range.
  private func pixels(_ numbers: [Double], screen: (width: Int, height: Int)) -> String? {
    var text = ""
    for pair in stride(from: 0, to: numbers.count, by: 2) {
      let point = screenPoint(numbers[pair], numbers[pair + 1], screen: screen)
      guard let x = PixelCoordinate.checked(point.x, rounding: .toNearestOrAwayFromZero),
        let y = PixelCoordinate.checked(point.y, rounding: .toNearestOrAwayFromZero)
      else { return nil }
      text += "[\(x),\(y)]"
    }
    return text
  }

  /// `<point>x y</point>` (two numbers) or `<bbox>x1 y1 x2 y2</bbox>` (four) at `start`: the
  /// tag, the numbers and the index after the closing tag.
  private static func taggedNumbers(_ scalars: [Unicode.Scalar], from start: Int) -> (
    String, [Double], Int
  )? {
    for (tag, count) in [("point", 2), ("bbox", 4)] {
      let open = Array("<\(tag)>".unicodeScalars)
      let close = Array("</\(tag)>".unicodeScalars)
      guard scalars.count >= start + open.count,
        Array(scalars[start..<(start + open.count)]) == open
      else { continue }
      var end = start + open.count
      while end < scalars.count, end - start < 80, scalars[end] != "<" { end += 1 }
      guard scalars.count >= end + close.count, Array(scalars[end..<(end + close.count)]) == close
      else { return nil }
      let text = String(String.UnicodeScalarView(scalars[(start + open.count)..<end]))
      let numbers = text.split(whereSeparator: { $0 == " " || $0 == "," }).compactMap {
        Double($0)
      }
      guard numbers.count == count, numbers.allSatisfy(\.isFinite) else { return nil }
      return (tag, numbers, end + close.count)
    }
    return nil
  }

  /// Two or four comma-separated numbers between `scalars[start]` and `close`, and the index
  /// after `close`.
  private static func numbers(
    _ scalars: [Unicode.Scalar], from start: Int, close: Unicode.Scalar
  ) -> ([Double], Int)? {
    var numbers: [Double] = []
    var current = ""
    var index = start + 1
    while index < scalars.count, index - start < 80 {
      let scalar = scalars[index]
      if scalar.isASCII, scalar.properties.numericType != nil || scalar == "." || scalar == "-" {
        current.unicodeScalars.append(scalar)
      } else if scalar == "," || scalar == close {
        guard let value = Double(current), value.isFinite else { return nil }
        numbers.append(value)
        current = ""
        if scalar == close {
          return numbers.count == 2 || numbers.count == 4 ? (numbers, index + 1) : nil
        }
      } else if scalar != " " {
        return nil
      }
      index += 1
    }
    return nil
  }
}
