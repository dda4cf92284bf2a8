import Foundation
import TestSupport
import Testing

/// `--model builtin --read auto|xml|ocr|xml+ocr`: which inputs the built-in model reads, on a
/// screen whose dump lacks a text its screenshot shows (a WebView, say).
@Suite("m3m --read (the built-in model's inputs)")
struct BuiltinReadOptionTests {
  /// The AitZ fixture's second screen ("Settings", "Search") and a dump with "Search" only.
  func screen() throws -> (xml: String, png: String) {
    let folder = try AitZFixture.write()
    let xml = folder.appendingPathComponent("screen.xml")
    try
      ("<hierarchy rotation=\"0\"><node class=\"android.widget.FrameLayout\" package=\"p\" "
      + "bounds=\"[0,0][700,400]\"><node text=\"Search\" class=\"android.widget.TextView\" "
      + "package=\"p\" clickable=\"true\" bounds=\"[40,120][166,141]\"/></node></hierarchy>")
      .write(to: xml, atomically: true, encoding: .utf8)
    return (xml.path, folder.appendingPathComponent("GENERAL-1_1.png").path)
  }

  func act(_ read: String?, xml: String?, png: String) throws -> ProcessResult {
    var arguments = [
      "agent", "act", "--screenshot", png, "--goal", "Open Settings", "--lang", "en",
    ]
    if let xml { arguments += ["--xml", xml] }
    if let read { arguments += ["--model", "builtin", "--read", read] }
    return try ProcessResult.run("m3m", arguments)
  }

  @Test("each choice reads what it names, and the model's name says so")
  func choices() throws {
    let (xml, png) = try screen()
    for read in [nil, "auto", "xml"] {
      let result = try act(read, xml: xml, png: png)
      #expect(result.status == 0, "\(read ?? "default"): \(result.stderr)")
      #expect(result.stdout.contains("builtin(xml)"), "\(read ?? "default"): \(result.stdout)")
      #expect(result.stdout.contains("on \"Search\""), "\(read ?? "default"): \(result.stdout)")
    }
    for read in ["ocr", "xml+ocr"] {
      let result = try act(read, xml: xml, png: png)
      #expect(result.status == 0, "\(read): \(result.stderr)")
      #expect(result.stdout.contains("builtin(\(read))"), "\(read): \(result.stdout)")
      #expect(result.stdout.contains("on \"Settings\""), "\(read): \(result.stdout)")
    }
    // A screenshot alone: auto reads it by OCR; xml refuses, saying why.
    let auto = try act("auto", xml: nil, png: png)
    #expect(auto.status == 0 && auto.stdout.contains("builtin(ocr)"), "\(auto.stdout)")
    let dumpOnly = try act("xml", xml: nil, png: png)
    #expect(dumpOnly.status != 0, "\(dumpOnly.stdout)")
    #expect(dumpOnly.stderr.contains("reads only dumps"), "\(dumpOnly.stderr)")
  }

  @Test("an unknown choice, or --read with another model, is a usage error")
  func usage() throws {
    let (xml, png) = try screen()
    let unknown = try act("pixels", xml: xml, png: png)
    #expect(unknown.status == 2, "\(unknown.stderr)")
    #expect(unknown.stderr.contains("auto, xml, ocr, xml+ocr"), "\(unknown.stderr)")
    let openai = try ProcessResult.run(
      "m3m",
      [
        "agent", "act", "--xml", xml, "--goal", "Open Settings", "--model", "openai",
        "--model-name", "m", "--read", "ocr",
      ])
    #expect(openai.status == 2 && openai.stderr.contains("--read"), "\(openai.stderr)")
    #expect(try ProcessResult.run("m3m", ["agent", "run", "--help"]).stdout.contains("--read"))
  }
}
