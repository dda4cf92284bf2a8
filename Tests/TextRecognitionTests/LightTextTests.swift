import Geometry
import Screenshots
import Testing

@testable import TextRecognition

@Suite("The second OCR pass: light text on darker ground")
struct LightTextTests {
  static let green = RGBAColor(r: 88, g: 204, b: 2)

  @Test("white strokes on a coloured bar turn dark; the bar, the page and dark text turn white")
  func polarityFixed() {
    var image = RGBAImage(width: 240, height: 240)
    image.fill(Bounds(left: 0, top: 96, right: 240, bottom: 192), with: Self.green)
    image.fill(Bounds(left: 100, top: 130, right: 106, bottom: 160), with: .white)
    image.fill(Bounds(left: 100, top: 20, right: 106, bottom: 50), with: .black)
    let light = LightTextImage(image)
    func gray(_ x: Int, _ y: Int) -> UInt8 { light.pixels[y * light.width + x] }
    #expect(light.width == 240 && light.height == 240 && light.pixels.count == 240 * 240)
    #expect(gray(102, 145) < 32, "white stroke on green: \(gray(102, 145))")
    #expect(gray(30, 145) > 224, "green bar: \(gray(30, 145))")
    #expect(gray(102, 35) == 255, "black stroke on white: \(gray(102, 35))")
    #expect(gray(30, 35) == 255, "white page: \(gray(30, 35))")
  }

  @Test("white text on a coloured bar in a white screen is read by the second pass")
  func whiteOnColour() throws {
    var image = RGBAImage(width: 900, height: 400)
    image.fill(Bounds(left: 0, top: 120, right: 900, bottom: 240), with: Self.green)
    image.draw("Choose from Gallery", at: Point(x: 40, y: 170), color: .white, scale: 3)
    let read = try TextRecognizer().recognize(image, source: "bar").lines.map(\.text)
    #expect(read.contains { editSimilarity($0, "Choose from Gallery") >= 0.8 }, "\(read)")
    let firstPass = try TextRecognizer(RecognitionSettings(readsLightText: false))
      .recognize(image, source: "bar").lines.map(\.text)
    #expect(
      !firstPass.contains { editSimilarity($0, "Choose from Gallery") >= 0.8 }, "\(firstPass)")
  }

  @Test("second-pass lines join the first pass's where new or surer, never twice")
  func merging() {
    func line(_ text: String, _ left: Int, _ confidence: Double) -> RecognizedLine {
      RecognizedLine(
        text: text, bounds: Bounds(left: left, top: 0, right: left + 100, bottom: 40),
        confidence: confidence, words: [])
    }
    let first = [line("Mi Stre", 0, 50), line("Notes", 300, 90)]
    let second = [line("Mi Store", 10, 80), line("Nctes", 300, 60), line("Games", 600, 70)]
    let merged = TextRecognizer.merging(second, into: first)
    #expect(merged.map(\.text) == ["Notes", "Mi Store", "Games"])
  }
}
