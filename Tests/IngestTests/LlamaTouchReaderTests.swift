import Foundation
import GraphStore
import Ingest
import TestSupport
import Testing

@Suite("LlamaTouch traces")
struct LlamaTouchReaderTests {
  @Test("the real trace: five screens, events rescaled to the dump's pixels, app per screen")
  func realTrace() throws {
    let folder = Fixtures.realData.appendingPathComponent(
      "LlamaTouch__Evaluator/evaluator/testbed_evaluation/tests/test_case/trace_18")
    guard FileManager.default.fileExists(atPath: folder.path) else {
      print(Fixtures.realDataMissing)
      return
    }
    #expect(try TraceFormat.detect(folder.path) == .llamatouch)
    let steps = try LlamaTouchReader.steps(in: folder.path)
    #expect(steps.count == 5)
    #expect(steps[0].action == nil && steps[1].action?.type == "home")
    #expect(steps[1].parentRecord == "0")
    let click = try #require(steps[2].action?.point)
    // (204, 170) in a 320 × 720 recording, on the 1080 × 2400 screenshot: (688, 566).
    #expect(click.x == 204 * 1080 / 320 && click.y == 170 * 2400 / 720)
    #expect(steps[0].app == "com.google.android.apps.magazines")
    let db = try Database(path: ":memory:")
    let summary = try GraphIngester(database: db).ingest(
      steps, source: folder.path, format: "llamatouch")
    #expect(summary.visits == 5 && summary.rejected == 0)
  }
}
