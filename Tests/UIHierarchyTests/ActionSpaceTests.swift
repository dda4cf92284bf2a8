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
        #"input(<input id="ctrip.android.view:id/search_box" package="ctrip.android.view" class="android.widget.EditText" clickable="true">  </input>, "it's")"#,
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
    for action in ActionSpace(tree, inputKeywords: ["北京市", "a'b\"c"]).actions {
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
}
