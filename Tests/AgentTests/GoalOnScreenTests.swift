import Foundation
import Models
import TestSupport
import Testing
import UIHierarchy

@testable import Agent

/// Without memory the agent says "done" when the screen shows the goal's element acted on.
@Suite("Goal on screen")
struct GoalOnScreenTests {
  /// A screen like the simulated apps draw it: a title, then rows whose clickable layout holds
  /// the text; `list` is a scrollable list's first text; `selected` marks a row selected.
  static func screen(
    title: String, rows: [String], list: String? = nil, selected: String? = nil
  ) -> String {
    let package = "com.example.mail"
    var body = rows.enumerated().map { index, text in
      let top = 200 + index * 100
      return "<node class=\"android.widget.LinearLayout\" package=\"\(package)\" text=\"\" "
        + "clickable=\"true\" selected=\"\(text == selected)\" "
        + "bounds=\"[0,\(top)][720,\(top + 80)]\"><node class=\"android.widget.TextView\" "
        + "package=\"\(package)\" text=\"\(text)\" clickable=\"false\" "
        + "bounds=\"[16,\(top + 10)][704,\(top + 70)]\"/></node>"
    }.joined()
    if let list {
      body +=
        "<node class=\"androidx.recyclerview.widget.RecyclerView\" package=\"\(package)\" "
        + "scrollable=\"true\" bounds=\"[0,900][720,1200]\"><node class=\"android.widget.TextView\" "
        + "package=\"\(package)\" text=\"\(list)\" bounds=\"[16,916][704,976]\"/></node>"
    }
    return "<hierarchy rotation=\"0\"><node class=\"android.widget.FrameLayout\" "
      + "package=\"\(package)\" bounds=\"[0,0][720,1280]\"><node class=\"android.widget.TextView\" "
      + "package=\"\(package)\" text=\"\(title)\" bounds=\"[24,80][696,160]\"/>\(body)</node>"
      + "<node class=\"android.widget.TextView\" package=\"com.android.systemui\" text=\"12:00\" "
      + "bounds=\"[600,8][700,48]\"/></hierarchy>"
  }

  static func act(_ goal: String, on xml: String) async throws -> AgentDecision {
    let file = try Fixtures.temporaryDirectory("goal-on-screen").appendingPathComponent("s.xml")
    try xml.write(to: file, atomically: true, encoding: .utf8)
    let policy = AgentPolicy(model: try BuiltinModel(language: .en), memory: nil)
    return try await policy.act(
      goal: goal, xml: file.path, screenshot: nil, width: 720, height: 1280)
  }

  @Test("done on the page the goal's element opened, titled by it; not while it is offered")
  func titledPage() async throws {
    let goal = "Click the Attach button"
    // The element is there to tap: the goal says to tap it, even with the word in the title.
    let before = try await Self.act(
      goal, on: Self.screen(title: "Attach to reply", rows: ["Send", "Attach", "Discard"]))
    #expect(before.action?.kind == .tap, "\(before.reason)")
    let after = try await Self.act(
      goal, on: Self.screen(title: "Attach a file", rows: ["Photo.jpg", "Report.pdf"]))
    #expect(after.action?.kind == .done, "\(after.reason)")
    #expect(!after.fromMemory)
  }

  @Test("the goal's text in a list or in the status bar is not a title; a selected tab is done")
  func notTitleButSelected() async throws {
    // "Shopping list" shows in a scrollable list, not as the title: not done.
    let listed = try await Self.act(
      "Click the Shopping list button",
      on: Self.screen(title: "Notes", rows: ["New note", "Search"], list: "Shopping list"))
    #expect(listed.action?.kind != .done, "\(listed.reason)")
    // The element is not on the screen, but the title does not carry it either: not done.
    let other = try await Self.act(
      "Click the Sent button", on: Self.screen(title: "Inbox", rows: ["Compose", "Folders"]))
    #expect(other.action?.kind != .done, "\(other.reason)")
    let tab = try await Self.act(
      "Click the Folders button",
      on: Self.screen(title: "Inbox", rows: ["Compose", "Folders"], selected: "Folders"))
    #expect(tab.action?.kind == .done, "\(tab.reason)")
  }

  @Test("the title is the topmost text of the screen's app outside any element to act on")
  func title() throws {
    let tree = try UITree(
      parsing: Array(Self.screen(title: "Compose", rows: ["Send"], list: "Drafts").utf8),
      source: "compose.xml")
    #expect(GoalOnScreen.title(of: tree) == "Compose")
    #expect(GoalOnScreen.reached(target: "compose", on: tree) != nil)
    #expect(GoalOnScreen.reached(target: "Send", on: tree) == nil)
    #expect(GoalOnScreen.reached(target: "Drafts", on: tree) == nil)
    #expect(GoalOnScreen.reached(target: "12:00", on: tree) == nil)
  }
}
