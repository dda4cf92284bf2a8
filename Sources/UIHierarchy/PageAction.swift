import Geometry

/// One action available on a page, in Mobile3M's vocabulary.
///
/// The ``mobile3MString`` is the key the original crawler wrote to `all_action_id.json`:
/// - `click(<p id="…" … clickable="true"> 上海 </p>)`
/// - `scroll(([360, 920], [360, 394]))`: the swipe's start and end points (Python repr);
/// - `input(<input id="…" …>  </input>, '北京市')`: the typed text between single quotes, as
///   the original's `f", '{text}'"` writes it (no escaping, not Python's `repr`).
public struct PageAction: Sendable, Hashable, Codable {
  /// What the action does: the three ``ActionType``s a Mobile3M action space holds (a subset,
  /// so that switches over a page's actions stay exhaustive).
  public enum Kind: String, Sendable, Hashable, Codable {
    /// Tap the element.
    case click
    /// Swipe inside the element.
    case scroll
    /// Tap the text field and type text.
    case input

    /// The action type this kind is.
    public var actionType: ActionType {
      switch self {
      case .click: .click
      case .scroll: .scroll
      case .input: .input
      }
    }
  }

  /// Which way the finger moves during a scroll (the one ``SwipeDirection``).
  public typealias Direction = SwipeDirection

  /// The kind of action.
  public var kind: Kind
  /// The compact-HTML line of the element (dataset variant, no leaf bounds); nil for actions
  /// parsed from a scroll string, which carries no element.
  public var htmlLine: String?
  /// The node the element came from, when built from a tree.
  public var nodeIndex: Int?
  /// The element's bounds, when known.
  public var bounds: Bounds?
  /// For scrolls: the direction the finger moves.
  public var direction: Direction?
  /// For scrolls: where the swipe starts and ends.
  public var swipe: (start: Point, end: Point)? {
    get { swipeStart.flatMap { start in swipeEnd.map { (start, $0) } } }
    set {
      swipeStart = newValue?.start
      swipeEnd = newValue?.end
    }
  }
  /// For inputs: the text typed.
  public var text: String?

  private var swipeStart: Point?
  private var swipeEnd: Point?

  /// An action from its parts.
  public init(
    kind: Kind, htmlLine: String? = nil, nodeIndex: Int? = nil, bounds: Bounds? = nil,
    direction: Direction? = nil, swipe: (start: Point, end: Point)? = nil, text: String? = nil
  ) {
    self.kind = kind
    self.htmlLine = htmlLine
    self.nodeIndex = nodeIndex
    self.bounds = bounds
    self.direction = direction
    self.swipeStart = swipe?.start
    self.swipeEnd = swipe?.end
    self.text = text
  }

  /// The original crawler's action string (the key of `all_action_id.json`).
  public var mobile3MString: String {
    switch kind {
    case .click:
      return "click(\(htmlLine ?? ""))"
    case .scroll:
      guard let swipe else { return "scroll()" }
      return "scroll(([\(swipe.start.x), \(swipe.start.y)], [\(swipe.end.x), \(swipe.end.y)]))"
    case .input:
      return "input(\(htmlLine ?? ""), \(Self.quoted(text ?? "")))"
    }
  }

  /// The short swipe the original performs for `direction` inside `bounds`: from the centre
  /// plus a quarter of the size to the centre minus it (Python's floor division).
  public static func swipe(in bounds: Bounds, direction: Direction) -> (start: Point, end: Point) {
    let mid = bounds.center
    let offX = bounds.width.floorDivided(by: 4)
    let offY = bounds.height.floorDivided(by: 4)
    let below = Point(x: mid.x, y: mid.y + offY)
    let above = Point(x: mid.x, y: mid.y - offY)
    let rightOf = Point(x: mid.x + offX, y: mid.y)
    let leftOf = Point(x: mid.x - offX, y: mid.y)
    switch direction {
    case .up: return (below, above)
    case .down: return (above, below)
    case .left: return (rightOf, leftOf)
    case .right: return (leftOf, rightOf)
    }
  }

  /// The typed text as the original writes it into an action string: `f", '{text}'"` puts the
  /// text between single quotes as it is, with no escaping (`it's` gives `'it's'`).
  public static func quoted(_ text: String) -> String { "'" + text + "'" }
}

extension PageAction {
  /// Parses an action string of the original crawler back into an action.
  ///
  /// Scroll strings carry only the swipe points; the direction is derived from them. Input
  /// strings yield the HTML line and the typed text: `'…'` as the original writes it (taken as
  /// it is), or a double-quoted Python literal (earlier m3m versions wrote `repr` for text
  /// holding a quote).
  /// - Returns: nil when the string is none of `click(…)`, `scroll(([x, y], [x, y]))`,
  ///   `input(…, '…')`.
  public init?(mobile3MString string: String) {
    if string.hasPrefix("click("), string.hasSuffix(")") {
      self.init(kind: .click, htmlLine: String(string.dropFirst(6).dropLast()))
      bounds = htmlLine.flatMap(Self.boundsAttribute)
      return
    }
    if string.hasPrefix("scroll(("), string.hasSuffix("))") {
      let numbers = string.split(whereSeparator: { !"-0123456789".contains($0) }).compactMap {
        Int($0)
      }
      guard numbers.count == 4 else { return nil }
      let start = Point(x: numbers[0], y: numbers[1])
      let end = Point(x: numbers[2], y: numbers[3])
      let dx = end.x - start.x
      let dy = end.y - start.y
      let direction: Direction =
        abs(dy) >= abs(dx) ? (dy < 0 ? .up : .down) : (dx < 0 ? .left : .right)
      self.init(kind: .scroll, direction: direction, swipe: (start, end))
      return
    }
    if string.hasPrefix("input("), string.hasSuffix(")"),
      let (line, text) = Self.inputParts(string.dropFirst(6).dropLast())
    {
      self.init(kind: .input, htmlLine: line, text: text)
      bounds = Self.boundsAttribute(of: line)
      return
    }
    return nil
  }

  /// The `bounds="…"` attribute of an HTML line, when present and well-formed.
  static func boundsAttribute(of line: String) -> Bounds? {
    guard let start = line.range(of: " bounds=\"") else { return nil }
    let rest = line[start.upperBound...]
    guard let end = rest.firstIndex(of: "\"") else { return nil }
    return Bounds(parsing: String(rest[..<end]))
  }

  /// The HTML line and the typed text of an input string's body, `<tag …> text </tag>, '…'`:
  /// the line ends at the first `</tag>, ` (the tag read from the line's start).
  private static func inputParts(_ body: Substring) -> (line: String, text: String)? {
    guard body.hasPrefix("<") else { return nil }
    let tag = body.dropFirst().prefix { $0 != " " && $0 != ">" }
    guard !tag.isEmpty, let close = body.range(of: "</\(tag)>, ") else { return nil }
    let line = String(body[..<close.upperBound].dropLast(2))
    let literal = body[close.upperBound...]
    guard literal.count >= 2, let quote = literal.first, literal.last == quote else { return nil }
    if quote == "'" { return (line, String(literal.dropFirst().dropLast())) }
    guard quote == "\"", let text = legacyPythonLiteral(literal.dropFirst().dropLast()) else {
      return nil
    }
    return (line, text)
  }

  /// Decodes the inside of a double-quoted Python literal (`\\`, `\"`, `\n`, `\r`, `\t`).
  private static func legacyPythonLiteral(_ inner: Substring) -> String? {
    var out = ""
    var escaping = false
    for character in inner {
      if escaping {
        switch character {
        case "n": out.append("\n")
        case "r": out.append("\r")
        case "t": out.append("\t")
        default: out.append(character)
        }
        escaping = false
      } else if character == "\\" {
        escaping = true
      } else {
        out.append(character)
      }
    }
    return escaping ? nil : out
  }
}
