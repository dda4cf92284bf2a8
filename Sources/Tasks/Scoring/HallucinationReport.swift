/// What `m3m corpus check` found: per task, how many answers hold a made-up part (and of which
/// kind) beside the task's accuracy; the lines that could not be checked.
public struct HallucinationReport: Sendable, Codable {
  /// The predictions file.
  public var file: String
  /// Records checked.
  public var records = 0
  /// Records with at least one finding.
  public var hallucinated = 0
  /// Per task (its raw value).
  public var tasks: [String: TaskRow] = [:]
  /// The first flagged records (at most ``exampleLimit``), with their findings.
  public var examples: [Example] = []
  /// Lines that could not be checked: `FILE:LINE: reason`.
  public var errors: [String] = []

  /// Examples kept in ``examples``.
  public static let exampleLimit = 20

  /// One task's counts.
  public struct TaskRow: Sendable, Codable, Hashable {
    /// Records of the task.
    public var records = 0
    /// Records with at least one finding.
    public var hallucinated = 0
    /// `hallucinated / records`.
    public var rate: Double { records > 0 ? Double(hallucinated) / Double(records) : 0 }
    /// Records with at least one finding of each kind.
    public var byKind: [String: Int] = [:]
    /// The metric shown as accuracy (see ``HallucinationCheck/accuracyMetric(_:)``).
    public var accuracyMetric: String
    /// Its mean over the records that have it (from `scores`, or computed from `target`).
    public var accuracy: Double? { scored > 0 ? accuracyTotal / Double(scored) : nil }
    /// Records with an accuracy.
    public var scored = 0
    var accuracyTotal = 0.0

    private enum CodingKeys: String, CodingKey {
      case records, hallucinated, rate, byKind, accuracyMetric, accuracy, scored
    }

    init(accuracyMetric: String) { self.accuracyMetric = accuracyMetric }

    /// Encodes the counts with the rate and accuracy worked out.
    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(records, forKey: .records)
      try container.encode(hallucinated, forKey: .hallucinated)
      try container.encode(rate, forKey: .rate)
      try container.encode(byKind, forKey: .byKind)
      try container.encode(accuracyMetric, forKey: .accuracyMetric)
      try container.encodeIfPresent(accuracy, forKey: .accuracy)
      try container.encode(scored, forKey: .scored)
    }

    /// Decodes the counts (rate and accuracy are derived).
    public init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      records = try container.decode(Int.self, forKey: .records)
      hallucinated = try container.decode(Int.self, forKey: .hallucinated)
      byKind = try container.decode([String: Int].self, forKey: .byKind)
      accuracyMetric = try container.decode(String.self, forKey: .accuracyMetric)
      scored = try container.decode(Int.self, forKey: .scored)
      accuracyTotal =
        (try container.decodeIfPresent(Double.self, forKey: .accuracy) ?? 0)
        * Double(scored)
    }
  }

  /// A flagged record.
  public struct Example: Sendable, Codable, Hashable {
    /// Its line in the file.
    public var line: Int
    /// Its sample id, when the line has one.
    public var id: String?
    /// Its task.
    public var task: TaskKind
    /// The page checked against.
    public var page: Int64
    /// What is made up.
    public var findings: [HallucinationFinding]
  }

  /// The outcome of one record.
  struct Outcome {
    var task: TaskKind
    var page: Int64
    var findings: [HallucinationFinding]
    var accuracy: Double?
  }

  init(file: String) { self.file = file }

  mutating func add(_ outcome: Outcome, line: Int, id: String?) {
    records += 1
    var row =
      tasks[outcome.task.rawValue]
      ?? TaskRow(accuracyMetric: HallucinationCheck.accuracyMetric(outcome.task))
    row.records += 1
    if let accuracy = outcome.accuracy {
      row.scored += 1
      row.accuracyTotal += accuracy
    }
    if !outcome.findings.isEmpty {
      hallucinated += 1
      row.hallucinated += 1
      for kind in Set(outcome.findings.map(\.kind)) { row.byKind[kind.rawValue, default: 0] += 1 }
      if examples.count < Self.exampleLimit {
        examples.append(
          Example(
            line: line, id: id, task: outcome.task, page: outcome.page,
            findings: outcome.findings))
      }
    }
    tasks[outcome.task.rawValue] = row
  }
}
