import Foundation
import Geometry
import Screenshots
import TestSupport
import Testing

/// `m3m ocr`, and `m3m inspect --screenshot` without a dump, run as a user would.
@Suite("m3m ocr")
struct OCRCommandTests {
  /// A folder with `screen.png` (three lines in m3m's font, scale 3) and `screen.xml`, its dump
  /// (the three texts and one the screenshot does not show).
  func screen() throws -> URL {
    let folder = try Fixtures.temporaryDirectory("ocr-cli")
    var image = RGBAImage(width: 700, height: 400)
    var nodes = ""
    for (row, text) in ["Settings", "Choose from Gallery", "Search", "Not drawn"].enumerated() {
      let top = 40 + row * 80
      if row < 3 { image.draw(text, at: Point(x: 40, y: top), scale: 3) }
      nodes +=
        "<node text=\"\(text)\" class=\"android.widget.TextView\" package=\"p\" "
        + "bounds=\"[40,\(top)][\(40 + RGBAImage.measure(text, scale: 3).width),\(top + 21)]\"/>"
    }
    try Data(image.pngData()).write(to: folder.appendingPathComponent("screen.png"))
    try
      ("<hierarchy><node class=\"android.widget.FrameLayout\" package=\"p\" "
      + "bounds=\"[0,0][700,400]\">\(nodes)</node></hierarchy>")
      .write(to: folder.appendingPathComponent("screen.xml"), atomically: true, encoding: .utf8)
    return folder
  }

  @Test("lines with boxes and confidences, as text and as JSON; --annotate writes a PNG")
  func lines() throws {
    let folder = try screen()
    let png = folder.appendingPathComponent("screen.png").path
    let plain = try ProcessResult.run("m3m", ["ocr", png])
    #expect(plain.status == 0, "\(plain.stderr)")
    #expect(plain.stdout.contains("Choose from Gallery"), "\(plain.stdout)")
    #expect(plain.stderr.contains("lines") && plain.stderr.contains("(eng)"), "\(plain.stderr)")

    let out = folder.appendingPathComponent("annotated.png").path
    let json = try ProcessResult.run("m3m", ["ocr", png, "--json", "--annotate", out])
    #expect(json.status == 0, "\(json.stderr)")
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    #expect(object["width"] as? Int == 700 && object["height"] as? Int == 400)
    #expect(object["languages"] as? String == "eng")
    #expect(object["pageSegmentation"] as? String == "sparse")
    let lines = try #require(object["lines"] as? [[String: Any]])
    let gallery = try #require(lines.first { ($0["text"] as? String) == "Choose from Gallery" })
    let box = try #require(gallery["box"] as? [Int])
    #expect(box.count == 4)
    #expect(
      Bounds(left: box[0], top: box[1], right: box[2], bottom: box[3])
        .intersectionOverUnion(Bounds(left: 40, top: 120, right: 40 + 113 * 3, bottom: 141)) > 0.6)
    #expect((gallery["words"] as? [[String: Any]])?.count == 3)
    let annotated = try RGBAImage(contentsOfPNG: out)
    let original = try RGBAImage(contentsOfPNG: png)
    #expect(annotated.width == 700 && annotated.pixels != original.pixels)
  }

  @Test("--compare scores OCR against the dump's visible text")
  func compare() throws {
    let folder = try screen()
    let png = folder.appendingPathComponent("screen.png").path
    let xml = folder.appendingPathComponent("screen.xml").path
    let plain = try ProcessResult.run("m3m", ["ocr", "--compare", xml, png])
    #expect(plain.status == 0, "\(plain.stderr)")
    #expect(plain.stdout.contains("missed "), "\(plain.stdout)")
    #expect(plain.stdout.contains("recall 0.750 (3/4 nodes)"), "\(plain.stdout)")
    let json = try ProcessResult.run("m3m", ["ocr", "--compare", xml, png, "--json"])
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    #expect(object["nodes"] as? Int == 4 && object["found"] as? Int == 3)
    #expect((object["recall"] as? Double) == 0.75)
    #expect((object["precision"] as? Double) == 1)
    #expect(((object["meanIoU"] as? Double) ?? 0) > 0.6)
    #expect((object["milliseconds"] as? Double ?? 0) > 0)
    #expect((object["details"] as? [Any])?.count == 4)
  }

  @Test("a screenshot without a dump: inspect reads it from pixels")
  func inspectFromPixels() throws {
    let folder = try screen()
    let png = folder.appendingPathComponent("screen.png").path
    let html = try ProcessResult.run("m3m", ["inspect", "--screenshot", png, "--html"])
    #expect(html.status == 0, "\(html.stderr)")
    #expect(
      html.stdout.contains(
        #"<p class="m3m.OCRTextView" clickable="true"> Choose from Gallery </p>"#),
      "\(html.stdout)")
    let summary = try ProcessResult.run("m3m", ["inspect", "--screenshot", png])
    #expect(summary.stdout.contains("nodes 4"), "\(summary.stdout)")
  }

  @Test("bad input: typed errors naming the file or option, never a crash")
  func errors() throws {
    let folder = try screen()
    let png = folder.appendingPathComponent("screen.png").path
    let missing = try ProcessResult.run("m3m", ["ocr", png, "--lang", "xx_nolang"])
    #expect(missing.status == 1)
    #expect(
      missing.stderr.contains("install the Debian package tesseract-ocr-xx-nolang"),
      "\(missing.stderr)")
    let bad = try ProcessResult.run("m3m", ["ocr", png, "--lang", "eng;rm"])
    #expect(bad.status == 2 && bad.stderr.contains("not a language list"), "\(bad.stderr)")
    let huge = try ProcessResult.run("m3m", ["ocr", png, "--max-image-pixels", "1000"])
    #expect(huge.status == 1 && huge.stderr.contains("--max-image-pixels"), "\(huge.stderr)")
    let corrupt = folder.appendingPathComponent("corrupt.png")
    try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]).write(to: corrupt)
    let broken = try ProcessResult.run("m3m", ["ocr", corrupt.path])
    #expect(broken.status == 1 && broken.stderr.contains("corrupt.png"), "\(broken.stderr)")
    #expect(broken.stderr.split(separator: "\n").count == 1, "\(broken.stderr)")
    let timeout = try ProcessResult.run("m3m", ["ocr", png, "--ocr-timeout", "0"])
    #expect(timeout.status == 2 && timeout.stderr.contains("--ocr-timeout"), "\(timeout.stderr)")
  }
}
