/// An element of a screen as a referring-expression resolver sees it: a box in normalised
/// screen coordinates (0…1, `x1, y1, x2, y2`) and whatever the hierarchy says about it.
public struct ScreenElement: Sendable, Hashable, Codable {
  /// Left, top, right, bottom, each in 0…1 of the screen.
  public var box: [Double]
  /// Visible text.
  public var text: String = ""
  /// Content description.
  public var contentDescription: String = ""
  /// Resource id.
  public var resourceID: String = ""
  /// Class name (`TEXT_VIEW`, `android.widget.ImageButton`, …).
  public var className: String = ""

  /// An element from its parts.
  public init(
    box: [Double], text: String = "", contentDescription: String = "", resourceID: String = "",
    className: String = ""
  ) {
    self.box = box
    self.text = text
    self.contentDescription = contentDescription
    self.resourceID = resourceID
    self.className = className
  }

  var centerX: Double { (box[0] + box[2]) / 2 }
  var centerY: Double { (box[1] + box[3]) / 2 }
  var area: Double { max(0, box[2] - box[0]) * max(0, box[3] - box[1]) }

  /// Intersection over union with another box.
  func overlap(_ other: [Double]) -> Double {
    let width = min(box[2], other[2]) - max(box[0], other[0])
    let height = min(box[3], other[3]) - max(box[1], other[1])
    guard width > 0, height > 0 else { return 0 }
    let intersection = width * height
    let union = area + max(0, other[2] - other[0]) * max(0, other[3] - other[1]) - intersection
    return union > 0 ? intersection / union : 0
  }

  /// Words of its text, description and resource id (camelCase and snake_case split).
  var words: [String] {
    var result: [String] = []
    for field in [text, contentDescription, Self.splitIdentifier(resourceID)] {
      result += TextSimilarity.words(field)
    }
    return result
  }

  static func splitIdentifier(_ id: String) -> String {
    let name = id.split(separator: "/").last.map(String.init) ?? id
    var out = ""
    var previousLower = false
    for character in name {
      if character == "_" || character == "-" || character == ":" {
        out.append(" ")
        previousLower = false
        continue
      }
      if character.isUppercase && previousLower { out.append(" ") }
      out.append(character)
      previousLower = character.isLowercase
    }
    return out
  }
}
