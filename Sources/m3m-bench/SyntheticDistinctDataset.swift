import Foundation
import Screenshots
import SyntheticApps

/// Generated traces whose every capture is distinct: random walks with restarts over
/// graphs/*.json (each page rendered with three clock values, as in ``IngestBenchmark``), every
/// visit written as its own XML and PNG made distinct by ``DistinctCapture``, at a given screen
/// size. Lays out `xml/` and `pixel/` trace folders over one `captures/` folder.
enum SyntheticDistinctDataset {
  static func generate(graphs: [String], visits: Int, width: Int, height: Int, work: String) throws
  {
    let parameters = "synthetic \(graphs) visits \(visits) \(width)x\(height) v1"
    if !BenchmarkTrace.isComplete(work, parameters: parameters) {
      try? FileManager.default.removeItem(atPath: work)
      try write(graphs: graphs, visits: visits, width: width, height: height, work: work)
      try BenchmarkTrace.markComplete(work, parameters: parameters)
    }
    print("xml \(visits) 1")
    print("pixel \(visits) 1")
  }

  private static func write(
    graphs: [String], visits: Int, width: Int, height: Int, work: String
  ) throws {
    try FileManager.default.createDirectory(
      atPath: work + "/captures", withIntermediateDirectories: true)
    var renderer = ScreenRenderer()
    renderer.width = width
    renderer.height = height
    var apps: [AppDefinition] = []
    for path in graphs {
      guard let data = FileManager.default.contents(atPath: path) else {
        throw BenchmarkError("\(path): cannot read the app definition")
      }
      apps.append(try JSONDecoder().decode(AppDefinition.self, from: data))
    }
    var walk = try BenchmarkWalk(apps: apps)
    // Renderings by page and clock; each visit copies one and makes it distinct.
    var xmlCache: [String: [UInt8]] = [:]
    var imageCache: [String: RGBAImage] = [:]
    var steps: [BenchmarkStep] = []
    steps.reserveCapacity(visits)
    for visit in 0..<visits {
      let walked = try walk.next()
      let (app, page, clock) = (walked.app, walked.page, walked.clock)
      let key = app.name + "/" + walked.pageName + "/" + clock
      if xmlCache[key] == nil {
        xmlCache[key] = Array(renderer.xml(page, app: app, clock: clock).utf8)
        imageCache[key] = renderer.screenshot(page, clock: clock)
      }
      let name = "captures/\(visit)"
      try Data(
        DistinctCapture.markXML(xmlCache[key]!, serial: visit + 1, source: key)
      ).write(to: URL(fileURLWithPath: work + "/" + name + ".xml"))
      var image = imageCache[key]!
      DistinctCapture.markImage(&image, serial: visit + 1)
      try Data(try image.pngData(fast: false)).write(
        to: URL(fileURLWithPath: work + "/" + name + ".png"))
      steps.append(
        BenchmarkStep(
          id: "\(visit)", app: app.package, xml: "../" + name + ".xml",
          screenshot: "../" + name + ".png", isStart: walked.isRestart, tap: (100, 250)))
    }
    try BenchmarkTrace.write(steps, to: work + "/xml", screenshots: false)
    try BenchmarkTrace.write(steps, to: work + "/pixel", screenshots: true)
  }
}
