import FileIO
import Foundation
import TestSupport
import Testing

/// Foundation errors in plain words, and input files that cannot be read.
@Suite("PlainErrorText and InputFile")
struct PlainErrorTextTests {
  @Test("a Foundation write error names the path and the reason, no error domain")
  func foundationWriteError() throws {
    let folder = try Fixtures.temporaryDirectory("plain-error")
    let target = folder.appendingPathComponent("nodir/x.png")
    do {
      try Data("x".utf8).write(to: target)
      Issue.record("the write succeeded")
    } catch {
      let text = PlainErrorText.describe(error)
      #expect(!text.contains("Domain") && !text.contains("Code="), "\(text)")
      #expect(text.contains("x.png"), "\(text)")
      #expect(text.contains("no such file"), "\(text)")
    }
  }

  @Test("network errors in words: no NSURLErrorDomain")
  func networkError() throws {
    let refused = URLError(
      .cannotConnectToHost, userInfo: [NSURLErrorFailingURLErrorKey: URL(string: "http://h:1/")!])
    #expect(
      PlainErrorText.describe(refused)
        == "http://h:1/: cannot connect to the server (connection refused)")
    let bridged = NSError(domain: NSURLErrorDomain, code: URLError.timedOut.rawValue)
    #expect(PlainErrorText.describe(bridged) == "timed out")
    #expect(
      PlainErrorText.describe(NSError(domain: NSPOSIXErrorDomain, code: Int(ENOSPC)))
        == "no space left on device")
  }

  @Test("a decoding error says where and what")
  func decodingError() throws {
    struct Record: Decodable { var name: String }
    do {
      _ = try JSONDecoder().decode(Record.self, from: Data("{\"name\": 3}".utf8))
      Issue.record("decoded")
    } catch {
      #expect(PlainErrorText.describe(error) == "expected String at name")
    }
    do {
      _ = try JSONDecoder().decode(Record.self, from: Data("{}".utf8))
    } catch {
      #expect(PlainErrorText.describe(error) == "missing key 'name'")
    }
    do {
      _ = try JSONDecoder().decode(Record.self, from: Data("{".utf8))
    } catch {
      #expect(PlainErrorText.describe(error) == "not valid JSON")
    }
  }

  @Test("an input that is missing, a folder or not UTF-8 says so")
  func inputErrors() throws {
    let folder = try Fixtures.temporaryDirectory("input-file")
    let missing = folder.appendingPathComponent("missing.jsonl").path
    #expect(throws: InputError(path: missing, reason: "no such file or directory")) {
      _ = try InputFile.text(missing)
    }
    #expect(throws: InputError(path: folder.path, reason: "it is a folder")) {
      _ = try InputFile.text(folder.path)
    }
    let binary = folder.appendingPathComponent("binary")
    try Data([0xFF, 0xFE, 0x00]).write(to: binary)
    #expect(throws: InputError(path: binary.path, reason: "not UTF-8 text")) {
      _ = try InputFile.text(binary.path)
    }
    #expect(
      InputError(path: "a", reason: "it is a folder").description
        == "a: cannot read it: it is a folder")
  }
}
