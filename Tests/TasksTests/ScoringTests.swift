import Geometry
import Testing

@testable import Tasks

@Suite("Answer parsing and metrics")
struct ScoringTests {
  @Test("boxes in pixels, on the 0–1000 grid, bare points; messy answers never crash")
  func parsing() {
    let pixel = ParsedAnswer("<ref>上海</ref><box>[20,110][200,170]</box>")
    #expect(pixel.box == Bounds(left: 20, top: 110, right: 200, bottom: 170))
    #expect(pixel.ref == "上海")
    let spaced = ParsedAnswer("The box is [ 20, 110 ] [200 ,170].")
    #expect(spaced.box == Bounds(left: 20, top: 110, right: 200, bottom: 170))
    let grid = ParsedAnswer("<ref>x</ref><box>(100,500),(200,600)</box>", screen: (720, 1280))
    #expect(grid.box == Bounds(left: 72, top: 640, right: 144, bottom: 768))
    #expect(ParsedAnswer("tap at (360, 640)").point == Point(x: 360, y: 640))
    #expect(ParsedAnswer("tap at (360, 640)").target == Point(x: 360, y: 640))
    #expect(
      ParsedAnswer("[12.6,3.2][30,40]").box == Bounds(left: 13, top: 3, right: 30, bottom: 40))
    for messy in [
      "", "[", "[1,2][3", "(((", "<ref>", "click(", "[a,b][c,d]", "scroll(<box>[1,2][3,4]</box>,",
      String(repeating: "[1,", count: 1000), "input(第1个空白输入框, <box>[1,2][3,4]</box>,  '北",
    ] {
      let parsed = ParsedAnswer(messy)
      #expect(parsed.boxes.count <= 1)
    }
  }

  @Test("actions: both scroll syntaxes, input text, the action word")
  func actions() {
    let scroll = ParsedAnswer("scroll(<box>[0,500][720,1180]</box>,up)")
    #expect(scroll.action == "scroll" && scroll.direction == "up")
    #expect(ParsedAnswer("scroll(<box>[0,500][720,1180]</box>, left)").direction == "left")
    let input = ParsedAnswer("input(第1个空白输入框, <box>[0,200][720,280]</box>,  '北京市')")
    #expect(input.action == "input" && input.quotedText == "北京市")
    #expect(ParsedAnswer("I would click(<ref>OK</ref>)").action == "click")
  }

  @Test("grounding: mean IoU, IoU@0.5, point in box")
  func grounding() {
    let target = "<ref>A</ref><box>[0,0][100,100]</box>"
    #expect(
      TaskMetrics.score(.grounding, prediction: target, target: target)
        == ["mean_iou": 1, "iou@0.5": 1, "point_in_box": 1])
    let half = TaskMetrics.score(.grounding, prediction: "[0,0][100,50]", target: target)
    #expect(half["mean_iou"] == 0.5 && half["iou@0.5"] == 1 && half["point_in_box"] == 1)
    let miss = TaskMetrics.score(.grounding, prediction: "no idea", target: target)
    #expect(miss == ["mean_iou": 0, "iou@0.5": 0, "point_in_box": 0])
  }

  @Test("action space: the original's per-section line recall and ref recall; strict F1")
  func actionSpace() {
    let gold =
      "可点击控件有\nclick(<ref>A</ref><box>[0,0][1,1]</box>)\nclick(<ref>B</ref><box>[0,0][2,2]</box>)\n可输入控件有\n可滚动控件有\nscroll(<box>[0,0][9,9]</box>,up)"
    let prediction =
      "可点击控件有\nclick(<ref>A</ref><box>[0,0][1,1]</box>)\nclick(<ref>B</ref><box>[5,5][6,6]</box>)\nclick(<ref>C</ref><box>[0,0][3,3]</box>)\n可输入控件有\n可滚动控件有"
    let scores = TaskMetrics.score(.actionSpace, prediction: prediction, target: gold)
    #expect(scores["line_recall"] == 1.0 / 3)
    #expect(scores["ref_recall"] == 2.0 / 3)
    #expect(scores["precision"] == 1.0 / 3)
    #expect(scores["recall"] == 1.0 / 3)
    // A line in the wrong section does not count for the original metric.
    let moved = "可滚动控件有\nclick(<ref>A</ref><box>[0,0][1,1]</box>)"
    #expect(TaskMetrics.score(.actionSpace, prediction: moved, target: gold)["line_recall"] == 0)
  }

  @Test("element list: the original ignores texts with commas; strict counts them")
  func elementList() {
    let gold = "<ref>A</ref><box>[0,0][1,1]</box>\n<ref>B, C</ref><box>[0,0][1,1]</box>"
    let scores = TaskMetrics.score(.elementList, prediction: "<ref>A</ref>", target: gold)
    #expect(scores["ref_recall"] == 1)
    #expect(scores["recall"] == 0.5 && scores["precision"] == 1)
  }

  @Test("action prediction: label substring, same scroll direction, exact action")
  func action() {
    let click = "click(<ref>上海</ref><box>[20,110][200,170]</box>)"
    let right = TaskMetrics.score(.actionPrediction, prediction: click, target: click)
    #expect(right == ["action_ocr_acc": 1, "action_iou": 1, "type_acc": 1, "exact_acc": 1])
    let nearby = TaskMetrics.score(
      .actionPrediction, prediction: "点击上海 [30,120][190,160]", target: click)
    #expect(nearby["action_ocr_acc"] == 1 && nearby["type_acc"] == 0 && nearby["exact_acc"] == 0)
    let scroll = "scroll(<box>[0,500][720,1180]</box>,up)"
    let spaced = TaskMetrics.score(
      .actionPrediction, prediction: "scroll(<box>[0,500][720,1180]</box>, up)", target: scroll)
    #expect(spaced["action_ocr_acc"] == 1 && spaced["exact_acc"] == 1)
    let wrongWay = TaskMetrics.score(
      .actionPrediction, prediction: "scroll(<box>[0,500][720,1180]</box>,down)", target: scroll)
    #expect(wrongWay["action_ocr_acc"] == 0 && wrongWay["exact_acc"] == 0)
    let input = "input(第1个空白输入框, <box>[0,200][720,280]</box>,  '北京市')"
    let typo = TaskMetrics.score(
      .navigation, prediction: "input(第1个空白输入框, <box>[0,200][720,280]</box>,  '上海市')",
      target: input)
    #expect(typo["action_ocr_acc"] == 1 && typo["type_acc"] == 1 && typo["exact_acc"] == 0)
  }
}
