import FileIO
import Foundation

/// The UIBert RefExp check (`uibert-refexp-*.jsonl`: a Rico screen's view-hierarchy leaves,
/// candidate boxes and a referring expression): how often the built-in resolver picks the
/// labelled candidate, from the hierarchy alone (RefExp ships no pixels).
public enum RefExpEvaluation {
  /// One record's outcome.
  public struct Outcome: Sendable, Codable, Hashable {
    /// The record's `index`.
    public var index: Int
    /// The expression.
    public var expression: String
    /// The labelled candidate.
    public var target: Int
    /// The chosen candidate (nil when there were none).
    public var predicted: Int?
    /// Chosen == labelled.
    public var correct: Bool
    /// IoU of the chosen and the labelled box ≥ 0.5.
    public var iouHit: Bool
    /// Candidates on the screen.
    public var candidates: Int
  }

  /// The totals.
  public struct Report: Sendable, Codable, Hashable {
    /// Records scored.
    public var samples = 0
    /// Share where the chosen candidate is the labelled one.
    public var accuracy = 0.0
    /// Share where the chosen box has IoU ≥ 0.5 with the labelled one.
    public var iouAt50 = 0.0
    /// Accuracy of picking a candidate at random (mean of 1 / candidates).
    public var randomBaseline = 0.0
    /// Lines that could not be read, with their number and reason.
    public var unreadable: [String] = []
  }

  private struct Record: Decodable {
    var index: Int
    var expression: String
    var targetObjectIndex: Int
    var objects: [[Double]]
    var leaves: [Leaf]

    enum CodingKeys: String, CodingKey {
      case index
      case expression = "ref_exp"
      case targetObjectIndex = "target_object_index"
      case objects = "objects_xyxy"
      case leaves = "view_hierarchy_leaves"
    }
  }

  private struct Leaf: Decodable {
    var bbox: [Double]
    var className: String?
    var text: String?
    var contentDescription: String?
    var resourceID: String?

    enum CodingKeys: String, CodingKey {
      case bbox, text
      case className = "class_name"
      case contentDescription = "content_description"
      case resourceID = "resource_id"
    }
  }

  /// Reads `path` line by line and scores every record; `each` sees every outcome.
  public static func run(path: String, limit: Int = .max, each: (Outcome) throws -> Void) throws
    -> Report
  {
    try InputFile.checkReadable(path)
    guard let handle = FileHandle(forReadingAtPath: path) else {
      throw InputError(path: path, reason: "cannot open the file")
    }
    defer { try? handle.close() }
    var report = Report()
    var correct = 0
    var hits = 0
    var chance = 0.0
    var lineNumber = 0
    var buffer = Data()
    func process(_ line: Data) throws {
      lineNumber += 1
      guard report.samples < limit, !line.allSatisfy({ $0 == 0x20 || $0 == 0x0D }) else { return }
      let record: Record
      do {
        record = try JSONDecoder().decode(Record.self, from: line)
      } catch {
        report.unreadable.append(
          "\(path):\(lineNumber): not a RefExp record (\(PlainErrorText.describe(error)))")
        return
      }
      let candidates = record.objects.filter { $0.count == 4 }.map { ScreenElement(box: $0) }
      guard candidates.count == record.objects.count,
        candidates.indices.contains(record.targetObjectIndex)
      else {
        report.unreadable.append("\(path):\(lineNumber): candidate boxes or target index invalid")
        return
      }
      let leaves = record.leaves.filter { $0.bbox.count == 4 }.map {
        ScreenElement(
          box: $0.bbox, text: $0.text ?? "", contentDescription: $0.contentDescription ?? "",
          resourceID: $0.resourceID ?? "", className: $0.className ?? "")
      }
      let predicted = ReferringExpressionResolver.resolve(
        record.expression, candidates: candidates, context: leaves)
      let target = candidates[record.targetObjectIndex]
      let iou = predicted.map { candidates[$0].overlap(target.box) } ?? 0
      let outcome = Outcome(
        index: record.index, expression: record.expression, target: record.targetObjectIndex,
        predicted: predicted, correct: predicted == record.targetObjectIndex,
        iouHit: iou >= 0.5, candidates: candidates.count)
      report.samples += 1
      if outcome.correct { correct += 1 }
      if outcome.iouHit { hits += 1 }
      chance += 1 / Double(candidates.count)
      try each(outcome)
    }
    func chunk() throws -> Data? {
      do {
        return try handle.read(upToCount: 1 << 20)
      } catch {
        throw InputError(path: path, reason: PlainErrorText.reason(error))
      }
    }
    while let chunk = try chunk(), !chunk.isEmpty {
      buffer.append(chunk)
      while let newline = buffer.firstIndex(of: 0x0A) {
        try process(buffer[buffer.startIndex..<newline])
        buffer = buffer[(newline + 1)...]
      }
    }
    if !buffer.isEmpty { try process(buffer) }
    if report.samples > 0 {
      report.accuracy = Double(correct) / Double(report.samples)
      report.iouAt50 = Double(hits) / Double(report.samples)
      report.randomBaseline = chance / Double(report.samples)
    }
    return report
  }
}
