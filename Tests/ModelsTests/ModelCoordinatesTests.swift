import Foundation
import Models
import Testing

@Suite("Model coordinate conventions")
struct ModelCoordinatesTests {
  static let screens = [(width: 1080, height: 2400), (width: 1179, height: 2556), (720, 1280)]

  @Test(
    "every convention and order round-trips a screen point through what the model writes",
    arguments: CoordinateConvention.allCases)
  func roundTrip(convention: CoordinateConvention) {
    for order in CoordinateOrder.allCases {
      let coordinates = ModelCoordinates(convention: convention, order: order)
      for screen in Self.screens {
        for (x, y) in [(0.0, 0.0), (540.0, 1200.0), (17.0, 2001.0), (1000.0, 100.0)] {
          let (first, second) = coordinates.written(x: x, y: y, screen: screen)
          let back = coordinates.screenPoint(first, second, screen: screen)
          #expect(abs(back.x - x) < 1e-9 && abs(back.y - y) < 1e-9, "\(convention) \(order)")
          // Written as a model would and read back through the answer rewrite: the same pixel.
          let answer = coordinates.screenAnswer("click(\(first), \(second))", screen: screen)
          let expected =
            coordinates.isIdentity
            ? "click(\(first), \(second))" : "click([\(Int(x)),\(Int(y))])"
          #expect(answer == expected, "\(convention) \(order): \(answer)")
        }
      }
    }
  }

  @Test("each convention's scale: what a model writes for the centre of a 1080×2400 screen")
  func scales() {
    let screen = (width: 1080, height: 2400)
    func written(_ convention: CoordinateConvention, _ order: CoordinateOrder = .xy) -> [Double] {
      let pair = ModelCoordinates(convention: convention, order: order)
        .written(x: 540, y: 1200, screen: screen)
      return [pair.0, pair.1]
    }
    #expect(written(.pixels) == [540, 1200])
    #expect(written(.resizedPixels) == [546, 1204])  // 1092×2408 after smart_resize
    #expect(written(.grid1000) == [500, 500])
    #expect(written(.grid999) == [499.5, 499.5])
    #expect(written(.unit) == [0.5, 0.5])
    #expect(written(.unit, .yx) == [0.5, 0.5])
    let yx = ModelCoordinates(convention: .grid1000, order: .yx).written(
      x: 108, y: 1200, screen: screen)
    #expect(yx == (500, 100))
  }

  @Test("smart_resize matches qwen-vl-utils: multiples of 28, min and max pixels")
  func smartResize() {
    var resize = SmartResize()
    #expect(resize.resized(width: 1080, height: 2400) == (1092, 2408))
    #expect(resize.resized(width: 1179, height: 2556) == (1176, 2548))
    #expect(resize.resized(width: 720, height: 1280) == (728, 1288))
    #expect(resize.resized(width: 20, height: 20) == (56, 56))
    resize.maximumPixels = 1_003_520  // a common vLLM --mm-processor-kwargs setting
    #expect(resize.resized(width: 1080, height: 2400) == (672, 1484))
    // Halves round to even, as Python's round does: 70 / 28 = 2.5 → 2, 126 / 28 = 4.5 → 4.
    #expect(SmartResize().resized(width: 70, height: 126) == (56, 112))
  }

  @Test("answers in each model's style become pixel points and boxes m3m reads")
  func answerForms() {
    let screen = (width: 1080, height: 2400)
    let grid = ModelCoordinates(convention: .grid1000)
    #expect(
      grid.screenAnswer(#"{"action": "click", "coordinate": [500, 250]}"#, screen: screen)
        == #"{"action": "click", "coordinate": [540,600]}"#)
    #expect(
      grid.screenAnswer("click(start_box='(100,100)')", screen: screen)
        == "click(start_box='[108,240]')")
    // Four numbers are a box (Qwen2.5-VL's bbox_2d, here on the grid); two pairs stay two.
    #expect(
      grid.screenAnswer(#"{"bbox_2d": [100, 100, 200, 200]}"#, screen: screen)
        == #"{"bbox_2d": [108,240][216,480]}"#)
    #expect(
      grid.screenAnswer("<box>(100,100),(200,200)</box>", screen: screen)
        == "<box>[108,240],[216,480]</box>")
    #expect(
      grid.screenAnswer("click(point='<point>500 250</point>')", screen: screen)
        == "click(point='<point>[540,600]</point>')")
    #expect(
      grid.screenAnswer("<bbox>100 100 200 200</bbox>", screen: screen)
        == "<bbox>[108,240][216,480]</bbox>")
    #expect(grid.screenAnswer("<point>1 2 3</point>", screen: screen) == "<point>1 2 3</point>")
    let showUI = ModelCoordinates(convention: .unit)
    #expect(showUI.screenAnswer("[0.25, 0.5]", screen: screen) == "[270,1200]")
    // Text that is not a position, and a position too large to convert, stay as written.
    #expect(grid.screenAnswer("type('abc') (see note)", screen: screen) == "type('abc') (see note)")
    #expect(
      grid.screenAnswer("[1e400, 5]", screen: screen) == "[1e400, 5]")
    #expect(
      grid.screenAnswer("[999999999999, 5]", screen: screen) == "[999999999999, 5]")
    // The identity setting changes nothing, not even Qwen-VL's parenthesised grid boxes.
    #expect(
      ModelCoordinates().screenAnswer("(1,2),(3,4)", screen: screen) == "(1,2),(3,4)")
  }
}
