import FileIO
import Foundation
import GraphStore
import UIHierarchy

/// `m3m corpus check`: reads a predictions file (one JSON object a line, as `corpus eval`
/// writes it: `task`, `prediction`, `page`, `parentPage` for action prediction, and `target`
/// or `scores` for the accuracy), looks each page up in the graph and flags the answers that
/// the page proves made up (see ``HallucinationFinding``).
///
/// A line that cannot be checked (not JSON, no page, a page the graph does not have, a dump
/// that cannot be read) is reported with the file and line number and skipped; the others are
/// still checked.
public struct HallucinationCheck {
  private let database: Database
  private var evidence: [Int64: (first: PageEvidence, merged: PageEvidence?)] = [:]
  private var recordings: [Int64: PageRecording] = [:]

  /// A check against the pages of `database`.
  public init(database: Database) {
    self.database = database
  }

  /// The metric shown as a task's accuracy beside its hallucination rate: the strict one.
  public static func accuracyMetric(_ task: TaskKind) -> String {
    switch task {
    case .grounding: "iou@0.5"
    case .elementList, .actionSpace: "f1"
    case .actionPrediction, .navigation: "exact_acc"
    }
  }

  /// One prediction as the file holds it (other fields are ignored).
  struct PredictionLine: Decodable {
    var id: String?
    var task: TaskKind
    var prediction: String
    var page: Int64?
    var parentPage: Int64?
    var target: String?
    var scores: [String: Double]?
  }

  /// Checks every line of the file at `path`.
  /// - Throws: ``InputError`` when the file cannot be read at all; a bad line is reported in
  ///   ``HallucinationReport/errors`` instead.
  public mutating func run(path: String) throws -> HallucinationReport {
    let text = try InputFile.text(path)
    var report = HallucinationReport(file: path)
    let decoder = JSONDecoder()
    // Split on the byte: a String sees "\r\n" as one character, so a CRLF file would be one line.
    let lines = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false)
    for (index, line) in lines.enumerated() {
      let number = index + 1
      guard !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D || $0 == 0x09 }) else { continue }
      do {
        let record: PredictionLine
        do {
          record = try decoder.decode(PredictionLine.self, from: Data(line))
        } catch {
          throw LineError("not a prediction record (\(PlainErrorText.describe(error)))")
        }
        let outcome = try check(record)
        report.add(outcome, line: number, id: record.id)
      } catch let error as LineError {
        report.errors.append("\(path):\(number): \(error.reason)")
      }
    }
    return report
  }

  /// The findings and the accuracy of one record.
  mutating func check(_ record: PredictionLine) throws -> HallucinationReport.Outcome {
    let pageKey = record.task == .actionPrediction ? "parentPage" : "page"
    guard let page = record.task == .actionPrediction ? record.parentPage : record.page else {
      throw LineError("no \(pageKey) (the page the answer is about)")
    }
    let recording = try recording(page)
    let screen = (width: recording.width ?? 720, height: recording.height ?? 1280)
    var findings = HallucinationFinding.findings(
      record.task, prediction: record.prediction, evidence: try evidence(page).first,
      screen: screen)
    // Dedup folds screens that differ a little into one page: what any visit shows counts.
    if !findings.isEmpty, recording.visitXMLPaths.count > 1 {
      findings = HallucinationFinding.findings(
        record.task, prediction: record.prediction, evidence: try mergedEvidence(page),
        screen: screen)
    }
    let metric = Self.accuracyMetric(record.task)
    let accuracy =
      record.scores?[metric]
      ?? record.target.flatMap {
        TaskMetrics.score(record.task, prediction: record.prediction, target: $0, screen: screen)[
          metric]
      }
    return HallucinationReport.Outcome(
      task: record.task, page: page, findings: findings, accuracy: accuracy)
  }

  private mutating func recording(_ page: Int64) throws -> PageRecording {
    if let known = recordings[page] { return known }
    let found: PageRecording?
    do {
      found = try database.pageRecording(page)
    } catch {
      throw LineError("cannot read page \(page): \(PlainErrorText.describe(error))")
    }
    guard let recording = found else {
      throw LineError("unknown page \(page) (the graph \(database.path) has no such page)")
    }
    guard recording.xmlPath != nil else {
      throw LineError("page \(page) has no recorded dump to check against")
    }
    if recordings.count > 4096 { recordings.removeAll() }
    recordings[page] = recording
    return recording
  }

  private mutating func evidence(_ page: Int64) throws -> (
    first: PageEvidence, merged: PageEvidence?
  ) {
    if let known = evidence[page] { return known }
    let recording = try recording(page)
    let first = try Self.evidence(dump: recording.xmlPath ?? "", page: page)
    if evidence.count > 1024 { evidence.removeAll() }
    evidence[page] = (first, nil)
    return (first, nil)
  }

  private mutating func mergedEvidence(_ page: Int64) throws -> PageEvidence {
    var known = try evidence(page)
    if let merged = known.merged { return merged }
    var merged = known.first
    for dump in try recording(page).visitXMLPaths.dropFirst() {
      merged.merge(try Self.evidence(dump: dump, page: page))
    }
    known.merged = merged
    evidence[page] = known
    return merged
  }

  private static func evidence(dump: String, page: Int64) throws -> PageEvidence {
    do {
      return PageEvidence(tree: try UITree(contentsOf: dump))
    } catch {
      throw LineError("the dump of page \(page) cannot be read: \(PlainErrorText.describe(error))")
    }
  }

  /// Why one line could not be checked.
  struct LineError: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
  }
}
