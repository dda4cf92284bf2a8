import Foundation
import Testing

@testable import Ingest

@Suite("steps.jsonl lines read directly give Foundation's fields")
struct StepLineTests {
  /// What JSONSerialization makes of `line` (nil when it is not a JSON object).
  func foundation(_ line: String) -> StepLine? {
    (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
      .map(StepLine.init(object:))
  }

  static let lines = [
    #"{"app":"com.a","from":null,"id":"t\/0","xml":"..\/captures\/t\/0.xml"}"#,
    #"{"action":{"type":"click","x":540,"y":1200},"app":"com.b","id":"t\/1","xml":"1.xml"}"#,
    #"{ "id" : "2" , "from" : "1", "screenshot": "2.png", "name": "p", "goal": "buy" }"#,
    #"{"id":"3","action":{"type":"scroll","x":-5,"y":0,"direction":"up","bounds":"[0,0][1,1]"}}"#,
    #"{"id":"4","action":{"type":"input","text":"a \"quoted\" \\ line\n\ttab","mobile3m":"x"}}"#,
    #"{"id":"5","action":null,"app":null,"xml":5,"extra":"ignored","more":null}"#,
    #"{"id":"6","action":"click","from":"5"}"#,
    #"{"id":"7","action":{"type":5,"x":"1","y":null}}"#,
    #"{"id":"名前","app":"com.例え","xml":"ü.xml"}"#,
    #"{"id":"e\/1","goal":"a\b\f\r\/ü\\\"名\n","name":"\/","xml":"\\"}"#,
    #"{}"#,
    "{\"id\":\"8\"}  \t",
    // Left to Foundation: a number as id or from, fractions, exponents, booleans, arrays,
    // \u escapes, nested objects, repeated keys, leading zeros, -0, huge numbers.
    #"{"id":9,"from":8}"#,
    #"{"id":"10","from":9}"#,
    #"{"id":"11","action":{"type":"click","x":360.7,"y":20}}"#,
    #"{"id":"12","action":{"type":"click","x":1e300,"y":20}}"#,
    #"{"id":"13","action":{"type":"click","x":99999999999999999999999,"y":20}}"#,
    #"{"id":"14","flag":true,"list":[1,2]}"#,
    #"{"id":"15","text":"\u00e9\ud83d\ude00"}"#,
    #"{"id":"16","meta":{"a":1}}"#,
    #"{"id":"17","id":"18"}"#,
    #"{"id":"19","action":{"x":01,"y":-0}}"#,
    #"{"id":null}"#,
    // Not objects, or not well-formed.
    #"["id"]"#, #""id""#, #"{"id":"20""#, #"{"id":"21"} x"#, #"{"id":"22",}"#, #"{"id" "23"}"#,
    #"{"id":"24","x":nul}"#, "{\"id\":\"25\u{1}\"}", #"{"id":"26\q"}"#, #"{'id':'27'}"#,
  ]

  @Test("every shape, plain or not, and every truncation of them")
  func sameFields() {
    for line in Self.lines {
      #expect(StepLine(line) == foundation(line), "\(line)")
      let bytes = Array(line.utf8)
      for end in 0..<bytes.count {
        let cut = String(decoding: bytes[..<end], as: UTF8.self)
        #expect(StepLine(cut) == foundation(cut), "\(cut)")
      }
    }
  }

  @Test("the plain lines are read without Foundation and give what it gives")
  func plainFields() throws {
    let line = try #require(StepLine(Self.lines[3]))
    #expect(line.id == "3" && !line.hasFrom && line.app == nil)
    #expect(
      line.action
        == StepLine.Action(
          type: "scroll", x: -5, y: 0, bounds: "[0,0][1,1]", direction: "up"))
    let quoted = try #require(StepLine(Self.lines[4]))
    #expect(quoted.action?.text == "a \"quoted\" \\ line\n\ttab")
    let nulls = try #require(StepLine(Self.lines[0]))
    #expect(nulls.hasFrom && nulls.from == nil && nulls.xml == "../captures/t/0.xml")
  }
}
