import Foundation
import Screenshots
import SyntheticApps

/// The Mobile3M-scale dataset behind `tools/bench-scale`: many distinct visits over many apps,
/// written in chunks so that it is generated in parallel, resumed after a stop and ingested by
/// prefixes (the first k chunks).
///
/// `apps` apps are made from graphs/*.json (app a is graph a mod G with the package
/// `<package>.app<a>`). The walk (``BenchmarkWalk``, one seed per chunk) changes *variant* every
/// `variantEvery` visits: every title and element text carries the variant's number, so each
/// variant's pages are new unique pages of the same apps, and the graph's unique pages grow with
/// the dataset as a crawl's do. Every visit's XML and PNG are distinct (``DistinctCapture``,
/// serial = the visit's number in the whole dataset).
///
/// Chunk k is the trace folder `chunk-<k>/` (`steps.jsonl` and `captures/`), written under
/// `chunk-<k>.partial/` and renamed when complete; a chunk already complete with the same
/// parameters is kept.
enum ScaleDataset {
  struct Parameters {
    var graphs: [String]
    var visits: Int
    var chunk: Int
    var apps: Int
    var variantEvery: Int
    var width: Int
    var height: Int
  }

  /// Chunk folder names, in order.
  static func chunkName(_ index: Int) -> String { String(format: "chunk-%05d", index) }

  /// Writes the chunks numbered `part` modulo `parts` of `(visits + chunk - 1) / chunk`; prints
  /// one line per chunk (`chunk-00003 generated 412.5 s` or `… kept`).
  static func generate(_ parameters: Parameters, work: String, part: Int, parts: Int) throws {
    var renderer = ScreenRenderer()
    renderer.width = parameters.width
    renderer.height = parameters.height
    let apps = try appDefinitions(parameters)
    try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
    let chunks = (parameters.visits + parameters.chunk - 1) / parameters.chunk
    for index in stride(from: part, to: chunks, by: parts) {
      let name = chunkName(index)
      let folder = work + "/" + name
      let signature = signature(parameters, chunk: index)
      if BenchmarkTrace.isComplete(folder, parameters: signature) {
        print("\(name) kept")
        continue
      }
      let started = DispatchTime.now().uptimeNanoseconds
      let partial = folder + ".partial"
      try? FileManager.default.removeItem(atPath: partial)
      try? FileManager.default.removeItem(atPath: folder)
      try writeChunk(
        index, parameters: parameters, apps: apps, renderer: renderer, to: partial)
      try BenchmarkTrace.markComplete(partial, parameters: signature)
      try FileManager.default.moveItem(atPath: partial, toPath: folder)
      let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
      print("\(name) generated \(String(format: "%.1f", elapsed)) s")
      fflush(nil)
    }
  }

  /// What a chunk's content depends on (a chunk written with other values is regenerated).
  static func signature(_ parameters: Parameters, chunk: Int) -> String {
    "scale v2 \(parameters.graphs.map { URL(fileURLWithPath: $0).lastPathComponent }) "
      + "chunk \(chunk) of \(parameters.chunk) apps \(parameters.apps) "
      + "variant every \(parameters.variantEvery) \(parameters.width)x\(parameters.height)"
  }

  /// The apps walked: graph a mod G renamed and repackaged for each a.
  static func appDefinitions(_ parameters: Parameters) throws -> [AppDefinition] {
    var graphs: [AppDefinition] = []
    for path in parameters.graphs {
      guard let data = FileManager.default.contents(atPath: path) else {
        throw BenchmarkError("\(path): cannot read the app definition")
      }
      graphs.append(try JSONDecoder().decode(AppDefinition.self, from: data))
    }
    guard !graphs.isEmpty else { throw BenchmarkError("no app definitions given") }
    return (0..<parameters.apps).map { index in
      var app = graphs[index % graphs.count]
      app.name += "\(index)"
      app.package += ".app\(index)"
      return app
    }
  }

  /// A page as variant `variant` shows it: the number after its title and every text.
  static func page(_ page: AppDefinition.Page, variant: Int) -> AppDefinition.Page {
    var page = page
    page.title += " \(variant)"
    page.elements = page.elements.map { element in
      var element = element
      if let text = element.text { element.text = "\(text) \(variant)" }
      if let desc = element.desc { element.desc = "\(desc) \(variant)" }
      return element
    }
    return page
  }

  private static func writeChunk(
    _ index: Int, parameters: Parameters, apps: [AppDefinition], renderer: ScreenRenderer,
    to folder: String
  ) throws {
    try FileManager.default.createDirectory(
      atPath: folder + "/captures", withIntermediateDirectories: true)
    var walk = try BenchmarkWalk(apps: apps, seed: 42 &+ UInt64(index))
    var steps: [BenchmarkStep] = []
    steps.reserveCapacity(parameters.chunk)
    for offset in 0..<parameters.chunk {
      let number = index * parameters.chunk + offset
      let walked = try walk.next()
      let variant = number / parameters.variantEvery
      let shown = page(walked.page, variant: variant)
      let key = "\(walked.app.name)/\(walked.pageName)/\(variant)/\(walked.clock)"
      let name = "captures/\(number)"
      // Captures of one key lie in one variant's window of `variantEvery` visits, so the
      // visit's place in that window tells them apart: it fits the few state attributes of a
      // small page, where the dataset-wide number (18 bits at 200,000) does not.
      let xml = try DistinctCapture.markXML(
        Array(renderer.xml(shown, app: walked.app, clock: walked.clock).utf8),
        serial: number % parameters.variantEvery + 1, source: key)
      try Data(xml).write(to: URL(fileURLWithPath: folder + "/" + name + ".xml"))
      var image = renderer.screenshot(shown, clock: walked.clock)
      DistinctCapture.markImage(&image, serial: number + 1)
      // zlib level 1 with Sub-filtered rows: a quarter of the default's CPU time (adaptive
      // filtering and level 6 were 80 % of generating a visit), about 25 KB a screenshot.
      try Data(try image.pngData(fast: true)).write(
        to: URL(fileURLWithPath: folder + "/" + name + ".png"))
      // The first visit of a chunk starts afresh: chunks are independent traces.
      steps.append(
        BenchmarkStep(
          id: "\(number)", app: walked.app.package, xml: name + ".xml",
          screenshot: name + ".png", isStart: walked.isRestart || offset == 0, tap: (100, 250)))
    }
    try BenchmarkTrace.write(steps, to: folder, screenshots: true)
  }
}
