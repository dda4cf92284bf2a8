import FileIO
import Foundation
import Ingest
import Screenshots
import TextRecognition
import UIHierarchy

// m3m-bench: the measurement programs behind tools/bench-*. Prints medians.

/// Median of a list of durations in seconds.
func median(_ values: [Double]) -> Double {
  let sorted = values.sorted()
  guard !sorted.isEmpty else { return 0 }
  return sorted.count % 2 == 1
    ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
  let start = DispatchTime.now().uptimeNanoseconds
  try body()
  return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// Parse + tree + compact HTML over every XML dump under the given folders, repeated.
func benchParse(folders: [String], rounds: Int) throws {
  var files: [[UInt8]] = []
  var names: [String] = []
  for folder in folders {
    let walker = FileManager.default.enumerator(atPath: folder)
    while let relative = walker?.nextObject() as? String {
      guard relative.lowercased().hasSuffix(".xml") else { continue }
      let path = (folder as NSString).appendingPathComponent(relative)
      guard let data = FileManager.default.contents(atPath: path) else { continue }
      files.append([UInt8](data))
      names.append(path)
    }
  }
  // Keep only dumps that parse; report the rest.
  var good: [[UInt8]] = []
  for (bytes, name) in zip(files, names) {
    do {
      _ = try UITree(parsing: bytes, source: name)
      good.append(bytes)
    } catch {
      try? FileHandle.standardError.write(contentsOf: Data("skipped \(error)\n".utf8))
    }
  }
  let totalBytes = good.reduce(0) { $0 + $1.count }
  guard totalBytes > 0 else {
    throw BenchmarkFailure("no parseable XML dumps under \(folders.joined(separator: " "))")
  }
  var readTimes: [Double] = []
  var parseTimes: [Double] = []
  var treeTimes: [Double] = []
  var hashTimes: [Double] = []
  var sink = 0
  for _ in 0..<rounds {
    readTimes.append(
      seconds {
        for name in names where name.lowercased().hasSuffix(".xml") {
          sink &+= FileManager.default.contents(atPath: name)?.count ?? 0
        }
      })
    treeTimes.append(
      try seconds {
        for bytes in good { sink &+= try UITree(parsing: bytes, source: "bench").nodes.count }
      })
    parseTimes.append(
      try seconds {
        for bytes in good {
          let tree = try UITree(parsing: bytes, source: "bench")
          sink &+= CompactHTML(tree, leafBounds: false).lines.count
        }
      })
    hashTimes.append(
      try seconds {
        for bytes in good {
          let tree = try UITree(parsing: bytes, source: "bench")
          sink &+= LineHashes(compactHTMLOf: tree).distinct.count
        }
      })
  }
  let mb = Double(totalBytes) / 1_000_000
  let parse = median(parseTimes)
  let read = median(readTimes)
  print("dumps: \(good.count) (\(String(format: "%.2f", mb)) MB), rounds: \(rounds)")
  print(
    String(
      format: "parse + tree + compact HTML: median %.1f ms/round, %.0f pages/s, %.1f MB/s",
      parse * 1000, Double(good.count) / parse, mb / parse))
  let hashes = median(hashTimes)
  print(
    String(
      format:
        "parse + tree + line hashes (ingest's path): median %.1f ms/round, %.0f pages/s, %.1f MB/s",
      hashes * 1000, Double(good.count) / hashes, mb / hashes))
  let tree = median(treeTimes)
  print(
    String(
      format: "parse + tree only: median %.1f ms/round, %.1f MB/s", tree * 1000, mb / tree))
  print(
    String(
      format: "plain file read of the same files: median %.1f ms/round, %.1f MB/s",
      read * 1000, mb / read))
  if sink == 42 { print("") }
}

/// A benchmark that cannot run: the reason, printed by ``exitOnError(_:)``.
struct BenchmarkFailure: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// `--db FILE` and numeric options after the mode (each at least 1, `--seed` at least 0);
/// exits 2 on anything else.
func databaseAndNumbers(_ mode: String, defaults: [String: Int], database file: String) -> (
  String, [String: Int]
) {
  var options = defaults
  var database = NSTemporaryDirectory() + file
  var rest = Array(CommandLine.arguments.dropFirst(2))
  while rest.count >= 2 {
    let (name, value) = (rest.removeFirst(), rest.removeFirst())
    if name == "--db" {
      database = value
    } else if options[name] != nil, let number = Int(value), number >= (name == "--seed" ? 0 : 1) {
      options[name] = number
    } else {
      print("m3m-bench \(mode): unknown option \(name) \(value)")
      exit(2)
    }
  }
  guard rest.isEmpty else {
    print("m3m-bench \(mode): option \(rest[0]) needs a value")
    exit(2)
  }
  return (database, options)
}

/// Runs `body`; an error is printed on stderr as one line, `m3m-bench: <reason>` (the file and
/// the reason, never a Foundation error domain), with exit status 1.
func exitOnError(_ body: () throws -> Void) {
  do {
    try body()
  } catch {
    let reason = PlainErrorText.describe(error).replacingOccurrences(of: "\n", with: " ")
    try? FileHandle.standardError.write(contentsOf: Data("m3m-bench: \(reason)\n".utf8))
    exit(1)
  }
}

/// The value after an option, or exit 2 naming the option when there is none.
func value(after option: String, in rest: inout [String], mode: String) -> String {
  guard !rest.isEmpty else {
    print("m3m-bench \(mode): \(option) needs a value")
    exit(2)
  }
  return rest.removeFirst()
}

/// Every mode and its options.
let usage =
  "usage: m3m-bench parse FOLDER... [--rounds N] | ingest GRAPH.json... [--pages N] [--work DIR]"
  + " | decode [--rounds N] PNG..."
  + " | realdata-dataset REALDATA [--work DIR] [--copies N] [--pixel-copies M]"
  + " | distinct-dataset GRAPH.json... [--visits N] [--size WxH] [--work DIR]"
  + " | scale-dataset GRAPH.json... [--visits N] [--chunk N] [--apps N] [--variant-every N]"
  + " [--size WxH] [--part I/N] [--work DIR]"
  + " | corpus GRAPH.json... [--pages N] [--rounds N] [--work DIR]"
  + " | crawl GRAPH.json... [--rounds N] [--work DIR]"
  + " | agent [--db FILE] [--pages N] [--apps N] [--queries N] [--nodes N]"
  + " | ocr FOLDER... [--lang eng,chi_sim+eng] [--page-segmentation sparse|auto]"
  + " [--min-confidence N] [--light-text on|off|off,on] [--thresholding otsu,sauvola] [--jobs N] [--cache DIR | --no-cache]"
  + " [--subset TEXT]... [--limit N] [--misses OUT.jsonl]"
  + " | query [--db FILE] [--pages N] [--edges-per-page N] [--apps N] [--queries N] [--seed N]"

let arguments = Array(CommandLine.arguments.dropFirst())
// `--help` or `-h` anywhere: the usage (not a file or a folder named `--help`), and success.
if arguments.contains(where: { $0 == "--help" || $0 == "-h" }) {
  print(usage)
  exit(0)
}
switch arguments.first {
case "parse":
  let rest = Array(arguments.dropFirst())
  var rounds = 20
  var folders: [String] = []
  var index = 0
  while index < rest.count {
    if rest[index] == "--rounds", index + 1 < rest.count {
      rounds = Int(rest[index + 1]) ?? rounds
      index += 2
    } else {
      folders.append(rest[index])
      index += 1
    }
  }
  exitOnError { try benchParse(folders: folders, rounds: rounds) }
case "ingest":
  let rest = Array(arguments.dropFirst())
  var pages = 100_000
  var work = NSTemporaryDirectory() + "m3m-bench-ingest"
  var graphs: [String] = []
  var index = 0
  while index < rest.count {
    switch rest[index] {
    case "--pages" where index + 1 < rest.count:
      pages = Int(rest[index + 1]) ?? pages
      index += 2
    case "--work" where index + 1 < rest.count:
      work = rest[index + 1]
      index += 2
    default:
      graphs.append(rest[index])
      index += 1
    }
  }
  exitOnError { try IngestBenchmark.run(graphs: graphs, pages: pages, work: work) }
case "realdata-dataset":
  // realdata-dataset REALDATA --work DIR --copies N --pixel-copies M
  var options = [
    "--work": NSTemporaryDirectory() + "m3m-bench-realdata", "--copies": "10",
    "--pixel-copies": "3",
  ]
  var rest = Array(arguments.dropFirst())
  let realData = rest.isEmpty ? "../shared/realdata" : rest.removeFirst()
  while rest.count >= 2, options[rest[0]] != nil {
    options[rest.removeFirst()] = rest.removeFirst()
  }
  guard rest.isEmpty, let copies = Int(options["--copies"]!), copies >= 1,
    let pixelCopies = Int(options["--pixel-copies"]!), (0...copies).contains(pixelCopies)
  else {
    print(
      "m3m-bench realdata-dataset: expected REALDATA [--work DIR] [--copies N ≥ 1] [--pixel-copies M ≤ N]"
    )
    exit(2)
  }
  exitOnError {
    try RealDataDataset.generate(
      realData: realData, work: options["--work"]!, copies: copies, pixelCopies: pixelCopies)
  }
case "distinct-dataset":
  // distinct-dataset GRAPH.json... --work DIR --visits N --size WxH
  var visits = 2_000
  var size = (720, 1280)
  var work = NSTemporaryDirectory() + "m3m-bench-distinct"
  var graphs: [String] = []
  var rest = Array(arguments.dropFirst())
  while let argument = rest.first {
    rest.removeFirst()
    switch argument {
    case "--visits" where !rest.isEmpty:
      guard let number = Int(rest.removeFirst()), number >= 1 else {
        print("m3m-bench distinct-dataset: --visits needs a positive number")
        exit(2)
      }
      visits = number
    case "--size" where !rest.isEmpty:
      let parts = rest.removeFirst().split(separator: "x").compactMap { Int($0) }
      guard parts.count == 2, parts.allSatisfy({ (64...8192).contains($0) }) else {
        print("m3m-bench distinct-dataset: --size needs WIDTHxHEIGHT, e.g. 720x1280")
        exit(2)
      }
      size = (parts[0], parts[1])
    case "--work" where !rest.isEmpty: work = rest.removeFirst()
    default: graphs.append(argument)
    }
  }
  exitOnError {
    try SyntheticDistinctDataset.generate(
      graphs: graphs, visits: visits, width: size.0, height: size.1, work: work)
  }
case "scale-dataset":
  // scale-dataset GRAPH.json... --work DIR [--visits N] [--chunk N] [--apps N]
  //   [--variant-every N] [--size WxH] [--part I/N]
  var numbers = ["--visits": 200_000, "--chunk": 5_000, "--apps": 49, "--variant-every": 2_000]
  var size = (720, 1280)
  var part = (0, 1)
  var work = NSTemporaryDirectory() + "m3m-bench-scale"
  var graphs: [String] = []
  var rest = Array(arguments.dropFirst())
  while let argument = rest.first {
    rest.removeFirst()
    switch argument {
    case _ where numbers[argument] != nil:
      guard let number = Int(value(after: argument, in: &rest, mode: "scale-dataset")),
        number >= 1
      else {
        print("m3m-bench scale-dataset: \(argument) needs a positive number")
        exit(2)
      }
      numbers[argument] = number
    case "--size":
      let parts = value(after: argument, in: &rest, mode: "scale-dataset").split(separator: "x")
        .compactMap { Int($0) }
      guard parts.count == 2, parts.allSatisfy({ (64...8192).contains($0) }) else {
        print("m3m-bench scale-dataset: --size needs WIDTHxHEIGHT, e.g. 720x1280")
        exit(2)
      }
      size = (parts[0], parts[1])
    case "--part":
      let parts = value(after: argument, in: &rest, mode: "scale-dataset").split(separator: "/")
        .compactMap { Int($0) }
      guard parts.count == 2, parts[1] >= 1, (0..<parts[1]).contains(parts[0]) else {
        print("m3m-bench scale-dataset: --part needs I/N with 0 <= I < N, e.g. 0/2")
        exit(2)
      }
      part = (parts[0], parts[1])
    case "--work": work = value(after: argument, in: &rest, mode: "scale-dataset")
    default: graphs.append(argument)
    }
  }
  // Each visit renders and encodes a 720×1280 frame: with freed frames reused rather than
  // faulted in afresh, 150 visits took 2.3 s of CPU instead of 3.2 (system time 0.89 → 0.09 s);
  // the files written are the same bytes.
  FrameMemory.reuseFreedFrames()
  exitOnError {
    try ScaleDataset.generate(
      ScaleDataset.Parameters(
        graphs: graphs, visits: numbers["--visits"]!, chunk: numbers["--chunk"]!,
        apps: numbers["--apps"]!, variantEvery: numbers["--variant-every"]!, width: size.0,
        height: size.1), work: work, part: part.0, parts: part.1)
  }
case "corpus":
  var pages = 20_000
  var rounds = 5
  var work = NSTemporaryDirectory() + "m3m-bench-corpus"
  var graphs: [String] = []
  var rest = Array(arguments.dropFirst())
  while let argument = rest.first {
    rest.removeFirst()
    switch argument {
    case "--pages": pages = Int(value(after: argument, in: &rest, mode: "corpus")) ?? pages
    case "--rounds": rounds = Int(value(after: argument, in: &rest, mode: "corpus")) ?? rounds
    case "--work": work = value(after: argument, in: &rest, mode: "corpus")
    default: graphs.append(argument)
    }
  }
  exitOnError {
    try CorpusBenchmark.run(graphs: graphs, pages: pages, work: work, rounds: rounds)
  }
case "crawl":
  var rounds = 3
  var work = NSTemporaryDirectory() + "m3m-bench-crawl"
  var graphs: [String] = []
  var rest = Array(arguments.dropFirst())
  while let argument = rest.first {
    rest.removeFirst()
    switch argument {
    case "--rounds": rounds = Int(value(after: argument, in: &rest, mode: "crawl")) ?? rounds
    case "--work": work = value(after: argument, in: &rest, mode: "crawl")
    default: graphs.append(argument)
    }
  }
  exitOnError { try CrawlBenchmark.run(graphs: graphs, work: work, rounds: rounds) }
case "agent":
  let (database, options) = databaseAndNumbers(
    "agent", defaults: ["--pages": 100_000, "--apps": 20, "--queries": 200, "--nodes": 300],
    database: "m3m-bench-agent.sqlite")
  exitOnError {
    try AgentBenchmark.run(
      database: database, pages: options["--pages"]!, apps: options["--apps"]!,
      queries: options["--queries"]!, nodes: options["--nodes"]!)
  }
case "query":
  let (database, options) = databaseAndNumbers(
    "query",
    defaults: [
      "--pages": 1_000_000, "--edges-per-page": 6, "--apps": 50, "--queries": 1000, "--seed": 42,
    ], database: "m3m-bench-query.sqlite")
  exitOnError {
    try QueryBenchmark.run(
      database: database, pages: options["--pages"]!, edgesPerPage: options["--edges-per-page"]!,
      apps: options["--apps"]!, queries: options["--queries"]!, seed: UInt64(options["--seed"]!))
  }
case "ocr":
  var options = OCRBenchmark.Options()
  var rest = Array(arguments.dropFirst())
  func count(_ name: String, _ text: String) -> Int {
    guard let value = Int(text), value > 0 else {
      print("m3m-bench ocr: \(name) takes a whole number above 0")
      exit(2)
    }
    return value
  }
  while !rest.isEmpty {
    let argument = rest.removeFirst()
    switch argument {
    case "--lang" where !rest.isEmpty:
      let list = rest.removeFirst()
      exitOnError {
        options.languages = try list.split(separator: ",").map {
          try RecognitionLanguages(parsing: String($0))
        }
      }
    case "--page-segmentation" where !rest.isEmpty:
      guard let mode = RecognitionSettings.PageSegmentation(rawValue: rest.removeFirst()) else {
        print("m3m-bench ocr: --page-segmentation sparse|auto")
        exit(2)
      }
      options.pageSegmentation = mode
    case "--min-confidence" where !rest.isEmpty:
      guard let value = Double(rest.removeFirst()), (0...100).contains(value) else {
        print("m3m-bench ocr: --min-confidence 0-100")
        exit(2)
      }
      options.minimumConfidence = value
    case "--light-text" where !rest.isEmpty:
      let choices = rest.removeFirst().split(separator: ",").map { ["on": true, "off": false][$0] }
      guard !choices.isEmpty, choices.allSatisfy({ $0 != nil }) else {
        print("m3m-bench ocr: --light-text on|off|off,on")
        exit(2)
      }
      options.lightText = choices.compactMap { $0 }
    case "--thresholding" where !rest.isEmpty:
      let choices = rest.removeFirst().split(separator: ",").map {
        RecognitionSettings.Thresholding(rawValue: String($0))
      }
      guard !choices.isEmpty, choices.allSatisfy({ $0 != nil }) else {
        print("m3m-bench ocr: --thresholding otsu|tiled-otsu|sauvola[,…]")
        exit(2)
      }
      options.thresholding = choices.compactMap { $0 }
    case "--jobs" where !rest.isEmpty: options.jobs = count("--jobs", rest.removeFirst())
    case "--limit" where !rest.isEmpty: options.limit = count("--limit", rest.removeFirst())
    case "--subset" where !rest.isEmpty: options.subsets.append(rest.removeFirst())
    case "--cache" where !rest.isEmpty: options.cache = rest.removeFirst()
    case "--no-cache": options.cache = nil
    case "--misses" where !rest.isEmpty: options.misses = rest.removeFirst()
    default: options.roots.append(argument)
    }
  }
  exitOnError { try OCRBenchmark.run(options) }
case "decode":
  // decode [--rounds N] PNG...
  var rounds = 5
  var rest = Array(arguments.dropFirst())
  if rest.first == "--rounds" {
    rest.removeFirst()
    guard let number = rest.isEmpty ? nil : Int(rest.removeFirst()), number >= 1 else {
      print("m3m-bench decode: --rounds needs a positive number")
      exit(2)
    }
    rounds = number
  }
  exitOnError { try DecodeBenchmark.run(files: rest, rounds: rounds) }
default:
  print(usage)
  exit(2)
}
