import Geometry
import Testing
import UIHierarchy

@Suite("Mobile3M action space")
struct ActionSpaceTests {
  @Test("clicks, then scroll swipes, then inputs, with the exact strings")
  func order() throws {
    let tree = try UITree(parsing: ctripPage, source: "ctrip.xml")
    let strings = ActionSpace(tree, inputKeywords: ["北京市", "it's"]).actions.map(\.mobile3MString)
    let list =
      #"<div id="ctrip.android.view:id/list" class="androidx.recyclerview.widget.RecyclerView" clickable="false" scrollable="true" bounds="[0,130][720,1184]">  </div>"#
    _ = list
    #expect(
      strings == [
        #"click(<p id="ctrip.android.view:id/city" package="ctrip.android.view" class="android.widget.TextView" clickable="true"> 上海 </p>)"#,
        #"click(<img package="ctrip.android.view" class="android.widget.ImageView" description="定位" clickable="true">  </img>)"#,
        "scroll(([360, 920], [360, 394]))",
        "scroll(([360, 394], [360, 920]))",
        "scroll(([540, 657], [180, 657]))",
        "scroll(([180, 657], [540, 657]))",
        #"click(<input id="ctrip.android.view:id/search_box" package="ctrip.android.view" class="android.widget.EditText" clickable="true">  </input>)"#,
        #"input(<input id="ctrip.android.view:id/search_box" package="ctrip.android.view" class="android.widget.EditText" clickable="true">  </input>, '北京市')"#,
        #"input(<input id="ctrip.android.view:id/search_box" package="ctrip.android.view" class="android.widget.EditText" clickable="true">  </input>, 'it's')"#,
      ])
  }

  @Test("swipes use Python floor division; 'up' means the finger moves up")
  func swipes() {
    let box = Bounds(left: 0, top: 130, right: 720, bottom: 1184)
    let up = PageAction.swipe(in: box, direction: .up)
    #expect(up.start == Point(x: 360, y: 920) && up.end == Point(x: 360, y: 394))
    let odd = Bounds(left: -3, top: -3, right: 0, bottom: 0)
    let left = PageAction.swipe(in: odd, direction: .left)
    #expect(left.start == Point(x: -2, y: -2) && left.end == Point(x: -2, y: -2))
  }

  @Test("action strings parse back")
  func roundTrip() throws {
    let tree = try UITree(parsing: ctripPage, source: "ctrip.xml")
    for action in ActionSpace(tree, inputKeywords: ["北京市", "a'b\"c", "x', 'y"]).actions {
      let parsed = try #require(PageAction(mobile3MString: action.mobile3MString))
      #expect(parsed.kind == action.kind)
      #expect(parsed.mobile3MString == action.mobile3MString)
      if action.kind == .scroll { #expect(parsed.direction == action.direction) }
      if action.kind == .input { #expect(parsed.text == action.text) }
    }
    #expect(PageAction(mobile3MString: "swipe(1,2)") == nil)
    #expect(PageAction(mobile3MString: "scroll(([1, 2], [3]))") == nil)
  }

  @Test("a resource-id containing 'input' makes the line an input, as in the original")
  func inputSubstring() throws {
    let page = dump(
      node(
        "android.widget.TextView", "[0,0][100,50]", text: "Go", id: "p:id/input_go", pkg: "p",
        clickable: true))
    let actions = ActionSpace(try UITree(parsing: page, source: "i.xml"), inputKeywords: ["x"])
      .actions
    #expect(actions.map(\.kind) == [.click, .input])
  }

  @Test("an action string already in the list is dropped, the first kept, as the original does")
  func deduplicated() throws {
    // Two identical labelled clicks, two scrollables with one box, a flat scrollable whose up
    // and down swipes coincide, the same input twice, and a repeated keyword.
    let page = dump(
      node(
        "android.widget.FrameLayout", "[0,0][720,1280]",
        children: [
          node("android.widget.TextView", "[0,0][100,50]", text: "Go", clickable: true),
          node("android.widget.TextView", "[0,60][100,110]", text: "Go", clickable: true),
          node("android.widget.ListView", "[0,200][720,600]", scrollable: true),
          node("android.widget.ListView", "[0,200][720,600]", scrollable: true),
          node("android.widget.ListView", "[0,700][720,702]", scrollable: true),
          node("android.widget.EditText", "[0,800][720,850]", clickable: true),
          node("android.widget.EditText", "[0,900][720,950]", clickable: true),
        ]))
    let strings = ActionSpace(
      try UITree(parsing: page, source: "dup.xml"), inputKeywords: ["北京市", "北京市"]
    ).actions.map(\.mobile3MString)
    let go =
      #"<p package="ctrip.android.view" class="android.widget.TextView" clickable="true"> Go </p>"#
    let field =
      #"<input package="ctrip.android.view" class="android.widget.EditText" clickable="true">  </input>"#
    #expect(
      strings == [
        "click(\(go))",
        "scroll(([360, 500], [360, 300]))",
        "scroll(([360, 300], [360, 500]))",
        "scroll(([540, 400], [180, 400]))",
        "scroll(([180, 400], [540, 400]))",
        "scroll(([360, 701], [360, 701]))",
        "scroll(([540, 701], [180, 701]))",
        "scroll(([180, 701], [540, 701]))",
        "click(\(field))",
        "input(\(field), '北京市')",
      ])
  }

  @Test("typed text is quoted as f\", '{text}'\" and keywords are cut as the original reads them")
  func quoting() throws {
    let page = dump(
      node("android.widget.EditText", "[0,0][720,50]", text: "a'b", clickable: true))
    let strings = ActionSpace(
      try UITree(parsing: page, source: "q.xml"),
      inputKeywords: [#"it's "x"\n"#, "上海,北京", "三亚)", ""]
    ).actions.map(\.mobile3MString)
    let field =
      #"<input package="ctrip.android.view" class="android.widget.EditText" clickable="true"> a'b </input>"#
    #expect(
      strings == [
        "click(\(field))",
        #"input(\#(field), 'it's "x"\n')"#,
        "input(\(field), '上海')",
        "input(\(field), '三亚')",
        "input(\(field), '')",
      ])
    let parsed = try #require(PageAction(mobile3MString: #"input(\#(field), 'it's "x"\n')"#))
    #expect(parsed.htmlLine == field && parsed.text == #"it's "x"\n"#)
    let legacy = try #require(PageAction(mobile3MString: #"input(\#(field), "it's")"#))
    #expect(legacy.text == "it's")
  }

  @Test("a line with no description and no class is left out, as display_html_and_mapping does")
  func undescribed() throws {
    let page = dump(
      node("", "[0,0][100,50]", text: "Go", clickable: true),
      node("", "[0,60][100,110]", desc: "Back", clickable: true))
    let strings = ActionSpace(try UITree(parsing: page, source: "c.xml")).actions.map(
      \.mobile3MString)
    #expect(
      strings == [
        #"click(<div package="ctrip.android.view" description="Back" clickable="true">  </div>)"#
      ])
  }
}
