import Testing
import UIHierarchy

/// A node line in uiautomator's attribute order.
func node(
  _ cls: String, _ bounds: String, text: String = "", id: String = "", desc: String = "",
  pkg: String = "ctrip.android.view", clickable: Bool = false, scrollable: Bool = false,
  children: [String] = []
) -> String {
  let attributes =
    "index=\"0\" text=\"\(text)\" resource-id=\"\(id)\" class=\"\(cls)\" package=\"\(pkg)\" "
    + "content-desc=\"\(desc)\" checkable=\"false\" checked=\"false\" clickable=\"\(clickable)\" "
    + "enabled=\"true\" focusable=\"false\" focused=\"false\" scrollable=\"\(scrollable)\" "
    + "long-clickable=\"false\" password=\"false\" selected=\"false\" bounds=\"\(bounds)\""
  if children.isEmpty { return "<node \(attributes) />" }
  return "<node \(attributes)>" + children.joined() + "</node>"
}

func dump(_ nodes: String...) -> [UInt8] {
  Array(
    ("<?xml version='1.0' encoding='UTF-8' standalone='yes' ?><hierarchy rotation=\"0\">"
      + nodes.joined() + "</hierarchy>").utf8)
}

/// The ctrip-like page the reference examples come from.
let ctripPage = dump(
  node(
    "android.widget.FrameLayout", "[0,0][720,1280]",
    children: [
      node(
        "androidx.recyclerview.widget.RecyclerView", "[0,130][720,1184]",
        id: "ctrip.android.view:id/list", scrollable: true,
        children: [
          node(
            "android.widget.LinearLayout", "[0,130][360,200]", clickable: true,
            children: [
              node(
                "android.widget.TextView", "[10,140][100,190]", text: "上海",
                id: "ctrip.android.view:id/city")
            ]),
          node(
            "android.widget.ImageView", "[600,140][650,190]", desc: "定位", clickable: true),
          node(
            "android.widget.EditText", "[20,200][700,260]", id: "ctrip.android.view:id/search_box",
            clickable: true),
          node("android.view.View", "[0,300][720,400]"),
        ])
    ]))

@Suite("Mobile3M compact HTML")
struct CompactHTMLTests {
  @Test("reproduces the original's lines byte for byte")
  func datasetVariant() throws {
    let tree = try UITree(parsing: ctripPage, source: "ctrip.xml")
    let html = CompactHTML(tree)
    #expect(
      html.lines == [
        #"<div id="ctrip.android.view:id/list" class="androidx.recyclerview.widget.RecyclerView" clickable="false" scrollable="true" bounds="[0,130][720,1184]">  </div>"#,
        #"<p id="ctrip.android.view:id/city" package="ctrip.android.view" class="android.widget.TextView" clickable="true"> 上海 </p>"#,
        #"<img package="ctrip.android.view" class="android.widget.ImageView" description="定位" clickable="true">  </img>"#,
        #"<input id="ctrip.android.view:id/search_box" package="ctrip.android.view" class="android.widget.EditText" clickable="true">  </input>"#,
      ])
    #expect(
      html.nodeIndices.map { tree.nodes[$0].className.split(separator: ".").last! } == [
        "RecyclerView", "TextView", "ImageView", "EditText",
      ])
  }

  @Test("the bounded variant prints bounds on every leaf")
  func boundedVariant() throws {
    let tree = try UITree(parsing: ctripPage, source: "ctrip.xml")
    let html = CompactHTML(tree, leafBounds: true)
    #expect(
      html.lines[1]
        == #"<p id="ctrip.android.view:id/city" package="ctrip.android.view" class="android.widget.TextView" clickable="true" bounds="[10,140][100,190]"> 上海 </p>"#
    )
    #expect(html.lines[0] == CompactHTML(tree).lines[0])
  }

  @Test("container description: intended spelling by default, the original typo on request")
  func containerTypo() throws {
    let page = dump(
      node(
        "android.widget.ScrollView", "[0,0][720,1000]", desc: "Feed&#10;list", scrollable: true,
        children: [node("android.view.View", "[0,0][10,10]")]))
    let tree = try UITree(parsing: page, source: "feed.xml")
    #expect(
      CompactHTML(tree).lines == [
        #"<div class="android.widget.ScrollView" description="Feedlist" clickable="false" scrollable="true" bounds="[0,0][720,1000]">  </div>"#
      ])
    #expect(
      CompactHTML(tree, originalTypo: true).lines == [
        #"<div class="android.widget.ScrollView" descript  ion="Feedlist" clickable="false" scrollable="true" bounds="[0,0][720,1000]">  </div>"#
      ])
  }

  @Test(
    "tags by substring of the class, in the original's order",
    arguments: [
      ("android.widget.ImageView", "img"), ("com.x.IconView", "img"),
      ("android.widget.ImageButton", "button"), ("android.widget.Button", "button"),
      ("com.x.ImageSwitcher", "img"), ("androidx.MenuItemView", "button"),
      ("android.widget.EditText", "input"), ("android.widget.TextView", "p"),
      ("android.widget.CheckedTextView", "p"), ("android.view.View", "div"),
      // Several words in one name: the first test in the original's order wins.
      ("com.x.ButtonImageView", "img"), ("com.x.TextViewIconView", "img"),
      ("com.x.ImageTextViewButton", "button"), ("com.x.EditTextImage", "img"),
      ("com.x.TextViewMenuItemView", "button"), ("com.x.TextViewEditText", "input"),
      ("com.x.IImage", "img"), ("com.x.ImageVie", "img"), ("com.x.Icon", "div"),
      ("com.x.IconVie", "div"), ("com.x.Butto", "div"), ("com.x.EditTex", "div"),
      ("TextView", "p"), ("", "div"), ("com.x.textview", "div"),
    ])
  func tags(type: String, tag: String) {
    #expect(CompactHTML.tag(forClass: type) == tag)
  }

  @Test("visibility: buttons and edit texts without text are emitted, empty views are not")
  func visibility() throws {
    let page = dump(
      node(
        "android.widget.LinearLayout", "[0,0][100,100]",
        children: [
          node("android.widget.Button", "[0,0][10,10]", pkg: "p"),
          node("android.view.View", "[0,10][10,20]", pkg: "p"),
          node("android.widget.TextView", "[0,20][10,30]", text: "a&#10;b", pkg: "p"),
        ]))
    let tree = try UITree(parsing: page, source: "v.xml")
    #expect(
      CompactHTML(tree).lines == [
        #"<button package="p" class="android.widget.Button" clickable="false">  </button>"#,
        #"<p package="p" class="android.widget.TextView" clickable="false"> ab </p>"#,
      ])
  }

  @Test("visibility by class ignores case, as the original's lower() does, beyond ASCII too")
  func visibilityIgnoresCase() throws {
    let page = dump(
      node(
        "android.widget.LinearLayout", "[0,0][100,100]",
        children: [
          node("com.example.BigBUTTON", "[0,0][10,10]", pkg: "p"),
          node("com.example.editTextField", "[0,10][10,20]", pkg: "p"),
          node("com.example.Butto", "[0,20][10,30]", pkg: "p"),
          node("com.exémple.BUTTON", "[0,30][10,40]", pkg: "p"),
          node("com.example.ＢＵＴＴＯＮ", "[0,40][10,50]", pkg: "p"),
        ]))
    let tree = try UITree(parsing: page, source: "v.xml")
    #expect(
      CompactHTML(tree).lines == [
        #"<div package="p" class="com.example.BigBUTTON" clickable="false">  </div>"#,
        #"<div package="p" class="com.example.editTextField" clickable="false">  </div>"#,
        #"<div package="p" class="com.exémple.BUTTON" clickable="false">  </div>"#,
      ])
  }

  @Test("scrollable leaves carry scrollable and bounds")
  func scrollableLeaf() throws {
    let page = dump(
      node("android.widget.TextView", "[0,0][100,50]", text: "Ticker", pkg: "p", scrollable: true))
    let tree = try UITree(parsing: page, source: "s.xml")
    #expect(
      CompactHTML(tree).lines == [
        #"<p package="p" class="android.widget.TextView" clickable="false" scrollable="true" bounds="[0,0][100,50]"> Ticker </p>"#
      ])
  }

  @Test("the line-set hash ignores order and repetition and sees any change")
  func lineSetHash() throws {
    let a = try UITree(
      parsing: dump(
        node("android.widget.TextView", "[0,0][1,1]", text: "A", pkg: "p"),
        node("android.widget.TextView", "[0,0][1,1]", text: "B", pkg: "p")), source: "a")
    let b = try UITree(
      parsing: dump(
        node("android.widget.TextView", "[0,0][1,1]", text: "B", pkg: "p"),
        node("android.widget.TextView", "[0,0][1,1]", text: "A", pkg: "p"),
        node("android.widget.TextView", "[0,0][1,1]", text: "A", pkg: "p")), source: "b")
    let c = try UITree(
      parsing: dump(node("android.widget.TextView", "[0,0][1,1]", text: "C", pkg: "p")),
      source: "c")
    #expect(CompactHTML(a).lineSetHash == CompactHTML(b).lineSetHash)
    #expect(CompactHTML(a).lineSetHash != CompactHTML(c).lineSetHash)
  }

  @Test("lines longer than the render buffer, quotes and newlines in values, inherited clicks")
  func hardLines() throws {
    let longClass = String(repeating: "android.widget.ImageView.", count: 40)
    let longText = String(repeating: "长", count: 300)
    let page = dump(
      node(
        "android.widget.ScrollView", "[0,0][720,1000]", desc: "a&#10;b&#10;", clickable: true,
        scrollable: true,
        children: [
          node("android.widget.TextView", "[0,0][10,10]", text: "x&#10;y", pkg: "p"),
          node("com.exémple.ＢＵＴＴＯＮ", "[0,10][10,20]", pkg: "p"),
          node("android.widget.Button", "[0,20][10,30]", id: "&quot;q&quot;", pkg: "p"),
          node(longClass, "[0,30][10,40]", text: longText, pkg: "p", scrollable: true),
        ]))
    let tree = try UITree(parsing: page, source: "p")
    let expected = [
      #"<div class="android.widget.ScrollView" description="ab" clickable="true" scrollable="true" bounds="[0,0][720,1000]">  </div>"#,
      #"<p package="p" class="android.widget.TextView" clickable="true"> xy </p>"#,
      #"<button id=""q"" package="p" class="android.widget.Button" clickable="true">  </button>"#,
      #"<img package="p" class="\#(longClass)" clickable="true" scrollable="true" bounds="[0,30][10,40]"> \#(longText) </img>"#,
    ]
    #expect(CompactHTML(tree).lines == expected)
    // The bytes handed out are the lines', for every variant.
    for (leafBounds, typo) in [(false, false), (true, false), (false, true)] {
      let html = CompactHTML(tree, leafBounds: leafBounds, originalTypo: typo)
      var lines: [String] = []
      var nodes: [Int] = []
      CompactHTML.forEachLine(of: tree, leafBounds: leafBounds, originalTypo: typo) {
        lines.append(String(decoding: $1, as: UTF8.self))
        nodes.append($0)
      }
      #expect(lines == html.lines && nodes == html.nodeIndices)
      #expect(
        nodes.map { tree.nodes[$0].className } == [
          "android.widget.ScrollView", "android.widget.TextView", "android.widget.Button",
          longClass,
        ])
    }
    #expect(
      CompactHTML(tree, leafBounds: true).lines[1]
        == #"<p package="p" class="android.widget.TextView" clickable="true" bounds="[0,0][10,10]"> xy </p>"#
    )
    #expect(CompactHTML(tree, originalTypo: true).lines[0].contains(#"descript  ion="ab""#))
  }
}
