import Foundation
import Geometry
import Testing

@testable import Ingest

@Suite("Trace coordinates from JSON are checked")
struct TraceCoordinateTests {
  func point(_ json: String) throws -> Point? {
    let line = try #require(StepLine(#"{"id": "1", "action": "# + json + "}"))
    return TraceFolderReader.action(line.action).point
  }

  @Test("fractional coordinates truncate; huge ones give no point instead of a trap")
  func jsonNumbers() throws {
    #expect(try point(#"{"type": "click", "x": 360.7, "y": 20}"#) == Point(x: 360, y: 20))
    #expect(try point(#"{"type": "click", "x": 1e300, "y": 20}"#) == nil)
    #expect(try point(#"{"type": "click", "x": 99999999999999999999999, "y": 20}"#) == nil)
    #expect(try point(#"{"type": "click", "x": -5, "y": 20}"#) == Point(x: -5, y: 20))
  }
}
