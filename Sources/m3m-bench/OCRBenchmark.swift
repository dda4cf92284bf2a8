import FileIO
import Foundation
import Screenshots
import TextRecognition
import UIHierarchy

/// OCR against the hierarchy's text over every dump/screenshot pair under some folders: recall
/// over all text nodes and over the visible ones, precision, box IoU and milliseconds per screen,
/// per dataset and per script (English or Chinese screens), for each language list and setting.
///
/// Screens are read on `jobs` threads, one Tesseract thread each; each screen's reading (its
/// lines and times) is kept in a cache folder, so that a run stopped half-way resumes where it
/// stopped and a change to the scoring rules re-scores without reading again.
enum OCRBenchmark {
  /// A dump and the screenshot taken with it.
  struct Pair {
    var dump: String
    var screenshot: String
    /// The folder given on the command line it was found under (its last component).
    var root: String
    /// The top folder under the root it was found in (the dataset), for per-dataset figures.
    var group: String
  }

  /// What a run reads and how.
  struct Options {
    var roots: [String] = []
    var languages: [RecognitionLanguages] = [.english, .chineseAndEnglish]
    var pageSegmentation = RecognitionSettings.PageSegmentation.sparseText
    var minimumConfidence = RecognitionSettings().minimumConfidence
    var lightText = [true]
    var thresholding: [RecognitionSettings.Thresholding] = [RecognitionSettings().thresholding]
    /// Threads reading screens at once.
    var jobs = ProcessInfo.processInfo.activeProcessorCount
    /// The folder of cached readings; nil reads every screen again.
    var cache: String?
    /// Only pairs whose dump path contains one of these (all when empty).
    var subsets: [String] = []
    /// At most this many pairs (after `subsets`).
    var limit: Int?
    /// A JSON-lines file to write every node not found (or hidden) to.
    var misses: String?
  }

  /// Every pair under `root`: `X.xml` + `X.png` (AppAgent, LlamaTouch, uiautomator2 scripts),
  /// InterDroid's `ui_trees/step_N_ui.xml` + `screenshots/step_N.png`, and the Mobile3M
  /// layout's `X-xml.txt` + `X-screen.png`.
  static func pairs(under root: String) -> [Pair] {
    var pairs: [Pair] = []
    let walker = FileManager.default.enumerator(atPath: root)
    let rootName = (root as NSString).standardizingPath.split(separator: "/").last.map(String.init)
    while let relative = walker?.nextObject() as? String {
      let path = (root as NSString).appendingPathComponent(relative)
      let candidates: [String]
      if relative.hasSuffix("-xml.txt") {
        candidates = [String(path.dropLast("-xml.txt".count)) + "-screen.png"]
      } else if relative.lowercased().hasSuffix(".xml") {
        let stem = String(path.dropLast(4))
        let name = (stem as NSString).lastPathComponent
        let folder = (stem as NSString).deletingLastPathComponent
        candidates =
          [stem + ".png"]
          + (name.hasSuffix("_ui") && folder.hasSuffix("ui_trees")
            ? [
              (folder as NSString).deletingLastPathComponent + "/screenshots/"
                + name.dropLast(3) + ".png"
            ] : [])
      } else {
        continue
      }
      guard let screenshot = candidates.first(where: { FileManager.default.fileExists(atPath: $0) })
      else { continue }
      let group = relative.split(separator: "/").first.map(String.init) ?? relative
      pairs.append(
        Pair(dump: path, screenshot: screenshot, root: rootName ?? root, group: group))
    }
    return pairs.sorted { $0.dump < $1.dump }
  }

  /// One way of reading: a language list with the second pass on or off.
  struct Configuration {
    var settings: RecognitionSettings
    var label: String {
      "--lang \(settings.languages) --thresholding \(settings.thresholding.rawValue) "
        + "--light-text \(settings.readsLightText ? "on" : "off")"
    }
  }

  /// One screen's reading, as cached: the lines and what they cost.
  struct Reading: Codable {
    /// The cache key it was read under (screenshot, its size and time, settings, revision).
    var key: String
    /// CPU time of the reading thread (Tesseract runs on it alone), in milliseconds.
    var cpuMilliseconds: Double
    /// Wall-clock time, in milliseconds (longer than CPU time when the machine is busy).
    var wallMilliseconds: Double
    var width: Int
    var height: Int
    var lines: [RecognizedLine]
  }

  /// A screen's result under one configuration.
  struct Result {
    var comparison: TextComparison
    var reading: Reading
    var fromCache: Bool
    var pixels: Int
    var script: String
  }

  /// Totals over a set of screens.
  struct Totals {
    var screens = 0
    var nodes = 0
    var found = 0
    var visibleNodes = 0
    var visibleFound = 0
    var lines = 0
    var matchedLines = 0
    var iouSum = 0.0
    var ious = 0
    var cpu: [Double] = []
    var wall: [Double] = []
    var failures = 0

    mutating func add(_ result: Result) {
      let comparison = result.comparison
      screens += 1
      nodes += comparison.nodes
      found += comparison.found
      visibleNodes += comparison.visibleNodes
      visibleFound += comparison.visibleFound
      lines += comparison.lines
      matchedLines += comparison.matchedLines
      for detail in comparison.details {
        if let iou = detail.iou {
          iouSum += iou
          ious += 1
        }
      }
      cpu.append(result.reading.cpuMilliseconds)
      wall.append(result.reading.wallMilliseconds)
    }

    static let header =
      "screens  text nodes: recall      visible: recall      precision          IoU    "
      + "CPU ms median  max   wall ms median"

    var row: String {
      func ratio(_ part: Int, _ whole: Int) -> Double {
        whole == 0 ? 0 : Double(part) / Double(whole)
      }
      return String(
        format: "%7d  %.3f (%4d/%4d)  %.3f (%4d/%4d)  %.3f (%4d/%4d)  %.3f  %13.0f %5.0f %14.0f%@",
        screens, ratio(found, nodes), found, nodes, ratio(visibleFound, visibleNodes),
        visibleFound, visibleNodes, ratio(matchedLines, lines), matchedLines, lines,
        ious == 0 ? 0 : iouSum / Double(ious), median(cpu), cpu.max() ?? 0, median(wall),
        failures > 0 ? "  (\(failures) failed)" as NSString : "" as NSString)
    }
  }

  /// `Chinese screens` when most letters of the dump's text are CJK, else `English screens`.
  static func script(of tree: UITree) -> String {
    var cjk = 0
    var other = 0
    for node in tree.nodes where node.isVisibleToUser != false {
      for scalar in node.text.unicodeScalars where scalar.properties.isAlphabetic {
        if (0x3400...0x9FFF).contains(scalar.value) { cjk += 1 } else { other += 1 }
      }
    }
    return cjk > other ? "Chinese screens" : "English screens"
  }

  /// Reads every pair under every configuration on `options.jobs` threads, then prints a table
  /// per configuration.
  static func run(_ options: Options) throws {
    var found = options.roots.flatMap { Self.pairs(under: $0) }
    if !options.subsets.isEmpty {
      found = found.filter { pair in options.subsets.contains { pair.dump.contains($0) } }
    }
    if let limit = options.limit { found = Array(found.prefix(limit)) }
    let pairs = found
    let configurations = options.languages.flatMap { languages in
      options.thresholding.flatMap { thresholding in
        options.lightText.map { light in
          var settings = RecognitionSettings(
            languages: languages, pageSegmentation: options.pageSegmentation,
            thresholding: thresholding, minimumConfidence: options.minimumConfidence,
            readsLightText: light)
          settings.oneThreadPerImage = true
          return Configuration(settings: settings)
        }
      }
    }
    if let cache = options.cache {
      try FileManager.default.createDirectory(atPath: cache, withIntermediateDirectories: true)
    }
    print(
      "\(pairs.count) dump/screenshot pairs under \(options.roots.joined(separator: " ")); "
        + "page segmentation \(options.pageSegmentation.rawValue), min confidence "
        + "\(options.minimumConfidence), \(options.jobs) threads, recognition revision "
        + "\(TextRecognizer.revision)"
        + (options.cache.map { ", cache \($0)" } ?? ""))

    // Work goes out a screen at a time; a thread reads a screen under every configuration in
    // turn, so that timings of two settings taken under load compare.
    let progress = Progress(pairs: pairs.count, configurations: configurations.count)
    DispatchQueue.concurrentPerform(iterations: max(1, options.jobs)) { _ in
      var recognizers: [TextRecognizer?] = configurations.map { _ in nil }
      while true {
        guard let index = progress.nextPair() else { return }
        let pair = pairs[index]
        do {
          let tree = try UITree(contentsOf: pair.dump)
          let image = try RGBAImage(contentsOfImage: pair.screenshot)
          let script = Self.script(of: tree)
          var row: [Result?] = []
          for (slot, configuration) in configurations.enumerated() {
            let key = try cacheKey(pair.screenshot, configuration.settings)
            var reading = options.cache.flatMap { cached(key: key, in: $0) }
            let fromCache = reading != nil
            if reading == nil {
              // A screen one configuration cannot read (past the time limit) still counts
              // under the others.
              do {
                let recognizer = try recognizers[slot] ?? TextRecognizer(configuration.settings)
                recognizers[slot] = recognizer
                let fresh = try read(image, source: pair.screenshot, with: recognizer, key: key)
                if let cache = options.cache { try store(fresh, in: cache) }
                reading = fresh
              } catch {
                try? FileHandle.standardError.write(
                  contentsOf: Data("\(configuration.label): \(error)\n".utf8))
              }
            }
            guard let reading else {
              row.append(nil)
              continue
            }
            let recognized = RecognizedText(
              width: reading.width, height: reading.height,
              languages: configuration.settings.languages, lines: reading.lines)
            row.append(
              Result(
                comparison: TextComparison(tree: tree, recognized: recognized, screenshot: image),
                reading: reading, fromCache: fromCache, pixels: image.width * image.height,
                script: script))
          }
          progress.finish(index, row)
        } catch {
          try? FileHandle.standardError.write(contentsOf: Data("skipped \(error)\n".utf8))
        }
      }
    }

    let results = progress.results
    for (slot, configuration) in configurations.enumerated() {
      var byGroup: [String: Totals] = [:]
      var byScript: [String: Totals] = [:]
      var all = Totals()
      var largest: (pixels: Int, cpu: [Double]) = (0, [])
      var cached = 0
      for (index, pair) in pairs.enumerated() {
        let dataset = pair.root + "/" + pair.group
        guard let result = results[index][slot] else {
          byGroup[dataset, default: Totals()].failures += 1
          all.failures += 1
          continue
        }
        byGroup[dataset, default: Totals()].add(result)
        byScript[pair.root + ": " + result.script, default: Totals()].add(result)
        all.add(result)
        if result.fromCache { cached += 1 }
        if result.pixels > largest.pixels { largest = (result.pixels, []) }
        if result.pixels == largest.pixels { largest.cpu.append(result.reading.cpuMilliseconds) }
      }
      print("\n\(configuration.label)  (\(cached) of \(all.screens) screens from the cache)")
      print("  " + "".padding(toLength: 58, withPad: " ", startingAt: 0) + Totals.header)
      for (name, totals) in byGroup.sorted(by: { $0.key < $1.key })
        + byScript.sorted(by: {
          $0.key < $1.key
        }) + [("all", all)]
      {
        print("  " + name.padding(toLength: 58, withPad: " ", startingAt: 0) + totals.row)
      }
      print(
        String(
          format: "  largest screens (%d pixels): CPU median %.0f ms, max %.0f ms over %d",
          largest.pixels, median(largest.cpu), largest.cpu.max() ?? 0, largest.cpu.count))
    }
    if let path = options.misses {
      try writeMisses(to: path, pairs: pairs, results: results, configurations: configurations)
    }
  }

  /// The screens handed out and read so far, shared by the reading threads.
  final class Progress: @unchecked Sendable {
    // Guarded by `lock`.
    private var next = 0
    private var done = 0
    private var rows: [[Result?]]
    private let lock = NSLock()

    init(pairs: Int, configurations: Int) {
      rows = [[Result?]](
        repeating: [Result?](repeating: nil, count: configurations), count: pairs)
    }

    /// The index of a screen no thread has taken yet, nil when none is left.
    func nextPair() -> Int? {
      lock.withLock {
        guard next < rows.count else { return nil }
        next += 1
        return next - 1
      }
    }

    /// Keeps a screen's results, and says how far the run is every 25 screens.
    func finish(_ index: Int, _ row: [Result?]) {
      lock.withLock {
        rows[index] = row
        done += 1
        if done % 25 == 0 {
          try? FileHandle.standardError.write(
            contentsOf: Data("  \(done)/\(rows.count) screens\n".utf8))
        }
      }
    }

    var results: [[Result?]] { lock.withLock { rows } }
  }

  /// Reads `image` and times it by the calling thread's CPU clock and the wall clock.
  static func read(_ image: RGBAImage, source: String, with recognizer: TextRecognizer, key: String)
    throws -> Reading
  {
    let cpuStart = threadCPUSeconds()
    let wallStart = DispatchTime.now().uptimeNanoseconds
    let recognized = try recognizer.recognize(image, source: source)
    let wall = Double(DispatchTime.now().uptimeNanoseconds - wallStart) / 1e6
    let cpu = (threadCPUSeconds() - cpuStart) * 1000
    return Reading(
      key: key, cpuMilliseconds: cpu, wallMilliseconds: wall, width: recognized.width,
      height: recognized.height, lines: recognized.lines)
  }

  /// Seconds of CPU the calling thread has used.
  static func threadCPUSeconds() -> Double {
    var time = timespec()
    guard clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time) == 0 else { return 0 }
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
  }

  /// The screenshot's path, size and modification time, the settings and the recognition
  /// revision: a cached reading is used only when all are the same.
  static func cacheKey(_ screenshot: String, _ settings: RecognitionSettings) throws -> String {
    let attributes = try FileManager.default.attributesOfItem(atPath: screenshot)
    let size = (attributes[.size] as? NSNumber)?.int64Value ?? -1
    let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
    return
      "\((screenshot as NSString).standardizingPath)|\(size)|\(modified)|\(settings.languages)"
      + "|\(settings.pageSegmentation.rawValue)|\(settings.thresholding.rawValue)"
      + "|\(settings.minimumConfidence)"
      + "|\(settings.readsLightText)|\(TextRecognizer.revision)"
  }

  private static func cacheFile(key: String, in folder: String) -> String {
    (folder as NSString).appendingPathComponent(
      String(FNV1a.hash(Array(key.utf8)), radix: 16) + ".json")
  }

  /// The cached reading under `key`, when there is one and it reads.
  static func cached(key: String, in folder: String) -> Reading? {
    guard let data = FileManager.default.contents(atPath: cacheFile(key: key, in: folder)),
      let reading = try? JSONDecoder().decode(Reading.self, from: data), reading.key == key
    else { return nil }
    return reading
  }

  /// Keeps `reading` in the cache (the file appears only when complete).
  static func store(_ reading: Reading, in folder: String) throws {
    try OutputFile.write(
      JSONEncoder().encode(reading), to: cacheFile(key: reading.key, in: folder))
  }

  /// One JSON line per node not found or not visible: screen, configuration, text, box, the
  /// best OCR text and its similarity, and why the node is not visible.
  static func writeMisses(
    to path: String, pairs: [Pair], results: [[Result?]], configurations: [Configuration]
  ) throws {
    struct Miss: Encodable {
      var dump: String
      var configuration: String
      var text: String
      var bounds: String
      var ocrText: String?
      var similarity: Double
      var found: Bool
      var hidden: String?
    }
    var lines = Data()
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    for (index, pair) in pairs.enumerated() {
      for (slot, configuration) in configurations.enumerated() {
        guard let result = results[index][slot] else { continue }
        for detail in result.comparison.details where !detail.found || detail.hidden != nil {
          lines += try encoder.encode(
            Miss(
              dump: pair.dump, configuration: configuration.label, text: detail.text,
              bounds: "\(detail.bounds)", ocrText: detail.ocrText, similarity: detail.similarity,
              found: detail.found, hidden: detail.hidden?.rawValue))
          lines += Data("\n".utf8)
        }
      }
    }
    try OutputFile.write(lines, to: path)
    print("wrote \(path)")
  }
}
