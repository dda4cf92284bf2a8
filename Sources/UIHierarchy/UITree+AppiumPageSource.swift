/// A tree written as Appium's uiautomator2 page source (`driver.page_source`), the form of the
/// `-xml.txt` files of the Mobile3M release (Appium 1.18, uiautomator2 server 4.x).
///
/// ```
/// <?xml version='1.0' encoding='UTF-8' standalone='yes' ?>
/// <hierarchy index="0" class="hierarchy" rotation="0" width="720" height="1184">
///   <android.widget.FrameLayout index="0" package="…" class="android.widget.FrameLayout" text="" checkable="false" … bounds="[0,0][720,1184]" displayed="true">
///     <android.widget.TextView index="0" … text="上海" resource-id="…:id/city" … displayed="true" />
///   </android.widget.FrameLayout>
/// </hierarchy>
/// ```
///
/// As the server writes it: each element is named by its class (`$@#&` become dots, characters
/// an XML name cannot hold become `_`, an empty class is `android.view.View`); attributes in
/// the server's order `index, package, class, text, content-desc, resource-id, checkable,
/// checked, clickable, enabled, focusable, focused, long-clickable, password, scrollable,
/// selected, bounds, displayed`, with `content-desc` and `resource-id` only when not empty
/// (and `clickable` only when the dump has it, which every real dump does);
/// two spaces of indentation per level, ` />` for an element without children, no newline after
/// the last line; a window's `index` its place under `<hierarchy>`; `&`, `<`, `>`, `"` escaped, tab, newline and carriage return as `&#9;`,
/// `&#10;`, `&#13;`, characters outside the Basic Multilingual Plane as decimal references
/// (`&#128512;`), characters XML cannot hold as `?`.
///
/// The original's scripts read the element type from the tag, so this form (not uiautomator's
/// `<node>`) is what lets them see m3m's files as m3m does.
extension UITree {
  /// The tree as Appium page source.
  /// - Parameters:
  ///   - width: the `<hierarchy>`'s `width`, the app window's width (720 in Mobile3M).
  ///   - height: the app window's height, without the navigation bar (1184 in Mobile3M).
  public func appiumPageSource(width: Int, height: Int) -> String {
    var out = "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n"
    out += "<hierarchy index=\"0\" class=\"hierarchy\" rotation=\"\(rotation ?? 0)\" "
    out += "width=\"\(width)\" height=\"\(height)\">"
    // Pre-order walk with an explicit stack: (node, level) to open, or a closing tag.
    enum Step {
      case open(Int, position: Int, level: Int)
      case close(String, level: Int)
    }
    var steps: [Step] = windows.enumerated().reversed().map {
      .open($0.element, position: $0.offset, level: 1)
    }
    while let step = steps.popLast() {
      switch step {
      case .close(let tag, let level):
        out += "\n" + String(repeating: "  ", count: level) + "</" + tag + ">"
      case .open(let index, let position, let level):
        let node = nodes[index]
        let tag = Self.appiumTagName(node.className)
        out += "\n" + String(repeating: "  ", count: level) + "<" + tag
        Self.appendAttributes(of: node, position: position, to: &out)
        if node.children.isEmpty {
          out += " />"
        } else {
          out += ">"
          steps.append(.close(tag, level: level))
          for (offset, child) in node.children.enumerated().reversed() {
            steps.append(.open(child, position: offset, level: level + 1))
          }
        }
      }
    }
    out += "\n</hierarchy>"
    return out
  }

  /// The uiautomator2 server's element name for a class (`toXmlNodeName`).
  static func appiumTagName(_ className: String) -> String {
    var name = ""
    for character in className {
      let mapped: Character = "$@#&".contains(character) ? "." : character
      if mapped == ".", name.last == "." || name.isEmpty { continue }
      name.append(mapped)
    }
    while name.last == "." { name.removeLast() }
    // An XML name starts with a letter or `_`, and holds letters, digits, `-`, `.`, `_`.
    let scalars = name.unicodeScalars.drop { !isNameStart($0) }
    var fixed = ""
    for scalar in scalars {
      fixed.unicodeScalars.append(
        isNameStart(scalar) || "-.0123456789".unicodeScalars.contains(scalar) ? scalar : "_")
    }
    return fixed.isEmpty ? "android.view.View" : fixed
  }

  private static func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x41...0x5A, 0x61...0x7A, 0x5F: true
    case 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x2FF, 0x370...0x37D, 0x37F...0x1FFF: true
    case 0x200C...0x200D, 0x2070...0x218F, 0x2C00...0x2FEF, 0x3001...0xD7FF: true
    case 0xF900...0xFDCF, 0xFDF0...0xFFFD, 0x10000...0xEFFFF: true
    default: false
    }
  }

  private static func appendAttributes(of node: UINode, position: Int, to out: inout String) {
    func attribute(_ name: String, _ value: String) {
      out += " " + name + "=\""
      escape(value, into: &out)
      out += "\""
    }
    func flag(_ name: String, _ value: Bool) { out += " \(name)=\"\(value)\"" }
    // A window's index is its place under <hierarchy>; a node's, the one the dump records.
    let index = node.parent == nil ? position : node.siblingIndex ?? position
    attribute("index", String(index))
    attribute("package", node.package)
    attribute("class", node.className)
    attribute("text", node.text)
    if !node.contentDescription.isEmpty { attribute("content-desc", node.contentDescription) }
    if !node.resourceID.isEmpty { attribute("resource-id", node.resourceID) }
    flag("checkable", node.isCheckable)
    flag("checked", node.isChecked)
    // The compact HTML prints `clickable` whenever the attribute exists: keep it absent when
    // the dump has none, so the file reads back to the same HTML.
    if node.hasClickableAttribute { flag("clickable", node.isClickable) }
    flag("enabled", node.has("enabled") ? node.isEnabled : true)
    flag("focusable", node.isFocusable)
    flag("focused", node.isFocused)
    flag("long-clickable", node.isLongClickable)
    flag("password", node.isPassword)
    flag("scrollable", node.isScrollable)
    flag("selected", node.isSelected)
    attribute("bounds", node[attribute: "bounds"] ?? "[0,0][0,0]")
    flag("displayed", node.isVisibleToUser ?? true)
  }

  /// The serializer's escaping of an attribute value.
  private static func escape(_ value: String, into out: inout String) {
    for scalar in value.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "\t", "\n", "\r": out += "&#\(scalar.value);"
      default:
        switch scalar.value {
        case 0x20...0xD7FF, 0xE000...0xFFFD: out.unicodeScalars.append(scalar)
        case 0x10000...0x10FFFF: out += "&#\(scalar.value);"
        default: out += "?"
        }
      }
    }
  }
}
