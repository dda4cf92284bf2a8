import Foundation
import TestSupport
import Testing

@Suite("m3m command line")
struct CommandLineTests {
  let example = "Examples/screens/settings.xml"

  @Test("--help on the tool and on every command")
  func help() throws {
    let top = try ProcessResult.run("m3m", ["--help"])
    #expect(top.status == 0)
    #expect(top.stdout.contains("inspect"))
    let inspect = try ProcessResult.run("m3m", ["inspect", "--help"])
    #expect(inspect.status == 0)
    #expect(inspect.stdout.contains("USAGE: m3m inspect"))
    #expect(inspect.stdout.contains("--annotate"))
  }

  @Test("serve without --db is a usage error (exit 2) naming the option")
  func serveNeedsGraph() throws {
    let result = try ProcessResult.run("m3m", ["serve"])
    #expect(result.status == 2)
    #expect(result.stderr.contains("missing required option '--db'"))
  }

  @Test("wrong arguments exit 2 with a pointer to --help")
  func usage() throws {
    let unknown = try ProcessResult.run("m3m", ["inspect", example, "--frobnicate"])
    #expect(unknown.status == 2)
    #expect(unknown.stderr.contains("unknown option '--frobnicate'"))
    let none = try ProcessResult.run("m3m", ["inspect"])
    #expect(none.status == 2)
    let both = try ProcessResult.run("m3m", ["inspect", example, "--html", "--json"])
    #expect(both.status == 2)
    let command = try ProcessResult.run("m3m", ["frobnicate"])
    #expect(command.status == 2)
    let negative = try ProcessResult.run(
      "m3m", ["crawl", "--device", "sim:graphs/notes.json", "--db", "/dev/null", "--budget", "0"])
    #expect(negative.status == 2)
    #expect(negative.stderr.contains("'--budget' must be at least 1, got '0'"))
    let word = try ProcessResult.run("m3m", ["search", "x", "--db", "/dev/null", "--limit", "ten"])
    #expect(word.status == 2 && word.stderr.contains("'--limit' expects a number, got 'ten'"))
  }
}
