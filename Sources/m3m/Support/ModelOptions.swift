import Foundation
import Models
import Tasks
import TextRecognition

/// The models `--model` names.
enum ModelKind: String, OptionChoice {
  /// ``BuiltinModel``: reads the UI hierarchy, and a screen without one by OCR.
  case builtin
  /// ``OpenAIChatModel``: an OpenAI-compatible chat server.
  case openai
}

/// What `--read` names: the inputs the built-in model reads for a screen.
enum BuiltinReadChoice: String, OptionChoice {
  /// The dump when the screen has one, else the screenshot by OCR.
  case auto
  /// Only dumps; a screen without one is an error.
  case xml
  /// Only screenshots, by OCR (dumps ignored).
  case ocr
  /// The dump plus the OCR lines it lacks; a screen without a dump by OCR alone.
  case xmlAndOCR = "xml+ocr"

  /// The built-in model's setting.
  var reading: BuiltinReading {
    switch self {
    case .auto: .hierarchyElsePixels
    case .xml: .hierarchy
    case .ocr: .pixels
    case .xmlAndOCR: .hierarchyAndPixels
    }
  }
}

/// The `--model` options shared by `corpus eval` and the `agent` commands.
enum ModelOptions {
  static let options: [CommandSpec.Option] =
    [
      .init(
        name: "--model", value: "M",
        help: ModelKind.choiceList
          + ": builtin reads the UI hierarchy (a screen without one by OCR); openai asks a chat"
          + " server."),
      .init(
        name: "--read", value: "R",
        help: "builtin: which inputs it reads: " + BuiltinReadChoice.choiceList
          + " (auto: the dump, else the screenshot by OCR; xml+ocr adds OCR text the dump"
          + " lacks)."),
      .init(
        name: "--base-url", value: "URL",
        help: "openai: API root ($OPENAI_BASE_URL, else http://localhost:8000/v1)."),
      .init(name: "--model-name", value: "NAME", help: "openai: the model to ask ($OPENAI_MODEL)."),
      .init(
        name: "--api-key-env", value: "VAR",
        help: "openai: environment variable holding the key (OPENAI_API_KEY)."),
      .init(name: "--timeout", value: "S", help: "openai: seconds per request (120)."),
      .init(name: "--retries", value: "N", help: "openai: retries on timeouts, 429, 5xx (2)."),
    ] + coordinateOptions

  /// How the model writes positions (also `m3m model check`'s).
  static let coordinateOptions: [CommandSpec.Option] = [
    .init(
      name: "--coords", value: "C",
      help: "openai: how the model writes positions: " + CoordinateConvention.choiceList
        + " (pixels; see the README's table)."),
    .init(
      name: "--coords-order", value: "O",
      help: "openai: " + CoordinateOrder.choiceList + ": which number of a point comes first (xy)."),
    .init(
      name: "--resize-max-pixels", value: "N",
      help: "openai, resized-pixels: the server's max_pixels (12845056, Qwen2.5-VL's default)."),
  ]

  /// The model the options name (`defaultModel` when `--model` is absent). With
  /// `concurrentRequests` > 1 (`corpus eval --concurrency`) the built-in model reads each
  /// screenshot on one thread (``RecognitionSettings/oneThreadPerImage``), as ingest does at
  /// `--jobs` > 1.
  static func model(
    _ arguments: ParsedArguments, language: PromptTemplates.Language, command: String,
    defaultModel: ModelKind? = nil, concurrentRequests: Int = 1
  ) throws -> any UIModel {
    guard let kind: ModelKind = try arguments.choice("--model", command: command) ?? defaultModel
    else {
      throw UsageError(
        command: command, message: "missing required option '--model' (\(ModelKind.choiceList))")
    }
    switch kind {
    case .builtin:
      let read = try arguments.choice("--read", default: BuiltinReadChoice.auto, command: command)
      var recognition = BuiltinModel.recognition(for: language)
      recognition.oneThreadPerImage = concurrentRequests > 1
      return try BuiltinModel(
        language: language, reading: read.reading, recognition: recognition)
    case .openai:
      if arguments.value("--read") != nil {
        throw UsageError(command: command, message: "--read is an option of --model builtin")
      }
      return try openAI(arguments, command: command)
    }
  }

  /// The OpenAI-compatible client the options describe.
  static func openAI(_ arguments: ParsedArguments, command: String) throws -> OpenAIChatModel {
    let environment = ProcessInfo.processInfo.environment
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
    configuration.coordinates = try coordinates(arguments, command: command)
    return OpenAIChatModel(configuration: configuration)
  }

  /// `--coords`, `--coords-order`, `--resize-max-pixels`.
  static func coordinates(_ arguments: ParsedArguments, command: String) throws
    -> ModelCoordinates
  {
    var resize = SmartResize()
    resize.maximumPixels = try arguments.number(
      "--resize-max-pixels", default: resize.maximumPixels, atLeast: resize.minimumPixels,
      command: command)
    return ModelCoordinates(
      convention: try arguments.choice("--coords", default: .pixels, command: command),
      order: try arguments.choice("--coords-order", default: .xy, command: command),
      resize: resize)
  }
}

extension CoordinateConvention: OptionChoice {}
extension CoordinateOrder: OptionChoice {}
