import Foundation
import Tasks
import TestSupport
import Testing

@testable import Models

/// "Find X" / "look for X": locate the text and tap it when the screen shows it; type it only
/// into a search field the goal names, or one the screen offers when the text is not shown.
@Suite("Built-in model: find goals")
struct LocateGoalTests {
  @Test("which goals are find goals, their text, and whether they name a search field")
  func parsing() {
    #expect(LocateGoal("Find Dark mode") == LocateGoal(text: "Dark mode", namesSearchField: false))
    #expect(LocateGoal("look for \"Wi-Fi\".")?.text == "Wi-Fi")
    #expect(LocateGoal("Help me find Sound settings")?.text == "Sound settings")
    #expect(
      LocateGoal("Find weather in the search box")
        == LocateGoal(text: "weather", namesSearchField: true))
    #expect(LocateGoal("Search for weather") == nil)
    #expect(LocateGoal("Findings") == nil)
    #expect(LocateGoal("Find ") == nil)
  }

  func navigation(_ goal: String, image: String? = nil, xml: String? = nil) async throws
    -> ParsedAnswer
  {
    let model = try BuiltinModel(language: .en)
    return ParsedAnswer(
      try await model.answer(
        ModelRequest(
          task: .navigation, instruction: goal, images: image.map { [$0] } ?? [],
          hierarchies: xml.map { [$0] } ?? [])))
  }

  @Test("on pixels: tap the text when shown, else type into 'Search', else scroll")
  func pixels() async throws {
    let image = try BuiltinModelPixelTests.screen(["Settings", "Search"], name: "find.png")
    let shown = try await navigation("Find Settings", image: image)
    #expect(shown.action == "click" && shown.ref == "Settings", "\(shown)")
    let absent = try await navigation("Find weather", image: image)
    #expect(absent.action == "input" && absent.quotedText == "weather", "\(absent)")
    #expect(absent.ref == "Search")
    let named = try await navigation("Find Settings in the search box", image: image)
    #expect(named.action == "input" && named.quotedText == "Settings", "\(named)")
    let noField = try BuiltinModelPixelTests.screen(["Settings", "Display"], name: "nf.png")
    let scroll = try await navigation("Look for Bluetooth", image: noField)
    #expect(scroll.action == "scroll", "\(scroll)")
  }

  @Test("on a dump: tap the text when shown, else type into the input field")
  func hierarchy() async throws {
    let xml = try Fixtures.temporaryDirectory("find").appendingPathComponent("s.xml")
    try
      ("<hierarchy><node class=\"android.widget.FrameLayout\" package=\"p\" bounds=\"[0,0][700,400]\">"
      + "<node text=\"\" class=\"android.widget.EditText\" package=\"p\" clickable=\"true\" "
      + "focusable=\"true\" bounds=\"[0,0][700,60]\"/>"
      + "<node text=\"Dark mode\" class=\"android.widget.TextView\" package=\"p\" clickable=\"true\" "
      + "bounds=\"[40,100][300,140]\"/></node></hierarchy>")
      .write(to: xml, atomically: true, encoding: .utf8)
    let shown = try await navigation("Find Dark mode", xml: xml.path)
    #expect(shown.action == "click" && shown.ref == "Dark mode", "\(shown)")
    let absent = try await navigation("Find weather", xml: xml.path)
    #expect(absent.action == "input" && absent.quotedText == "weather", "\(absent)")
  }
}
