import Foundation
import Geometry
import Screenshots
import TestSupport
import Testing

@testable import TextRecognition

/// A white screen with `texts` drawn in m3m's own 5×7 font, and the box of each text.
func drawnScreen(
  _ texts: [String], width: Int = 900, scale: Int = 3, color: RGBAColor = .black,
  background: RGBAColor = .white
) -> (image: RGBAImage, boxes: [Bounds]) {
  let lineHeight = 7 * scale * 2
  var image = RGBAImage(width: width, height: lineHeight * (texts.count + 1), fill: background)
  var boxes: [Bounds] = []
  for (row, text) in texts.enumerated() {
    let origin = Point(x: 40, y: lineHeight / 2 + row * lineHeight)
    image.draw(text, at: origin, color: color, scale: scale)
    let size = RGBAImage.measure(text, scale: scale)
    boxes.append(
      Bounds(
        left: origin.x, top: origin.y, right: origin.x + size.width,
        bottom: origin.y + size.height))
  }
  return (image, boxes)
}

@Suite("Tesseract OCR on images the test draws")
struct TextRecognizerTests {
  // m3m's 5×7 font is a hard case for Tesseract (its `p` reads as `F`, `5` as `S`, and at
  // other scales `t` as `L`): these texts are ones it reads at scale 3, glyphs 21 px high.
  @Test("lines drawn in m3m's font come back with their text, boxes and confidences")
  func readsDrawnLines() throws {
    let texts = ["Settings", "Choose from Gallery", "Search"]
    let (image, boxes) = drawnScreen(texts)
    let recognized = try TextRecognizer().recognize(image, source: "drawn")
    #expect(recognized.width == image.width && recognized.height == image.height)
    for (text, box) in zip(texts, boxes) {
      let line = recognized.lines.max {
        editSimilarity($0.text, text) < editSimilarity($1.text, text)
      }
      let found = try #require(line, "no line for \(text) in \(recognized.lines.map(\.text))")
      #expect(
        editSimilarity(found.text, text) >= 0.8, "\(text) in \(recognized.lines.map(\.text))")
      #expect(found.bounds.intersectionOverUnion(box) >= 0.6, "\(found.bounds) for \(box)")
      #expect(found.confidence > 30 && found.confidence <= 100)
      #expect(!found.words.isEmpty)
      for word in found.words {
        #expect(box.intersection(word.bounds) != nil, "\(word) outside \(box)")
      }
    }
  }

  @Test("light text on a dark screen (dark mode) is read too")
  func darkMode() throws {
    let (image, _) = drawnScreen(
      ["Dark mode"], scale: 6, color: .white, background: RGBAColor(r: 20, g: 20, b: 24))
    let recognized = try TextRecognizer().recognize(image, source: "dark")
    #expect(recognized.lines.contains { editSimilarity($0.text, "Dark mode") >= 0.8 })
  }

  @Test("a blank screen has no lines")
  func blankScreen() throws {
    let recognized = try TextRecognizer().recognize(
      RGBAImage(width: 300, height: 500), source: "blank")
    #expect(recognized.lines.isEmpty)
  }

  @Test("chi_sim+eng starts and reads Latin text")
  func chineseAndEnglish() throws {
    let (image, _) = drawnScreen(["Choose from Gallery"])
    let recognizer = try TextRecognizer(RecognitionSettings(languages: .chineseAndEnglish))
    let recognized = try recognizer.recognize(image, source: "mixed")
    #expect(recognized.languages.description == "chi_sim+eng")
    #expect(
      recognized.lines.contains { editSimilarity($0.text, "Choose from Gallery") >= 0.8 },
      "\(recognized.lines.map(\.text))")
  }

  @Test("an image over the pixel limit is refused before Tesseract sees it")
  func tooLarge() throws {
    let recognizer = try TextRecognizer(RecognitionSettings(maximumPixels: 10_000))
    #expect(
      throws: TextRecognitionError(
        source: "big.png", reason: .tooLarge(width: 200, height: 100, maximumPixels: 10_000))
    ) { try recognizer.recognize(RGBAImage(width: 200, height: 100), source: "big.png") }
    let error = TextRecognitionError(
      source: "big.png", reason: .tooLarge(width: 200, height: 100, maximumPixels: 10_000))
    #expect(error.description.contains("--max-image-pixels"))
  }

  @Test("an image with no pixels is a typed error")
  func emptyImage() throws {
    #expect(
      throws: TextRecognitionError(source: "empty", reason: .unusableImage(width: 0, height: 0))
    ) { try TextRecognizer().recognize(RGBAImage(width: 0, height: 0), source: "empty") }
  }

  @Test("recognition past its time limit stops with a timeout error")
  func timeout() throws {
    let texts = (0..<40).map { "Line \($0) of a long screen full of words to read" }
    let (image, _) = drawnScreen(texts, width: 1080, scale: 3)
    let recognizer = try TextRecognizer(RecognitionSettings(timeout: 0.001))
    let started = Date()
    #expect(throws: TextRecognitionError(source: "slow", reason: .timedOut(seconds: 0.001))) {
      try recognizer.recognize(image, source: "slow")
    }
    #expect(Date().timeIntervalSince(started) < 10)
    // The recogniser is still usable afterwards.
    let (small, _) = drawnScreen(["Search"])
    let relaxed = try TextRecognizer()
    #expect(try relaxed.recognize(small, source: "after").lines.count == 1)
  }

  @Test("a missing language pack names the Debian package to install")
  func missingLanguage() throws {
    let empty = try Fixtures.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: empty) }
    let settings = RecognitionSettings(languages: .chineseAndEnglish, dataPath: empty.path)
    do {
      _ = try TextRecognizer(settings)
      Issue.record("started without trained data")
    } catch let error as TextRecognitionError {
      guard case .missingLanguage(let code, let file, let package) = error.reason else {
        Issue.record("\(error)")
        return
      }
      #expect(code == "chi_sim")
      #expect(file == empty.path + "/chi_sim.traineddata")
      #expect(package == "tesseract-ocr-chi-sim")
      #expect(error.description.contains("install the Debian package tesseract-ocr-chi-sim"))
    }
    #expect(throws: TextRecognitionError.self) { try TextRecognizerPool(settings) }
  }

  @Test("language lists parse; anything that is not a code is refused")
  func languageLists() throws {
    #expect(try RecognitionLanguages(parsing: "chi_sim+eng") == .chineseAndEnglish)
    #expect(try RecognitionLanguages(parsing: "eng").codes == ["eng"])
    for bad in ["", "eng+", "../eng", "eng chi", "eng;rm"] {
      #expect(
        throws: TextRecognitionError(source: "--lang", reason: .badLanguageList(bad)),
        "\(bad)"
      ) { try RecognitionLanguages(parsing: bad) }
    }
  }

  @Test("a pool gives each thread its own recogniser")
  func pool() throws {
    let pool = try TextRecognizerPool(RecognitionSettings())
    let (image, _) = drawnScreen(["Settings"])
    let results = LockedArray()
    DispatchQueue.concurrentPerform(iterations: 3) { _ in
      let text = try? pool.withRecognizer { try $0.recognize(image, source: "pool") }
      results.append(text?.lines.first?.text ?? "")
    }
    #expect(results.values.count == 3)
    #expect(
      results.values.allSatisfy { editSimilarity($0, "Settings") >= 0.8 }, "\(results.values)")
  }
}

final class LockedArray: @unchecked Sendable {
  private var storage: [String] = []
  private let lock = NSLock()
  func append(_ value: String) { lock.withLock { storage.append(value) } }
  var values: [String] { lock.withLock { storage } }
}
