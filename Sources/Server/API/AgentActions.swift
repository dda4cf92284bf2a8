import Agent
import Foundation
import GraphStore
import Models
import Tasks

/// `POST /v1/act`: the agent's next action for a goal on a screen, as `m3m agent act --db`
/// decides it (the graph first, then the built-in model).
enum AgentActions {
  /// The request body.
  struct Body: Decodable {
    /// The screen's uiautomator dump.
    var xml: String
    /// Its screenshot as base64 PNG (gives the screen's size).
    var screenshot: String?
    /// What the user wants done.
    var goal: String
    /// The built-in model's target words: zh (default) or en.
    var lang: String?
  }

  static func act(_ request: HTTPRequest, readers: ReaderPerThread) throws -> AgentDecision {
    let body = try request.decodeJSON(Body.self)
    guard !body.goal.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
      throw APIError.badRequest("'goal' is empty")
    }
    let languages = PromptTemplates.Language.allCases.map(\.rawValue)
    guard let language = PromptTemplates.Language(rawValue: body.lang ?? "zh") else {
      throw APIError.badRequest(
        "unknown lang '\(body.lang ?? "")' (expected one of: \(languages.joined(separator: ", ")))")
    }
    let screen = try ScreenInput(xml: body.xml, screenshot: body.screenshot)
    // The policy reads files: the screen goes to a private folder removed after the answer.
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "m3m-serve-act-\(UUID().uuidString)")
    try FileManager.default.createDirectory(
      at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
    defer { try? FileManager.default.removeItem(at: folder) }
    let xml = folder.appendingPathComponent("screen.xml").path
    try Data(body.xml.utf8).write(to: URL(fileURLWithPath: xml))
    var screenshot: String?
    if let png = screen.png {
      let path = folder.appendingPathComponent("screen.png").path
      try png.write(to: URL(fileURLWithPath: path))
      screenshot = path
    }
    // One policy per thread and language: loading the templates costs more than deciding.
    let policy = try readers.object("policy-\(language.rawValue)") { memory in
      try AgentPolicy(model: BuiltinModel(language: language), memory: memory)
    }
    let size = screen.size
    // The memory connection is this thread's; it waits here while the policy uses it.
    return try runBlocking { [screenshot] in
      try await policy.act(
        goal: body.goal, xml: xml, screenshot: screenshot, width: size.width,
        height: size.height)
    }
  }
}
