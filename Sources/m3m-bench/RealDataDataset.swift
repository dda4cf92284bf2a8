import Foundation
import Screenshots
import UIHierarchy

/// The real dumps and screenshots of `../shared/realdata` copied N times with every capture
/// distinct (``DistinctCapture``), laid out as m3m trace folders:
///
/// - `captures/<copy>-<trace>/<step>.xml|.png`: the files (screenshots for the first
///   `pixelCopies` copies only);
/// - `long-xml/`, `long-pixel/`: one trace folder holding every copy of every trace in turn;
/// - `small-xml/<copy>-<trace>/`, `small-pixel/…`: one small trace folder per copy of a trace.
///
/// A trace is a folder whose XML dumps have a screenshot of the same step number beside them
/// (AppAgent's `<task>_N.xml/.png`, LlamaTouch's `N.xml/.png`) or in `screenshots/` beside
/// `ui_trees/` (InterDroid's `step_N_ui.xml` and `step_N.png`). Dumps without a screenshot and
/// non-XML view trees are left out, so both paths run on the same captures.
enum RealDataDataset {
  struct Capture {
    var xml: String
    var png: String
  }

  struct Trace {
    var name: String
    var captures: [Capture]
  }

  /// Generates the dataset (kept when already generated with the same parameters) and prints
  /// one line per layout: `name steps folders`.
  static func generate(realData: String, work: String, copies: Int, pixelCopies: Int) throws {
    let traces = try discover(realData)
    guard !traces.isEmpty else {
      throw BenchmarkError("\(realData): no XML dumps with screenshots found")
    }
    let parameters = "realdata \(realData) copies \(copies) pixel \(pixelCopies) v1"
    if !BenchmarkTrace.isComplete(work, parameters: parameters) {
      try? FileManager.default.removeItem(atPath: work)
      try writeCaptures(traces, work: work, copies: copies, pixelCopies: pixelCopies)
      try writeTraces(traces, work: work, copies: copies, pixelCopies: pixelCopies)
      try BenchmarkTrace.markComplete(work, parameters: parameters)
    }
    let steps = traces.reduce(0) { $0 + $1.captures.count }
    print("long-xml \(steps * copies) 1")
    print("long-pixel \(steps * pixelCopies) 1")
    print("small-xml \(steps * copies) \(traces.count * copies)")
    print("small-pixel \(steps * pixelCopies) \(traces.count * pixelCopies)")
  }

  /// The traces under `root`, in path order, each with its captures in step order.
  static func discover(_ root: String) throws -> [Trace] {
    let fm = FileManager.default
    guard let walker = fm.enumerator(atPath: root) else {
      throw BenchmarkError("\(root): cannot list the folder")
    }
    var folders: Set<String> = [""]
    while let relative = walker.nextObject() as? String {
      var isDirectory: ObjCBool = false
      if fm.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory),
        isDirectory.boolValue
      {
        folders.insert(relative)
      }
    }
    var traces: [Trace] = []
    for folder in folders.sorted() {
      let path = folder.isEmpty ? root : root + "/" + folder
      let names = Set((try? fm.contentsOfDirectory(atPath: path)) ?? [])
      var byStep: [(Int, Capture)] = []
      for name in names where name.hasSuffix(".xml") {
        let stem = String(name.dropLast(4))
        guard let step = trailingNumber(stem) else { continue }
        if names.contains(stem + ".png") {
          byStep.append((step, Capture(xml: path + "/" + name, png: path + "/" + stem + ".png")))
        }
      }
      if names.contains("ui_trees"), names.contains("screenshots") {
        let dumps = (try? fm.contentsOfDirectory(atPath: path + "/ui_trees")) ?? []
        for name in dumps where name.hasPrefix("step_") && name.hasSuffix("_ui.xml") {
          let stem = String(name.dropLast("_ui.xml".count))
          let png = path + "/screenshots/" + stem + ".png"
          if let step = trailingNumber(stem), fm.fileExists(atPath: png) {
            byStep.append((step, Capture(xml: path + "/ui_trees/" + name, png: png)))
          }
        }
      }
      guard !byStep.isEmpty else { continue }
      let name = folder.split(separator: "/").suffix(2).joined(separator: "-")
      traces.append(
        Trace(name: name.isEmpty ? "root" : name, captures: byStep.sorted { $0.0 < $1.0 }.map(\.1))
      )
    }
    return traces
  }

  private static func trailingNumber(_ stem: String) -> Int? {
    let digits = stem.reversed().prefix(while: \.isNumber)
    return digits.isEmpty ? nil : Int(String(digits.reversed()))
  }

  private static func folderName(copy: Int, trace: Trace) -> String {
    String(format: "%03d-", copy) + trace.name
  }

  /// Serial numbers: copy-major, so capture `step` of trace `t` in copy `c` has its own.
  private static func serial(copy: Int, trace: Int, step: Int, offsets: [Int], total: Int) -> Int {
    1 + copy * total + offsets[trace] + step
  }

  private static func writeCaptures(
    _ traces: [Trace], work: String, copies: Int, pixelCopies: Int
  ) throws {
    let total = traces.reduce(0) { $0 + $1.captures.count }
    var offsets: [Int] = []
    var running = 0
    for trace in traces {
      offsets.append(running)
      running += trace.captures.count
    }
    // Original by original, so only one decoded screenshot is held at a time.
    for (traceIndex, trace) in traces.enumerated() {
      for copy in 0..<copies {
        try FileManager.default.createDirectory(
          atPath: work + "/captures/" + folderName(copy: copy, trace: trace),
          withIntermediateDirectories: true)
      }
      for (step, capture) in trace.captures.enumerated() {
        guard let xml = FileManager.default.contents(atPath: capture.xml) else {
          throw BenchmarkError("\(capture.xml): cannot read the dump")
        }
        let image = pixelCopies > 0 ? try RGBAImage(contentsOfPNG: capture.png) : nil
        let lines = try CompactHTML(UITree(parsing: [UInt8](xml), source: capture.xml)).lines
        for copy in 0..<copies {
          let number = serial(
            copy: copy, trace: traceIndex, step: step, offsets: offsets, total: total)
          let base = work + "/captures/" + folderName(copy: copy, trace: trace) + "/\(step)"
          let marked = try DistinctCapture.markXML(
            [UInt8](xml), serial: number, source: capture.xml)
          // The copy must be the same page to the rule: its compact HTML is unchanged.
          guard try CompactHTML(UITree(parsing: marked, source: base + ".xml")).lines == lines
          else {
            throw BenchmarkError("\(capture.xml): marking copy \(number) changed its compact HTML")
          }
          try Data(marked).write(to: URL(fileURLWithPath: base + ".xml"))
          if copy < pixelCopies, var pixels = image {
            DistinctCapture.markImage(&pixels, serial: number)
            try Data(try pixels.pngData(fast: false)).write(to: URL(fileURLWithPath: base + ".png"))
          }
        }
      }
    }
  }

  private static func writeTraces(
    _ traces: [Trace], work: String, copies: Int, pixelCopies: Int
  ) throws {
    var longXML: [BenchmarkStep] = []
    var longPixel: [BenchmarkStep] = []
    for copy in 0..<copies {
      for trace in traces {
        let folder = folderName(copy: copy, trace: trace)
        var small: [BenchmarkStep] = []
        for (step, capture) in trace.captures.enumerated() {
          let app = packageName(capture.xml) ?? trace.name
          small.append(
            BenchmarkStep(
              id: "\(step)", app: app, xml: "../../captures/\(folder)/\(step).xml",
              screenshot: "../../captures/\(folder)/\(step).png", isStart: step == 0,
              tap: (540, 1200)))
        }
        try BenchmarkTrace.write(small, to: work + "/small-xml/" + folder, screenshots: false)
        let long = small.map {
          var step = $0
          step.id = folder + "/" + step.id
          step.xml.removeFirst(3)
          step.screenshot?.removeFirst(3)
          return step
        }
        longXML += long
        if copy < pixelCopies {
          try BenchmarkTrace.write(small, to: work + "/small-pixel/" + folder, screenshots: true)
          longPixel += long
        }
      }
    }
    try BenchmarkTrace.write(longXML, to: work + "/long-xml", screenshots: false)
    try BenchmarkTrace.write(longPixel, to: work + "/long-pixel", screenshots: true)
  }

  /// The package of the dump's first node, the app a crawl would file it under.
  private static func packageName(_ path: String) -> String? {
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    let text = String(decoding: data.prefix(4096), as: UTF8.self)
    guard let start = text.range(of: "package=\"") else { return nil }
    let rest = text[start.upperBound...]
    guard let end = rest.firstIndex(of: "\"") else { return nil }
    return String(rest[..<end])
  }
}
