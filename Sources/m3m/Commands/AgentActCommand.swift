import Agent
import Foundation
import Geometry
import GraphStore
import Models
import Screenshots
import Tasks

/// `m3m agent act`: the next action for a goal on one screen.
enum AgentActCommand: Command {
  static let spec = CommandSpec(
    name: "agent act",
    abstract: "The next action for a goal on one screen (graph memory first, then the model).",
    usage:
      "(--xml SCREEN.xml [--screenshot S.png] | --screenshot S.png) --goal \"…\" [--db FILE] "
      + "[--model \(ModelKind.choiceBar)] [--lang \(PromptTemplates.Language.choiceBar)] [--json]",
    options: [
      .init(name: "--xml", value: "SCREEN.xml", help: "The screen's uiautomator dump."),
      .init(
        name: "--screenshot", value: "S.png",
        help: "Its screenshot (sent to pixel models; without --xml builtin reads it by OCR)."),
      .init(name: "--goal", value: "TEXT", help: "What the user wants done."),
      .graph("A graph to use as memory."),
      .init(
        name: .lang, value: "L",
        help: "\(PromptTemplates.Language.choiceList): the built-in model's target words (zh)."),
      .json("the decision"),
    ] + ModelOptions.options,
    discussion: """
      With --db, the screen is identified as a stored page and, when the goal's words name a
      page reachable from it, the first step of the shortest path is taken. Otherwise the model
      (builtin by default) answers the goal as a navigation instruction. Points in the JSON
      are normalised (0…1, x then y); swipe directions name the finger's movement.
      """)

  static func run(_ arguments: ParsedArguments) throws -> Int32 {
    let xml = arguments.value("--xml")
    guard xml != nil || arguments.value("--screenshot") != nil else {
      throw UsageError(
        command: spec.name, message: "expected --xml SCREEN.xml or --screenshot S.png")
    }
    let goal = try arguments.required("--goal", command: spec.name)
    try LimitOptions.checkQueryLength(goal, name: "--goal", command: spec.name)
    let screenshot = arguments.value("--screenshot")
    let policy = try AgentCommandSupport.policy(arguments, command: spec.name)
    let size = try AgentCommandSupport.screenSize(xml: xml, screenshot: screenshot)
    let decision = try runBlocking {
      try await policy.act(
        goal: goal, xml: xml, screenshot: screenshot, width: size.0, height: size.1)
    }
    if arguments.flag(.json) {
      try Output.json(decision)
      return decision.action == nil ? 1 : 0
    }
    guard let action = decision.action else {
      Output.line("no action (the answer could not be read): \(decision.answer)")
      return 1
    }
    var line = action.kind.rawValue
    if let point = action.point {
      line += String(format: " at (%.3f, %.3f)", point.x, point.y)
      // Checked: a model's point may be far outside the screen, even infinite.
      let pixel = [point.x * Double(size.0), point.y * Double(size.1)].map {
        PixelCoordinate.checked($0).map(String.init) ?? "out of range"
      }
      line += " = pixel (\(pixel[0]), \(pixel[1]))"
    }
    if let direction = action.direction { line += " \(direction.rawValue)" }
    if let text = action.text { line += " \"\(text)\"" }
    if let element = decision.element { line += " on \"\(element.label)\" \(element.bounds)" }
    Output.line(line)
    Output.line(String(format: "confidence %.2f — ", decision.confidence) + decision.reason)
    return 0
  }
}

/// What the agent commands share.
enum AgentCommandSupport {
  /// The policy: the model, and the `--db` graph as memory when `memory` allows.
  static func policy(_ arguments: ParsedArguments, command: String, memory useMemory: Bool = true)
    throws -> AgentPolicy
  {
    try policyAndModel(arguments, command: command, memory: useMemory).policy
  }

  /// The policy and the model it asks.
  static func policyAndModel(
    _ arguments: ParsedArguments, command: String, memory useMemory: Bool = true
  ) throws -> (policy: AgentPolicy, model: any UIModel) {
    let language = try arguments.choice(
      .lang, default: PromptTemplates.Language.zh, command: command)
    let model = try ModelOptions.model(
      arguments, language: language, command: command, defaultModel: .builtin)
    var memory: Database?
    if arguments.value(.db) != nil, useMemory {
      memory = try GraphDatabase.open(arguments, command: command)
    }
    return (AgentPolicy(model: model, memory: memory), model)
  }

  /// The screen's pixel size: the screenshot's, else the dump's window bounds.
  static func screenSize(xml: String?, screenshot: String?) throws -> (Int, Int) {
    if let screenshot {
      let info = try ImageInfo(contentsOfImage: screenshot)
      return (info.width, info.height)
    }
    if let xml, let size = EpisodeLoader.screenSize(xml: xml) { return size }
    return (1080, 2400)
  }
}
