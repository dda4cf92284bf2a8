import Foundation
import Geometry
import Screenshots
import TestSupport
import Testing

/// Tesseract (and what its pkg-config links: libarchive, libcurl) is opened only when OCR runs,
/// so every other command starts without loading it.
@Suite("m3m loads Tesseract only for OCR")
struct LibraryLoadingTests {
  /// Runs m3m with the dynamic loader naming every library it loads (on stderr).
  func run(_ arguments: [String]) throws -> ProcessResult {
    var environment = ProcessInfo.processInfo.environment
    environment["LD_DEBUG"] = "files"
    return try ProcessResult.run("m3m", arguments, environment: environment)
  }

  @Test("an XML ingest does not load libtesseract; m3m ocr loads it and reads the screen")
  func tesseractOnDemand() throws {
    let folder = try Fixtures.temporaryDirectory("library-loading")
    defer { try? FileManager.default.removeItem(at: folder) }
    try
      ("<hierarchy rotation=\"0\"><node text=\"Settings\" class=\"android.widget.TextView\" "
      + "package=\"com.example\" bounds=\"[0,0][100,40]\"/></hierarchy>")
      .write(to: folder.appendingPathComponent("0.xml"), atomically: true, encoding: .utf8)
    try #"{"id": "0", "app": "com.example", "xml": "0.xml"}"#.write(
      to: folder.appendingPathComponent("steps.jsonl"), atomically: true, encoding: .utf8)
    var image = RGBAImage(width: 400, height: 120)
    image.draw("Settings", at: Point(x: 40, y: 40), scale: 3)
    let png = folder.appendingPathComponent("screen.png")
    try Data(image.pngData()).write(to: png)

    let ingest = try run(
      ["ingest", folder.path, "--db", folder.appendingPathComponent("graph.sqlite").path])
    #expect(ingest.status == 0, "\(ingest.stderr.suffix(2000))")
    // The loader's report is there (SQLite is loaded), and names no Tesseract.
    #expect(ingest.stderr.contains("libsqlite3"))
    #expect(!ingest.stderr.contains("libtesseract"))
    #expect(!ingest.stderr.contains("liblept"))

    let ocr = try run(["ocr", png.path])
    #expect(ocr.status == 0, "\(ocr.stderr.suffix(2000))")
    #expect(ocr.stderr.contains("libtesseract"))
    #expect(ocr.stdout.contains("Settings"), "\(ocr.stdout)")
  }
}
