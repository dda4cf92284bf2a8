import Geometry
import Testing
import UIHierarchy

@testable import Tasks

@Suite("Task targets, byte for byte with the original")
struct TargetTests {
  @Test("element list: text nodes in document order; a node's text runs into its children's")
  func elementList() throws {
    #expect(
      ElementListTarget.text(for: try TaskFixtures.tree) == """
        <ref>上海</ref><box>[20,110][200,170]</box>
        <ref>北京</ref><box>[0,300][720,380]</box>
        <ref>酒店</ref><box>[0,500][720,600]</box>
        <ref>机票</ref><box>[0,600][720,700]</box>
        <ref>标题</ref><box>[0,20][720,90]</box><ref>副标题</ref><box>[0,40][720,80]</box>
        """)
  }

  @Test("action space: headers, click labels from text or description, input labels, scrolls")
  func actionSpace() throws {
    let target = ActionSpaceTarget(tree: try TaskFixtures.tree)
    #expect(
      target.text == """
        可点击控件有
        click(<ref>上海</ref><box>[20,110][200,170]</box>)
        click(<ref>定位</ref><box>[600,110][700,170]</box>)
        click(<ref>机票</ref><box>[0,600][720,700]</box>)
        可输入控件有
        input(第1个空白输入框, <box>[0,200][720,280]</box>)
        input(带有文本<ref>北京 </ref>的输入框, <box>[0,300][720,380]</box>)
        可滚动控件有
        scroll(<box>[0,500][720,1180]</box>,up)
        scroll(<box>[0,500][720,1180]</box>,down)
        scroll(<box>[0,500][720,1180]</box>,left)
        scroll(<box>[0,500][720,1180]</box>,right)
        """)
    let english = ActionSpaceTarget(tree: try TaskFixtures.tree, vocabulary: .english)
    #expect(english.text?.hasPrefix("Clickable controls\nclick(<ref>上海</ref>") == true)
    #expect(english.text?.contains("input(input box with text <ref>北京 </ref>, <box>") == true)
  }

  @Test("action space: empty sections keep their header; no click and no input is no target")
  func emptySections() throws {
    let onlyClick = ActionSpaceTarget(
      lines: ["<p class=\"x\" clickable=\"true\"> A </p>"],
      boundedLines: ["<p class=\"x\" clickable=\"true\" bounds=\"[0,0][10,10]\"> A </p>"])
    #expect(
      onlyClick.text == "可点击控件有\nclick(<ref>A</ref><box>[0,0][10,10]</box>)\n可输入控件有\n\n可滚动控件有\n")
    let none = ActionSpaceTarget(
      lines: ["<div class=\"x\" scrollable=\"true\" bounds=\"[0,0][10,10]\">  </div>"],
      boundedLines: ["<div class=\"x\" scrollable=\"true\" bounds=\"[0,0][10,10]\">  </div>"])
    #expect(none.text == nil)
    #expect(none.scrolls.count == 4)
  }

  @Test("action space target keeps repeated entries, as box_actions_generate does (no dedup)")
  func repeatedEntries() throws {
    let click = "<p class=\"x\" clickable=\"true\"> A </p>"
    let list = "<div class=\"x\" scrollable=\"true\" bounds=\"[0,0][10,10]\">  </div>"
    let target = ActionSpaceTarget(
      lines: [click, click, list, list],
      boundedLines: [
        "<p class=\"x\" clickable=\"true\" bounds=\"[0,0][10,10]\"> A </p>",
        "<p class=\"x\" clickable=\"true\" bounds=\"[0,0][10,10]\"> A </p>", list, list,
      ])
    let scrolls = ["up", "down", "left", "right"].map { "scroll(<box>[0,0][10,10]</box>,\($0))" }
    #expect(
      target.text
        == (["可点击控件有"] + Array(repeating: "click(<ref>A</ref><box>[0,0][10,10]</box>)", count: 2)
        + ["可输入控件有", "", "可滚动控件有"] + scrolls + scrolls).joined(separator: "\n"))
  }

  @Test("a typed text holding a quote is written between single quotes as it is")
  func quotedInput() throws {
    let tree = try TaskFixtures.tree
    let lines = CompactHTML(tree).lines
    let to = try #require(lines.first { $0.contains("北京") })
    #expect(
      ActionSpaceTarget(tree: tree).target(
        for: PageAction(kind: .input, htmlLine: to, text: "it's"), lines: lines)
        == "input(带有文本<ref>北京 </ref>的输入框, <box>[0,300][720,380]</box>,  'it's')")
  }

  @Test("recorded actions re-written in the page's action vocabulary")
  func actionPredictionTargets() throws {
    let tree = try TaskFixtures.tree
    let lines = CompactHTML(tree).lines
    let space = ActionSpaceTarget(tree: tree)
    let city = try #require(lines.first { $0.contains("上海") })
    let to = try #require(lines.first { $0.contains("北京") })
    let search = try #require(lines.first { $0.contains("search_box") })
    #expect(
      space.target(for: PageAction(kind: .click, htmlLine: city), lines: lines)
        == "click(<ref>上海</ref><box>[20,110][200,170]</box>)")
    #expect(
      space.target(for: PageAction(kind: .input, htmlLine: to, text: "上海市"), lines: lines)
        == "input(带有文本<ref>北京 </ref>的输入框, <box>[0,300][720,380]</box>,  '上海市')")
    let scroll = try #require(PageAction(mobile3MString: "scroll(([360, 1010], [360, 670]))"))
    #expect(space.target(for: scroll, lines: lines) == "scroll(<box>[0,500][720,1180]</box>,up)")
    let left = try #require(PageAction(mobile3MString: "scroll(([540, 840], [180, 840]))"))
    #expect(space.target(for: left, lines: lines) == "scroll(<box>[0,500][720,1180]</box>,left)")
    // A click on an input field has no click entry; neither has an unknown line or swipe.
    #expect(space.target(for: PageAction(kind: .click, htmlLine: search), lines: lines) == nil)
    #expect(
      space.target(for: PageAction(kind: .click, htmlLine: "<p> gone </p>"), lines: lines) == nil)
    let odd = try #require(PageAction(mobile3MString: "scroll(([1, 2], [3, 4]))"))
    #expect(space.target(for: odd, lines: lines) == nil)
  }

  @Test("grounding: every draw is a labelled element with its box; the same seed, the same draws")
  func grounding() throws {
    let tree = try TaskFixtures.tree
    let grounding = GroundingTarget(
      lines: CompactHTML(tree).lines, boundedLines: CompactHTML(tree, leafBounds: true).lines)
    let expected = [
      "上海": "[20,110][200,170]", "定位": "[600,110][700,170]",
      "带有文本北京 的输入框": "[0,300][720,380]", "酒店": "[0,500][720,600]",
      "机票": "[0,600][720,700]", "副标题": "[0,40][720,80]",
    ]
    var seen: Set<String> = []
    var random = SeededGenerator(seed: 1)
    for _ in 0..<300 {
      guard let (text, target) = grounding.draw(using: &random) else { continue }
      let box = try #require(expected[text], "unexpected grounding text \(text)")
      #expect(target == "<ref>\(text)</ref><box>\(box)</box>")
      seen.insert(text)
    }
    #expect(seen == Set(expected.keys))
    var first = SeededGenerator(seed: 9)
    var second = SeededGenerator(seed: 9)
    let a = (0..<20).map { _ in grounding.draw(using: &first)?.text }
    let b = (0..<20).map { _ in grounding.draw(using: &second)?.text }
    #expect(a == b)
  }

  @Test("HTML line reading follows the original's regular expressions")
  func htmlLine() {
    #expect(HTMLLine.innerText("<p a=\"b\"> 上海 </p>") == "上海 ")
    #expect(HTMLLine.innerText("<input a=\"b\">  </input>") == " ")
    #expect(HTMLLine.innerText("<p></p>") == nil)
    #expect(HTMLLine.innerText("<p>x>y</p>") == "y")
    #expect(HTMLLine.description("<img description=\"定位\" clickable=\"true\">") == "定位")
    #expect(HTMLLine.description("<div descript  ion=\"x\">") == nil)
    #expect(HTMLLine.bounds("<div bounds=\"[-1,0][5,5]\" bounds=\"[1,2][3,4]\">") == "[1,2][3,4]")
    #expect(HTMLLine.bounds("<div bounds=\"[1,2][3,4\">") == nil)
    #expect(HTMLLine.stripped("  a b \n") == "a b")
  }
}
