import Foundation
import TestSupport
import Testing
import UIHierarchy

@testable import Ingest

/// The readers hand their steps over as they are read (a page index, screen numbers or plans
/// held, trees and resolved actions made on access); these tests check that what they hand over
/// is exactly what the readers listed before they streamed (`ListedSteps` below is that code,
/// kept here as the reference), on the sample data.
@Suite("Streaming readers")
struct StreamingReaderTests {
  @Test("Mobile3M: the sample apps' pages, streamed, equal the old listing")
  func mobile3M() throws {
    let root = Fixtures.repositoryRoot.appendingPathComponent("Mobile3M").path
    let apps = try FileManager.default.contentsOfDirectory(atPath: root).sorted()
      .map { root + "/" + $0 }.filter(Mobile3MReader.recognises)
    #expect(apps.count >= 3)
    for app in apps {
      let streamed = Array(try Mobile3MReader.steps(in: app)).map(StepSnapshot.init)
      let listed = try ListedSteps.mobile3M(in: app).map(StepSnapshot.init)
      #expect(!streamed.isEmpty)
      #expect(streamed == listed, "\(app)")
    }
  }

  @Test(
    "AppAgent: the 27 real task folders, streamed, equal the old listing",
    .enabled(if: Fixtures.hasRealData, "\(Fixtures.realDataMissing)"))
  func appAgent() throws {
    let tasks = Fixtures.realData.appendingPathComponent("Untergang1__AppAgent/tasks").path
    let folders = try FileManager.default.contentsOfDirectory(atPath: tasks).sorted()
      .map { tasks + "/" + $0 }
    #expect(folders.count == 27)
    var withFinalAction = 0
    for folder in folders {
      let streamed = Array(try AppAgentReader.steps(in: folder)).map(StepSnapshot.init)
      let listed = try ListedSteps.appAgent(in: folder).map(StepSnapshot.init)
      #expect(streamed == listed, "\(folder)")
      if streamed.last?.finalAction != nil { withFinalAction += 1 }
    }
    #expect(withFinalAction > 0)
  }

  @Test(
    "DroidBot: the real Yelp run, streamed, equals the old listing; no tree is held",
    .enabled(if: Fixtures.hasRealData, "\(Fixtures.realDataMissing)"))
  func droidBot() throws {
    let folder = Fixtures.realData.appendingPathComponent(
      "honeynet__droidbot/report_com.yelp.android"
    ).path
    let steps = try DroidBotReader.steps(in: folder)
    #expect(steps.planned.allSatisfy { $0.tree == nil })
    let streamed = steps.map(StepSnapshot.init)
    #expect(streamed.count >= 30)
    #expect(streamed.allSatisfy { $0.tree != nil })
    #expect(streamed == (try ListedSteps.droidBot(in: folder).map(StepSnapshot.init)))
  }

  @Test(
    "LlamaTouch: the real trace, streamed, equals the old listing",
    .enabled(if: Fixtures.hasRealData, "\(Fixtures.realDataMissing)"))
  func llamaTouch() throws {
    let folder = Fixtures.realData.appendingPathComponent(
      "LlamaTouch__Evaluator/evaluator/testbed_evaluation/tests/test_case/trace_18"
    ).path
    let streamed = Array(try LlamaTouchReader.steps(in: folder)).map(StepSnapshot.init)
    #expect(streamed.count == 5)
    #expect(streamed == (try ListedSteps.llamaTouch(in: folder).map(StepSnapshot.init)))
  }

  @Test("lines: CRLF, an empty line, a last line without newline; one over the limit skipped")
  func lineReader() throws {
    let folder = try Fixtures.temporaryDirectory("lines")
    let path = folder.appendingPathComponent("log.txt").path
    let long = String(repeating: "x", count: 200_000)  // across several 64 KB blocks
    try "first\r\n\(long)\nthird\n\nlast".write(toFile: path, atomically: true, encoding: .utf8)
    let iterator = try LineReader(path: path, maximumLineBytes: 100_000).makeIterator()
    var numbers: [Int] = []
    var lines: [String] = []
    var tooLong: [Bool] = []
    while let (number, line) = iterator.next() {
      numbers.append(number)
      lines.append(line)
      tooLong.append(iterator.lastLineWasTooLong)
    }
    #expect(numbers == [1, 2, 3, 4, 5])
    #expect(lines == ["first", "", "third", "", "last"])
    #expect(tooLong == [false, true, false, false, false])
    let whole = Array(try LineReader(path: path, maximumLineBytes: 200_000)).map(\.1)
    #expect(whole == ["first", long, "third", "", "last"])
  }

  @Test("a trace line over 16 MB becomes a step with its reason; the lines around it are read")
  func overlongTraceLine() throws {
    let folder = try Fixtures.temporaryDirectory("long-line")
    let huge = String(repeating: " ", count: LineReader.defaultMaximumLineBytes + 1)
    try """
    {"id": "a", "app": "x", "xml": "a.xml"}
    {"id": "b", "xml": "b.xml", "pad": "\(huge)"}
    {"id": "c", "xml": "c.xml"}
    """.write(
      to: folder.appendingPathComponent("steps.jsonl"), atomically: true, encoding: .utf8)
    let steps = Array(try TraceFolderReader.steps(in: folder.path))
    #expect(steps.map(\.record) == ["a", "line 2", "c"])
    #expect(
      steps[1].problem
        == "\(folder.path)/steps.jsonl: line 2 is longer than 16 MB, the most a line may be")
    #expect(steps[2].parentRecord == "a" && steps[0].problem == nil && steps[2].problem == nil)
  }

  @Test("a file a reader must take whole is refused over 64 MB, naming the file and its size")
  func oversizedWholeFile() throws {
    let folder = try Fixtures.temporaryDirectory("whole-file")
    let record = folder.appendingPathComponent("record.json")
    // A sparse file: its size is what is checked, before anything is read.
    #expect(FileManager.default.createFile(atPath: record.path, contents: Data("{".utf8)))
    let handle = try FileHandle(forWritingTo: record)
    try handle.truncate(atOffset: UInt64(WholeFile.defaultLimit + (1 << 20)))
    try handle.close()
    let error = try #require(throws: IngestError.self) {
      try EpisodeReader.steps(in: folder.path)
    }
    #expect(error.source == record.path)
    #expect(error.reason == "the file is 65 MB, more than the 64 MB a reader takes whole")
  }
}

/// Everything a reader tells ingest about a step, comparable.
struct StepSnapshot: Equatable {
  var fields: [String]
  var tree: String?
  var finalAction: TraceAction?

  init(_ step: TraceStep) {
    fields = [
      step.record, step.app, step.name ?? "-", step.parentRecord ?? "-",
      step.depth.map(String.init) ?? "-", step.xmlPath ?? "-", step.screenshotPath ?? "-",
      step.action.map { "\($0)" } ?? "-", step.problem ?? "-", step.goal ?? "-",
      step.screenSize.map { "\($0.width)x\($0.height)" } ?? "-",
    ]
    tree = step.tree.map { "\($0.nodes.count) \(CompactHTML($0).text)" }
    finalAction = step.finalAction
  }
}

/// The readers' `steps(in:)` as they were before they streamed (each listed every step first).
enum ListedSteps {
  static func mobile3M(in folder: String) throws -> [TraceStep] {
    let pages = try Mobile3MLayout.readDoubleEncoded(folder + "/all_page_id.json")
    let actionIDs = try Mobile3MLayout.readDoubleEncoded(folder + "/all_action_id.json")
    var actionByID: [String: String] = [:]
    for (string, id) in actionIDs { actionByID["\(id)"] = string }
    let folderName = URL(fileURLWithPath: folder).lastPathComponent
    let app =
      folderName.range(of: "_graph_").map { String(folderName[..<$0.lowerBound]) } ?? folderName
    let names = pages.keys.sorted {
      let a = $0.split(separator: "_").count
      let b = $1.split(separator: "_").count
      return a != b ? a < b : $0 < $1
    }
    return names.map { name in
      let parts = name.split(separator: "_")
      let parent = parts.count > 1 ? parts.dropLast().joined(separator: "_") : nil
      let base = "\(folder)/\(name)/\(name)"
      var action: TraceAction?
      if parent != nil, let last = parts.last {
        action =
          actionByID[String(last)].map(Mobile3MReader.action) ?? TraceAction(type: "unknown")
      }
      let screenshot = base + "-screen.png"
      return TraceStep(
        record: name, app: app, name: name, parentRecord: parent, depth: parts.count,
        xmlPath: base + "-xml.txt",
        screenshotPath: FileManager.default.fileExists(atPath: screenshot) ? screenshot : nil,
        action: action)
    }
  }

  static func appAgent(in folder: String, app: String = "appagent") throws -> [TraceStep] {
    let names = try FileManager.default.contentsOfDirectory(atPath: folder)
    let log = names.first { $0.hasPrefix("log_") && $0.hasSuffix(".txt") }.map { folder + "/" + $0 }
    let text = log.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) } ?? ""
    var actions: [Int: String] = [:]
    var goal: String?
    for line in text.split(separator: "\n") {
      guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
      else { continue }
      if goal == nil, let prompt = object["prompt"] as? String,
        let start = prompt.range(of: "The task you need to complete is to ")
      {
        var task = prompt[start.upperBound...]
        if let end = task.range(of: ". Your past actions") { task = task[..<end.lowerBound] }
        let found = String(task.split(separator: "\n").first ?? "")
          .trimmingCharacters(in: .whitespaces)
        if !found.isEmpty { goal = found }
      }
      guard let step = object["step"] as? Int, let response = object["response"] as? String,
        let range = response.range(of: "Action:", options: .backwards)
      else { continue }
      let rest = response[range.upperBound...].trimmingCharacters(in: .whitespaces)
      actions[step] = String(rest.split(separator: "\n").first ?? "")
        .components(separatedBy: " Summary:").first?.trimmingCharacters(in: .whitespaces)
    }
    let task = URL(fileURLWithPath: folder).lastPathComponent
    let numbers = Set(names.compactMap { AppAgentReader.screenNumber($0, task: task) })
    var steps: [TraceStep] = []
    var previous: (number: Int, xml: String)?
    for number in numbers.sorted() {
      let xml = "\(folder)/\(task)_\(number).xml"
      let png = "\(folder)/\(task)_\(number).png"
      let hasXML = FileManager.default.fileExists(atPath: xml)
      var action: TraceAction?
      if let previous {
        action = AppAgentReader.resolve(actions[previous.number], onDump: previous.xml)
      }
      steps.append(
        TraceStep(
          record: "step_\(number)", app: app,
          parentRecord: previous.map { "step_\($0.number)" }, xmlPath: hasXML ? xml : nil,
          screenshotPath: FileManager.default.fileExists(atPath: png) ? png : nil, action: action))
      if steps.count == 1 { steps[0].goal = goal }
      previous = (number, xml)
    }
    if let previous, let command = actions[previous.number], !steps.isEmpty {
      steps[steps.count - 1].finalAction = AppAgentReader.resolve(command, onDump: previous.xml)
    }
    return steps
  }

  /// As before, except the run's app: the first package in state-file order (it was the first
  /// found in a dictionary's order, which varies between runs when states name several).
  static func droidBot(in folder: String) throws -> [TraceStep] {
    let fm = FileManager.default
    let statesFolder = folder + "/states"
    let stateNames = try fm.contentsOfDirectory(atPath: statesFolder)
    var states: [String: (record: String, step: TraceStep)] = [:]
    var order: [String] = []
    var steps: [TraceStep] = []
    var app = ""
    for name in stateNames.sorted() where name.hasPrefix("state_") && name.hasSuffix(".json") {
      let path = statesFolder + "/" + name
      let tag = String(name.dropFirst(6).dropLast(5))
      let record = "state_\(tag)"
      let screenshot = statesFolder + "/screen_\(tag).png"
      var step = TraceStep(
        record: record, app: "", xmlPath: path,
        screenshotPath: fm.fileExists(atPath: screenshot) ? screenshot : nil)
      do {
        let (key, tree, package) = try DroidBotReader.readState(path)
        step.tree = tree
        step.app = package
        if app.isEmpty { app = package }
        states[key] = (record, step)
        order.append(key)
      } catch {
        step.problem = "\(error)"
        steps.append(step)
      }
    }
    if app.isEmpty { app = "droidbot" }
    var lastVisit: [String: String] = [:]
    func rootVisit(_ key: String) {
      guard lastVisit[key] == nil, var step = states[key]?.step else { return }
      step.app = app
      steps.append(step)
      lastVisit[key] = step.record
    }
    let eventsFolder = folder + "/events"
    let eventNames = ((try? fm.contentsOfDirectory(atPath: eventsFolder)) ?? []).sorted()
    for name in eventNames where name.hasSuffix(".json") {
      let path = eventsFolder + "/" + name
      guard let data = fm.contents(atPath: path),
        let event = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
        let stop = event["stop_state"] as? String
      else {
        var step = TraceStep(record: String(name.dropLast(5)), app: app, xmlPath: path)
        step.problem = "\(path): not a DroidBot event"
        steps.append(step)
        continue
      }
      guard var step = states[stop]?.step else { continue }
      let start = event["start_state"] as? String
      if let start { rootVisit(start) }
      step.record = String(name.dropLast(5))
      step.app = app
      step.parentRecord = start.flatMap { lastVisit[$0] }
      step.action =
        step.parentRecord == nil ? nil : DroidBotReader.action(event["event"] as? [String: Any])
      steps.append(step)
      lastVisit[stop] = step.record
    }
    for key in order { rootVisit(key) }
    return steps
  }

  static func llamaTouch(in folder: String) throws -> [TraceStep] {
    let eventsPath = folder + "/eventStructs.txt"
    let text = try String(contentsOfFile: eventsPath, encoding: .utf8)
    let events = text.split(whereSeparator: \.isNewline).map(String.init)
    let goal = LlamaTouchReader.instruction(in: folder)
    var steps: [TraceStep] = []
    var index = 0
    while FileManager.default.fileExists(atPath: "\(folder)/\(index).xml") {
      let xml = "\(folder)/\(index).xml"
      let tree = try? UITree(contentsOf: xml)
      let app = tree.flatMap { tree in tree.windows.first.map { tree.nodes[$0].package } } ?? ""
      var step = TraceStep(
        record: String(index), app: app.isEmpty ? "unknown" : app,
        parentRecord: index > 0 ? String(index - 1) : nil, xmlPath: xml,
        screenshotPath: FileManager.default.fileExists(atPath: "\(folder)/\(index).png")
          ? "\(folder)/\(index).png" : nil)
      step.goal = goal
      step.screenSize = LlamaTouchReader.screenSize(png: step.screenshotPath, xml: xml)
      if index > 0, events.indices.contains(index - 1) {
        let parentSize = steps[index - 1].screenSize ?? (1080, 2400)
        do {
          step.action = try LlamaTouchReader.action(
            events[index - 1], screen: parentSize, source: "\(eventsPath):\(index)")
        } catch {
          step.problem = "\(error)"
        }
      }
      steps.append(step)
      index += 1
    }
    if events.indices.contains(index - 1), let last = steps.last {
      steps[steps.count - 1].finalAction = try? LlamaTouchReader.action(
        events[index - 1], screen: last.screenSize ?? (1080, 2400),
        source: "\(eventsPath):\(index)")
    }
    return steps
  }
}
