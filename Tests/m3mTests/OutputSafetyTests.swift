import Foundation
import TestSupport
import Testing

/// Outputs never crash the process and never destroy data: write errors (a full device, a
/// file-size limit, a closed pipe) exit 1 with one line naming the file and the reason; an
/// output that is an input, a symbolic link or not a regular file is refused before anything
/// is written; a failed command leaves an existing output file's bytes as they were.
@Suite("m3m outputs: write errors and refused paths")
struct OutputSafetyTests {
  /// A child `m3m` run: how it ended and what it said.
  struct Child {
    var status: Int32
    /// True when a signal ended it (a crash, SIGPIPE, SIGXFSZ).
    var signaled: Bool
    var stdout: String
    var stderr: String
  }

  /// Runs `script` with bash, `$M3M` the built binary. Scripts `exec` m3m, so a signal that
  /// kills it is seen here, not hidden behind bash's status.
  static func shell(_ script: String, standardOutput: Pipe? = nil) throws -> Child {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = ["-c", script]
    var environment = Fixtures.childEnvironment()
    environment["M3M"] = Fixtures.productsDirectory.appendingPathComponent("m3m").path
    process.environment = environment
    process.currentDirectoryURL = Fixtures.repositoryRoot
    let out = standardOutput ?? Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData =
      standardOutput == nil ? out.fileHandleForReading.readDataToEndOfFile() : Data()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Child(
      status: process.terminationStatus, signaled: process.terminationReason == .uncaughtSignal,
      stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }

  /// A shell word.
  static func quoted(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }

  /// A copy of the sample graph in a fresh folder.
  static func graphCopy(in folder: URL) throws -> String {
    let copy = folder.appendingPathComponent("g.sqlite").path
    try FileManager.default.copyItem(atPath: try QueryCommandTests.graph.get(), toPath: copy)
    return copy
  }

  /// A failure that ended with exit status 1 and one message line, not a signal.
  static func expectCleanFailure(
    _ child: Child, saying text: String, sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(!child.signaled, "killed by signal \(child.status)", sourceLocation: sourceLocation)
    #expect(child.status == 1, "\(child.stderr)", sourceLocation: sourceLocation)
    #expect(child.stderr.contains(text), "\(child.stderr)", sourceLocation: sourceLocation)
    #expect(
      !child.stderr.contains("Domain") && !child.stderr.contains("Fatal error"),
      "\(child.stderr)", sourceLocation: sourceLocation)
  }

  /// The folder's entries (temporary files start with a dot), without the graph's WAL files.
  func entries(_ folder: URL) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().filter {
      !$0.hasPrefix("g.sqlite-")
    }
  }

  @Test("export, --json and plain lines to a full device exit 1 and say so (no SIGILL)")
  func fullDevice() throws {
    let db = Self.quoted(try QueryCommandTests.graph.get())
    for script in [
      "exec \"$M3M\" export --db \(db) --format graphml > /dev/full",
      "exec \"$M3M\" export --db \(db) --format dot --out - > /dev/full",
      "exec \"$M3M\" stats --db \(db) --json > /dev/full",
      "exec \"$M3M\" stats --db \(db) > /dev/full",
    ] {
      let child = try Self.shell(script)
      Self.expectCleanFailure(
        child, saying: "cannot write standard output: no space left on device")
      #expect(child.stderr.split(separator: "\n").count == 1, "\(child.stderr)")
    }
  }

  @Test("a closed standard output or a pipe with no reader exits 1 (no SIGPIPE)")
  func closedStandardOutput() throws {
    let db = Self.quoted(try QueryCommandTests.graph.get())
    let closed = try Self.shell("exec \"$M3M\" export --db \(db) --format dot >&-")
    Self.expectCleanFailure(closed, saying: "cannot write standard output: bad file descriptor")
    let pipe = Pipe()
    try pipe.fileHandleForReading.close()
    let broken = try Self.shell(
      "exec \"$M3M\" stats --db \(db) --json", standardOutput: pipe)
    Self.expectCleanFailure(broken, saying: "cannot write standard output: broken pipe")
  }

  // 64 KiB: room for the graph's 32 KiB WAL index, not for its 69 KB GraphML export.
  @Test("a file-size limit: export --out fails with 'file too large', the old file kept")
  func fileSizeLimit() throws {
    let folder = try Fixtures.temporaryDirectory("fsize")
    let out = folder.appendingPathComponent("keep.graphml")
    try Data("KEEP".utf8).write(to: out)
    let db = Self.quoted(try QueryCommandTests.graph.get())
    let child = try Self.shell(
      "ulimit -f 64; exec \"$M3M\" export --db \(db) --format graphml --out \(Self.quoted(out.path))"
    )
    Self.expectCleanFailure(child, saying: "cannot write \(out.path): file too large")
    #expect(try Data(contentsOf: out) == Data("KEEP".utf8))
    #expect(try entries(folder) == ["keep.graphml"])
    // Without the limit the same export replaces the file.
    let full = try Self.shell(
      "exec \"$M3M\" export --db \(db) --format graphml --out \(Self.quoted(out.path))")
    #expect(full.status == 0, "\(full.stderr)")
    #expect(try Data(contentsOf: out).count > 65536)
  }

  @Test("corpus build under a file-size limit leaves no partial file and the old corpus")
  func corpusFileSizeLimit() throws {
    let folder = try Fixtures.temporaryDirectory("corpus-fsize")
    let db = try Self.graphCopy(in: folder)
    let corpus = folder.appendingPathComponent("corpus")
    try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
    try Data("OLD".utf8).write(to: corpus.appendingPathComponent("train.json"))
    let child = try Self.shell(
      "ulimit -f 64; exec \"$M3M\" corpus build --db \(Self.quoted(db)) --images none --out "
        + Self.quoted(corpus.path))
    Self.expectCleanFailure(child, saying: "file too large")
    #expect(try Data(contentsOf: corpus.appendingPathComponent("train.json")) == Data("OLD".utf8))
    #expect(try entries(corpus) == ["images", "train.json"])
  }

  // 6 KiB: room for a page's 4 KB dump, not for its 7.5 KB screenshot.
  @Test("synth under a file-size limit: every file it leaves is complete, no temporary file")
  func synthFileSizeLimit() throws {
    let limited = try Fixtures.temporaryDirectory("synth-fsize")
    let full = try Fixtures.temporaryDirectory("synth-full")
    let child = try Self.shell(
      "ulimit -f 6; exec \"$M3M\" synth graphs/notes.json --out " + Self.quoted(limited.path))
    Self.expectCleanFailure(child, saying: "file too large")
    let complete = try Self.shell(
      "exec \"$M3M\" synth graphs/notes.json --out " + Self.quoted(full.path))
    #expect(complete.status == 0, "\(complete.stderr)")
    let left = Fixtures.files(under: limited, suffixes: [""]).filter {
      (try? $0.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true
    }
    #expect(!left.isEmpty)
    for file in left {
      #expect(!file.lastPathComponent.hasPrefix("."), "temporary file left: \(file.path)")
      let twin = full.path + file.path.dropFirst(limited.path.count)
      #expect(
        try Data(contentsOf: file) == Data(contentsOf: URL(fileURLWithPath: twin)),
        "partial file: \(file.path)")
    }
  }

  @Test("demo --out DIR keeps what it did not make there")
  func demoKeepsOtherFiles() throws {
    let folder = try Fixtures.temporaryDirectory("demo-keep")
    let mine = folder.appendingPathComponent("mine.txt")
    try Data("MINE".utf8).write(to: mine)
    let child = try Self.shell(
      "exec \"$M3M\" demo --app graphs/notes.json --out " + Self.quoted(folder.path))
    #expect(child.status == 0, "\(child.stderr)")
    #expect(try Data(contentsOf: mine) == Data("MINE".utf8))
  }

  @Test("export --out the graph itself is refused; the graph's bytes are unchanged")
  func outputIsInput() throws {
    let folder = try Fixtures.temporaryDirectory("out-is-db")
    let db = try Self.graphCopy(in: folder)
    let before = try Data(contentsOf: URL(fileURLWithPath: db))
    let respelled = folder.path + "/./sub/../g.sqlite"
    try FileManager.default.createDirectory(
      at: folder.appendingPathComponent("sub"), withIntermediateDirectories: true)
    let child = try Self.shell(
      "exec \"$M3M\" export --db \(Self.quoted(db)) --format dot --out \(Self.quoted(respelled))")
    Self.expectCleanFailure(child, saying: "is also an input of this command")
    #expect(try Data(contentsOf: URL(fileURLWithPath: db)) == before)
    #expect(try entries(folder) == ["g.sqlite", "sub"])
  }

  @Test("an --out or --annotate that is a symbolic link is refused by every command")
  func symbolicLinks() throws {
    let folder = try Fixtures.temporaryDirectory("out-link")
    let db = try Self.graphCopy(in: folder)
    let target = folder.appendingPathComponent("target.txt")
    try Data("TARGET".utf8).write(to: target)
    let link = folder.appendingPathComponent("link.txt").path
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target.path)
    let shop = "Mobile3M/shop_graph_8002/shop0/shop0"
    let refexp = folder.appendingPathComponent("refexp.jsonl")
    try Data("{}\n".utf8).write(to: refexp)
    let commands: [[String]] = [
      ["export", "--db", db, "--format", "dot", "--out", link],
      ["corpus", "eval", "--db", db, "--model", "builtin", "--out", link],
      ["corpus", "refexp", refexp.path, "--out", link],
      ["agent", "run", "--from-graph", "--db", db, "--out", link],
      ["inspect", shop + "-xml.txt", "--screenshot", shop + "-screen.png", "--annotate", link],
      ["show", "shop0", "--db", db, "--annotate", link],
    ]
    for command in commands {
      let child = try Self.shell(
        "exec \"$M3M\" " + command.map(Self.quoted).joined(separator: " "))
      Self.expectCleanFailure(child, saying: "cannot write \(link): it is a symbolic link")
      #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target.path)
      #expect(try Data(contentsOf: target) == Data("TARGET".utf8), "\(command)")
    }
    #expect(try entries(folder) == ["g.sqlite", "link.txt", "refexp.jsonl", "target.txt"])
  }

  @Test("--out a device or a FIFO is refused before anything is written (no hang)")
  func devicesAndFIFOs() throws {
    let folder = try Fixtures.temporaryDirectory("out-device")
    let db = Self.quoted(try QueryCommandTests.graph.get())
    let fifo = folder.appendingPathComponent("fifo").path
    #expect(mkfifo(fifo, 0o644) == 0)
    for out in ["/dev/full", "/dev/null", fifo] {
      let child = try Self.shell(
        "exec \"$M3M\" export --db \(db) --format dot --out \(Self.quoted(out))")
      Self.expectCleanFailure(child, saying: "cannot write \(out): it is not a regular file")
    }
    var status = stat()
    #expect(lstat("/dev/full", &status) == 0 && status.st_mode & S_IFMT == S_IFCHR)
    #expect(lstat(fifo, &status) == 0 && status.st_mode & S_IFMT == S_IFIFO)
    #expect(try entries(folder) == ["fifo"])
  }

  @Test("export --app nosuchapp --out keep.dot leaves keep.dot as it was")
  func failedExportKeepsFile() throws {
    let folder = try Fixtures.temporaryDirectory("keep-dot")
    let keep = folder.appendingPathComponent("keep.dot")
    try Data("digraph kept {}\n".utf8).write(to: keep)
    let db = Self.quoted(try QueryCommandTests.graph.get())
    let child = try Self.shell(
      "exec \"$M3M\" export --db \(db) --format dot --app nosuchapp --out "
        + Self.quoted(keep.path))
    Self.expectCleanFailure(child, saying: "no app 'nosuchapp'")
    #expect(try Data(contentsOf: keep) == Data("digraph kept {}\n".utf8))
    #expect(try entries(folder) == ["keep.dot"])
  }

  @Test("a missing folder, a file in the way and an annotated screenshot are named")
  func missingFolders() throws {
    let folder = try Fixtures.temporaryDirectory("no-folder")
    let db = try Self.graphCopy(in: folder)
    let nodir = folder.appendingPathComponent("nodir").path
    let export = try Self.shell(
      "exec \"$M3M\" export --db \(Self.quoted(db)) --format dot --out "
        + Self.quoted(nodir + "/x.dot"))
    Self.expectCleanFailure(
      export, saying: "cannot write \(nodir)/x.dot: folder \(nodir) does not exist")
    // inspect --annotate onto its own screenshot, or into a missing folder.
    let screenshot = folder.appendingPathComponent("s.png").path
    try FileManager.default.copyItem(
      atPath: "Mobile3M/shop_graph_8002/shop0/shop0-screen.png", toPath: screenshot)
    let before = try Data(contentsOf: URL(fileURLWithPath: screenshot))
    let dump = Self.quoted("Mobile3M/shop_graph_8002/shop0/shop0-xml.txt")
    for (out, message) in [
      (screenshot, "is also an input of this command"),
      (nodir + "/x.png", "cannot write \(nodir)/x.png: folder \(nodir) does not exist"),
    ] {
      let inspect = try Self.shell(
        "exec \"$M3M\" inspect \(dump) --screenshot \(Self.quoted(screenshot)) --annotate "
          + Self.quoted(out))
      Self.expectCleanFailure(inspect, saying: message)
    }
    #expect(try Data(contentsOf: URL(fileURLWithPath: screenshot)) == before)
    // A corpus folder below a regular file.
    let corpus = try Self.shell(
      "exec \"$M3M\" corpus build --db \(Self.quoted(db)) --out "
        + Self.quoted(screenshot + "/corpus"))
    Self.expectCleanFailure(corpus, saying: "\(screenshot) is not a folder")
    #expect(try entries(folder) == ["g.sqlite", "s.png"])
  }

  @Test("show --annotate onto the page's own screenshot is refused; the screenshot is unchanged")
  func showAnnotateOwnScreenshot() throws {
    let folder = try Fixtures.temporaryDirectory("show-own")
    let app = folder.appendingPathComponent("shop_graph_8002")
    try FileManager.default.copyItem(
      at: Fixtures.repositoryRoot.appendingPathComponent("Mobile3M/shop_graph_8002"), to: app)
    let db = folder.appendingPathComponent("g.sqlite").path
    let ingest = try ProcessResult.run("m3m", ["ingest", app.path, "--db", db])
    #expect(ingest.status == 0, "\(ingest.stderr)")
    let show = try ProcessResult.run("m3m", ["show", "shop0", "--db", db])
    let line = try #require(
      show.stdout.split(separator: "\n").first { $0.hasPrefix("  screenshot ") })
    let screenshot = String(line.dropFirst("  screenshot ".count))
    #expect(screenshot.hasPrefix(app.path), "\(screenshot)")
    let before = try Data(contentsOf: URL(fileURLWithPath: screenshot))
    let child = try Self.shell(
      "exec \"$M3M\" show shop0 --db \(Self.quoted(db)) --annotate \(Self.quoted(screenshot))")
    Self.expectCleanFailure(child, saying: "it is the page's screenshot")
    #expect(try Data(contentsOf: URL(fileURLWithPath: screenshot)) == before)
  }

  @Test("agent score on a missing file, a folder: the reason, no error domain")
  func unreadableScoreInput() throws {
    let folder = try Fixtures.temporaryDirectory("score-input")
    let missing = folder.appendingPathComponent("missing.jsonl").path
    Self.expectCleanFailure(
      try Self.shell("exec \"$M3M\" agent score \(Self.quoted(missing))"),
      saying: "\(missing): cannot read it: no such file or directory")
    Self.expectCleanFailure(
      try Self.shell("exec \"$M3M\" agent score \(Self.quoted(folder.path))"),
      saying: "\(folder.path): cannot read it: it is a folder")
  }
}
