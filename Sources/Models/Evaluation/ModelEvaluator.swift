import FileIO
import Foundation
import Screenshots
import Tasks

/// One scored prediction.
public struct EvaluationRecord: Sendable, Codable, Hashable {
  /// The sample's id.
  public var id: String
  /// Its task.
  public var task: TaskKind
  /// Its split.
  public var split: CorpusSplit
  /// The page it shows (for action prediction: the second page).
  public var page: Int64?
  /// For action prediction: the first page, where the action is taken.
  public var parentPage: Int64?
  /// What the model answered (empty when it failed).
  public var prediction: String
  /// The target.
  public var target: String
  /// Metric name → value (see ``TaskMetrics``).
  public var scores: [String: Double]
  /// Why the model gave no answer, when it failed.
  public var error: String?
  /// Why its answer could not be read, when it answered but unreadably (a coordinate out of
  /// range, no box for a grounding sample); such an answer is scored as empty.
  public var unreadable: String?
}

/// Means of every metric per task and split.
public struct EvaluationReport: Sendable, Codable {
  /// The model's name.
  public var model: String
  /// task → split → metric → mean.
  public var means: [String: [String: [String: Double]]] = [:]
  /// task → split → samples scored.
  public var counts: [String: [String: Int]] = [:]
  /// Samples the model failed on (scored as empty answers).
  public var failures = 0

  private var sums: [String: [String: [String: (total: Double, count: Int)]]] = [:]

  private enum CodingKeys: String, CodingKey { case model, means, counts, failures }

  init(model: String) { self.model = model }

  mutating func add(_ record: EvaluationRecord) {
    let task = record.task.rawValue
    let split = record.split.rawValue
    counts[task, default: [:]][split, default: 0] += 1
    if record.error != nil { failures += 1 }
    for (metric, value) in record.scores {
      let old = sums[task, default: [:]][split, default: [:]][metric] ?? (0, 0)
      let new = (old.0 + value, old.1 + 1)
      sums[task, default: [:]][split, default: [:]][metric] = new
      means[task, default: [:]][split, default: [:]][metric] = new.0 / Double(new.1)
    }
  }
}

/// Runs a model over samples, a bounded number at a time, and scores each answer.
public enum ModelEvaluator {
  /// Answers and scores every sample; `record` gets the results in sample order.
  public static func run(
    _ samples: [TaskSample], model: any UIModel, concurrency: Int = 4,
    record: (EvaluationRecord) throws -> Void
  ) async throws -> EvaluationReport {
    var report = EvaluationReport(model: model.name)
    var pending: [Int: EvaluationRecord] = [:]
    var nextToWrite = 0
    try await withThrowingTaskGroup(of: (Int, EvaluationRecord).self) { group in
      var nextToStart = 0
      func start() {
        guard nextToStart < samples.count else { return }
        let index = nextToStart
        let sample = samples[index]
        nextToStart += 1
        group.addTask { (index, await evaluate(sample, model: model)) }
      }
      for _ in 0..<max(1, concurrency) { start() }
      while let (index, result) = try await group.next() {
        pending[index] = result
        while let ready = pending.removeValue(forKey: nextToWrite) {
          report.add(ready)
          try record(ready)
          nextToWrite += 1
        }
        start()
      }
    }
    // The built-in model's name says which inputs it read: known once it has answered.
    report.model = model.name
    return report
  }

  /// One sample: the model's answer (or its failure) and the scores.
  public static func evaluate(_ sample: TaskSample, model: any UIModel) async -> EvaluationRecord {
    var prediction = ""
    var failure: String?
    do {
      prediction = try await model.answer(ModelRequest(sample))
    } catch {
      failure = PlainErrorText.describe(error)
    }
    let screen = sample.images.first.flatMap { try? ImageInfo(contentsOfImage: $0) }
    let size = (width: screen?.width ?? 720, height: screen?.height ?? 1280)
    let scores = TaskMetrics.score(
      sample.task, prediction: prediction, target: sample.target, screen: size)
    return EvaluationRecord(
      id: sample.id, task: sample.task, split: sample.split, page: sample.page,
      parentPage: sample.parentPage, prediction: prediction,
      target: sample.target, scores: scores, error: failure,
      unreadable: failure == nil
        ? TaskMetrics.unreadable(sample.task, prediction: prediction, screen: size) : nil)
  }
}
