import Agent
import Foundation
import Geometry
import GraphStore
import Ingest
import Models
import UIHierarchy

/// `agent act` latency: a generated graph (as the query benchmark's, 100,000 pages by default)
/// in which chosen pages get the line hashes of a generated 300-node screen, then the policy
/// (graph memory, built-in model) decides on those screens.
enum AgentBenchmark {
  static func run(database: String, pages: Int, apps: Int, queries: Int, nodes: Int) throws {
    if try !QueryBenchmark.exists(database, pages: pages, apps: apps) {
      try QueryBenchmark.generate(
        database, pagesPerApp: pages / apps, apps: apps, edgesPerPage: 6, seed: 42)
    }
    let writable = try Database(path: database)
    let writer = try GraphWriter(database: writable)
    let folder = URL(fileURLWithPath: database + "-screens")
    try? FileManager.default.removeItem(at: folder)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    var random = SeededGenerator(seed: 7)
    var cases: [(xml: String, goal: String)] = []
    let total = try writable.pageCount()
    let first = try writable.firstPageID() ?? 1
    try writer.beginWrite()
    for index in 0..<queries {
      let page = first + Int64.random(in: 0..<total, using: &random)
      let labels = try writable.elementTexts(page: page)
      let xml = screen(page: page, labels: labels, nodes: nodes)
      let path = folder.appendingPathComponent("\(index).xml").path
      try xml.write(toFile: path, atomically: false, encoding: .utf8)
      let lines = LineHashes(CompactHTML(try UITree(contentsOf: path)).lines)
      try writer.setLineHashes(
        page: page, lineHashes: lines.packed,
        lineSetHash: Int64(bitPattern: PageIdentifier.setHash(lines)))
      let target = labels.filter { $0.hasPrefix("Open") || $0.hasPrefix("Item") }
      cases.append((path, target.randomElement(using: &random) ?? labels.first ?? "Home"))
    }
    try writer.commit()
    let db = try Database(path: database, mode: .readOnly)
    let model = try BuiltinModel(language: .en)
    for (name, memory) in [("graph memory + builtin", Optional(db)), ("builtin only", nil)] {
      let policy = AgentPolicy(model: model, memory: memory)
      var times: [Double] = []
      var remembered = 0
      for (xml, goal) in cases {
        var decision: AgentDecision?
        times.append(
          try seconds {
            decision = try runBlocking {
              try await policy.act(goal: goal, xml: xml, screenshot: nil, width: 1080, height: 2400)
            }
          })
        if decision?.fromMemory == true { remembered += 1 }
      }
      QueryBenchmark.report(
        "agent act, \(name) (\(nodes)-node screen)", times,
        extra: "\(remembered) of \(cases.count) decided by the graph")
    }
  }

  /// A screen of `nodes` nodes: the page's element labels as buttons, filler rows of text.
  static func screen(page: Int64, labels: [String], nodes: Int) -> String {
    var xml =
      "<hierarchy rotation=\"0\"><node class=\"android.widget.FrameLayout\" package=\"bench\" bounds=\"[0,0][1080,2400]\">"
    var count = 1
    for (index, label) in labels.enumerated() {
      let top = 100 + index * 90
      xml +=
        "<node class=\"android.widget.Button\" text=\"\(label)\" clickable=\"true\" package=\"bench\" bounds=\"[0,\(top)][1080,\(top + 80)]\"/>"
      count += 1
    }
    var row = 0
    while count + 2 <= nodes {
      let top = 800 + row * 5
      xml +=
        "<node class=\"android.widget.LinearLayout\" package=\"bench\" bounds=\"[0,\(top)][1080,\(top + 5)]\"><node class=\"android.widget.TextView\" text=\"Row \(row) of page \(page)\" package=\"bench\" bounds=\"[0,\(top)][1080,\(top + 5)]\"/></node>"
      count += 2
      row += 1
    }
    return xml + "</node></hierarchy>"
  }
}
