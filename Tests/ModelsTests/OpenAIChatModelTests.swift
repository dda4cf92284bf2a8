import Foundation
import Models
import Screenshots
import Tasks
import TestSupport
import Testing

/// The OpenAI-compatible client against a stub server over real HTTP.
@Suite("OpenAI-compatible client")
struct OpenAIChatModelTests {
  /// One PNG screenshot to send.
  static let screenshot: Result<String, any Error> = Result {
    let path = try Fixtures.temporaryDirectory("openai").appendingPathComponent("s.png").path
    try Data(RGBAImage(width: 8, height: 16, fill: .white).pngData())
      .write(to: URL(fileURLWithPath: path))
    return path
  }

  func model(_ server: StubChatServer, name: String = "stub-model", timeout: Double = 10)
    -> OpenAIChatModel
  {
    var configuration = OpenAIConfiguration(baseURL: server.baseURL, model: name, apiKey: "secret")
    configuration.timeout = timeout
    configuration.retries = 1
    configuration.retryDelay = 0.05
    return OpenAIChatModel(configuration: configuration)
  }

  func request(_ text: String, images: Int = 1) throws -> ModelRequest {
    ModelRequest(
      task: .grounding, instruction: text,
      images: Array(repeating: try Self.screenshot.get(), count: images), hierarchies: [])
  }

  @Test("sends the screenshots as base64 image parts with the key; reads the answer")
  func answers() async throws {
    guard let server = StubChatServer() else { return }
    let answer = try await model(server).answer(try request("where is ok", images: 2))
    #expect(answer.hasPrefix("click(<ref>ok</ref><box>[0,0][100,100]</box>)"))
    #expect(answer.contains("images=2"))
    #expect(answer.contains("auth=Bearer secret"))
    #expect(answer.contains("attempt=1"))
  }

  @Test("a 503 is retried; a 500 that persists fails with the status after the retries")
  func retries() async throws {
    guard let server = StubChatServer() else { return }
    let flaky = try await model(server).answer(try request("FLAKY one"))
    #expect(flaky.contains("attempt=2"))
    await #expect {
      _ = try await model(server).answer(try request("FAIL always"))
    } throws: { error in
      "\(error)".contains("HTTP 500") && "\(error)".contains("2 tries")
    }
  }

  @Test("a negative or NaN retry delay waits nothing instead of trapping")
  func oddRetryDelays() async throws {
    guard let server = StubChatServer() else { return }
    for delay in [-1.0, .nan] {
      var configuration = OpenAIConfiguration(baseURL: server.baseURL, model: "stub-model")
      configuration.retries = 2
      configuration.retryDelay = delay
      await #expect {
        _ = try await OpenAIChatModel(configuration: configuration).answer(
          try request("FAIL always"))
      } throws: { error in
        "\(error)".contains("HTTP 500") && "\(error)".contains("3 tries")
      }
    }
  }

  @Test("a 400 fails at once; a server slower than the timeout fails")
  func failures() async throws {
    guard let server = StubChatServer() else { return }
    await #expect {
      _ = try await model(server, name: "other").answer(try request("bad model"))
    } throws: { error in
      "\(error)".contains("HTTP 400") && "\(error)".contains("unknown model other")
    }
    // The stub answers SLOW requests after 5 s: with a 1 s timeout both tries time out (no
    // wall-clock check: the test threads may be busy with other suites).
    await #expect {
      _ = try await model(server, timeout: 1).answer(try request("SLOW please"))
    } throws: { error in
      "\(error)".contains("timed out") && "\(error)".contains("2 tries")
    }
  }

  @Test("evaluation runs the client over samples and scores the answers")
  func evaluation() async throws {
    guard let server = StubChatServer() else { return }
    let image = try Self.screenshot.get()
    let samples = (0..<6).map { number in
      TaskSample(
        id: "task3_\(number)", task: .grounding, split: .train, app: "a", page: Int64(number),
        images: [image], hierarchies: [], instruction: number == 5 ? "FAIL" : "find ok \(number)",
        target: "<ref>ok</ref><box>[0,0][100,100]</box>", referringText: "ok")
    }
    var records: [EvaluationRecord] = []
    let report = try await ModelEvaluator.run(samples, model: model(server), concurrency: 3) {
      records.append($0)
    }
    #expect(records.map(\.id) == samples.map(\.id))
    #expect(records.prefix(5).allSatisfy { $0.scores["mean_iou"] == 1 })
    #expect(records[5].error != nil && records[5].scores["mean_iou"] == 0)
    #expect(report.failures == 1)
    #expect(report.counts["grounding"]?["train"] == 6)
    #expect(abs((report.means["grounding"]?["train"]?["mean_iou"] ?? 0) - 5.0 / 6) < 1e-9)
  }
}
