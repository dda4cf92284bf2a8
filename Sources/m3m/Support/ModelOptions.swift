import Foundation
import Models
import Tasks

/// The `--model` options shared by `corpus eval` and the `agent` commands.
enum ModelOptions {
  static let options: [CommandSpec.Option] = [
    .init(
      name: "--model", value: "M",
      help: "builtin (reads the UI hierarchy, not pixels) or openai (a chat server)."),
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

  /// The model the options name (`builtin` when `--model` is absent and `fallback` allows it).
  static func model(
    _ arguments: ParsedArguments, language: PromptTemplates.Language, command: String,
    defaultModel: String? = nil
  ) throws -> any UIModel {
    let environment = ProcessInfo.processInfo.environment
    switch arguments.value("--model") ?? defaultModel ?? "" {
    case "builtin":
      return try BuiltinModel(language: language)
    case "openai":
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
    case let other:
      throw UsageError(
        command: command, message: "--model must be builtin or openai (got '\(other)')")
    }
  }
}
