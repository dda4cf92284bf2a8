import Foundation
import Models
import Tasks

/// The models `--model` names.
enum ModelKind: String, OptionChoice {
  /// ``BuiltinModel``: reads the UI hierarchy, not pixels.
  case builtin
  /// ``OpenAIChatModel``: an OpenAI-compatible chat server.
  case openai
}

/// The `--model` options shared by `corpus eval` and the `agent` commands.
enum ModelOptions {
  static let options: [CommandSpec.Option] = [
    .init(
      name: "--model", value: "M",
      help: ModelKind.choiceList
        + ": builtin reads the UI hierarchy, not pixels; openai asks a chat server."),
    .init(
      name: "--base-url", value: "URL",
      help: "openai: API root ($OPENAI_BASE_URL, else http://localhost:8000/v1)."),
    .init(name: "--model-name", value: "NAME", help: "openai: the model to ask ($OPENAI_MODEL)."),
    .init(
      name: "--api-key-env", value: "VAR",
      help: "openai: environment variable holding the key (OPENAI_API_KEY)."),
    .init(name: "--timeout", value: "S", help: "openai: seconds per request (120)."),
    .init(name: "--retries", value: "N", help: "openai: retries on timeouts, 429, 5xx (2)."),
  ]

  /// The model the options name (`defaultModel` when `--model` is absent).
  static func model(
    _ arguments: ParsedArguments, language: PromptTemplates.Language, command: String,
    defaultModel: ModelKind? = nil
  ) throws -> any UIModel {
    let environment = ProcessInfo.processInfo.environment
    guard let kind: ModelKind = try arguments.choice("--model", command: command) ?? defaultModel
    else {
      throw UsageError(
        command: command, message: "missing required option '--model' (\(ModelKind.choiceList))")
    }
    switch kind {
    case .builtin:
      return try BuiltinModel(language: language)
    case .openai:
      let base =
        arguments.value("--base-url") ?? environment["OPENAI_BASE_URL"]
        ?? "http://localhost:8000/v1"
      guard let url = URL(string: base), url.scheme != nil else {
        throw UsageError(command: command, message: "--base-url '\(base)' is not a URL")
      }
      guard let name = arguments.value("--model-name") ?? environment["OPENAI_MODEL"] else {
        throw UsageError(command: command, message: "openai needs --model-name (or $OPENAI_MODEL)")
      }
      var configuration = OpenAIConfiguration(
        baseURL: url, model: name,
        apiKey: environment[arguments.value("--api-key-env") ?? "OPENAI_API_KEY"])
      configuration.timeout = try arguments.number(
        "--timeout", default: 120.0, atLeast: 0.001, command: command)
      configuration.retries = try arguments.number(
        "--retries", default: 2, atLeast: 0, command: command)
      return OpenAIChatModel(configuration: configuration)
    }
  }
}
