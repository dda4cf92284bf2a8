import Foundation
import Geometry
import Screenshots
import UIHierarchy

/// Renders a synthetic page as a uiautomator dump and a screenshot that agree pixel for pixel.
public struct ScreenRenderer: Sendable {
  /// Screen size (Mobile3M: 720×1280).
  public var width = 720
  /// Screen height.
  public var height = 1280

  /// A renderer for 720×1280 screens.
  public init() {}

  /// Where each element of a page sits (index in `page.elements` → box).
  public func layout(_ page: AppDefinition.Page) -> [Bounds] {
    var boxes: [Bounds] = []
    var top = 200
    for element in page.elements {
      let tall = element.action == .scroll ? 300 : 100
      boxes.append(
        Bounds(left: 24, top: top, right: width - 24, bottom: min(height - 8, top + tall)))
      top += tall + 16
    }
    return boxes
  }

  /// The uiautomator XML of a page; `clock` is the status-bar time (a volatile element).
  public func xml(_ page: AppDefinition.Page, app: AppDefinition, clock: String) -> String {
    var nodes = ""
    func node(
      _ index: Int, _ cls: String, _ box: Bounds, text: String = "", id: String = "",
      desc: String = "", clickable: Bool = false, scrollable: Bool = false,
      package: String = app.package, children: String? = nil
    ) -> String {
      let attributes =
        "index=\"\(index)\" text=\"\(escape(text))\" resource-id=\"\(id.isEmpty ? "" : "\(app.package):id/\(id)")\" "
        + "class=\"\(cls)\" package=\"\(package)\" content-desc=\"\(escape(desc))\" checkable=\"false\" "
        + "checked=\"false\" clickable=\"\(clickable)\" enabled=\"true\" focusable=\"\(clickable)\" "
        + "focused=\"false\" scrollable=\"\(scrollable)\" long-clickable=\"false\" password=\"false\" "
        + "selected=\"false\" bounds=\"\(box)\""
      return children.map { "<node \(attributes)>\($0)</node>" } ?? "<node \(attributes) />"
    }
    for (index, (element, box)) in zip(page.elements, layout(page)).enumerated() {
      switch element.action {
      case .scroll:
        nodes += node(
          index, "androidx.recyclerview.widget.RecyclerView", box, id: element.id ?? "list\(index)",
          desc: element.desc ?? "", scrollable: true,
          children: node(
            0, "android.widget.TextView",
            Bounds(
              left: box.left + 16, top: box.top + 16, right: box.right - 16, bottom: box.top + 76),
            text: element.text ?? ""))
      case .input:
        nodes += node(
          index, "android.widget.EditText", box, text: element.text ?? "",
          id: element.id ?? "input\(index)",
          desc: element.desc ?? "", clickable: true)
      default:
        nodes += node(
          index, "android.widget.LinearLayout", box, id: element.id ?? "", clickable: true,
          children: node(
            0,
            (element.text ?? "").isEmpty ? "android.widget.ImageView" : "android.widget.TextView",
            Bounds(
              left: box.left + 16, top: box.top + 20, right: box.right - 16, bottom: box.bottom - 20
            ),
            text: element.text ?? "", desc: element.desc ?? ""))
      }
    }
    let full = Bounds(left: 0, top: 0, right: width, bottom: height)
    let content = node(
      0, "android.widget.FrameLayout", full,
      children: node(
        0, "android.widget.TextView", Bounds(left: 24, top: 80, right: width - 24, bottom: 160),
        text: page.title, id: "title")
        + node(1, "android.widget.LinearLayout", full, children: nodes))
    let statusBar =
      (page.clock ?? false)
      ? node(
        0, "android.widget.TextView", Bounds(left: 600, top: 8, right: 700, bottom: 48),
        text: clock,
        id: "clock", package: "com.android.systemui")
      : ""
    return "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?><hierarchy rotation=\"0\">"
      + content + statusBar + "</hierarchy>"
  }

  /// The screenshot of a page: title bar, every element boxed and labelled.
  public func screenshot(_ page: AppDefinition.Page, clock: String) -> RGBAImage {
    var image = RGBAImage(width: width, height: height, fill: RGBAColor(r: 248, g: 248, b: 250))
    image.fill(
      Bounds(left: 0, top: 0, right: width, bottom: 56), with: RGBAColor(r: 30, g: 60, b: 120))
    if page.clock ?? false {
      image.draw(clock, at: Point(x: 610, y: 18), color: .white, scale: 3)
    }
    image.fill(
      Bounds(left: 0, top: 56, right: width, bottom: 180), with: RGBAColor(r: 50, g: 90, b: 170))
    image.draw(page.title, at: Point(x: 24, y: 100), color: .white, scale: 5)
    for (element, box) in zip(page.elements, layout(page)) {
      let kind = element.action
      let fill: RGBAColor = kind == .scroll ? RGBAColor(r: 225, g: 235, b: 250) : .white
      image.fill(box, with: fill)
      image.stroke(
        box, with: kind == .input ? .orange : (kind == .scroll ? .blue : .lightGray), thickness: 3
      )
      let label = element.text ?? element.desc ?? ""
      image.draw(
        label.isEmpty ? "[icon]" : label, at: Point(x: box.left + 24, y: box.top + 36), scale: 4)
    }
    return image
  }

  private func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
      .replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
  }
}
