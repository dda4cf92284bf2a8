import Foundation

/// Where and how to reach an OpenAI-compatible chat server (vLLM, llama.cpp server, Ollama, a
/// cloud API).
public struct OpenAIConfiguration: Sendable, Hashable {
  /// The API root, e.g. `http://localhost:8000/v1`; requests go to `<base>/chat/completions`.
  public var baseURL: URL
  /// The model name the server expects.
  public var model: String
  /// The bearer key, when the server wants one (read from the environment by the CLI).
  public var apiKey: String?
  /// Seconds to wait for one reply.
  public var timeout: Double = 120
  /// Further tries after a timeout, a connection failure, a 429 or a 5xx.
  public var retries: Int = 2
  /// Seconds before the first retry; doubled each time.
  public var retryDelay: Double = 1
  /// `max_tokens`.
  public var maxTokens: Int = 1024
  /// `temperature` (0: the most likely answer).
  public var temperature: Double = 0
  /// An optional system message.
  public var systemPrompt: String?
  /// How the model writes positions; its answers are converted to screen pixels on arrival.
  public var coordinates = ModelCoordinates()

  /// A configuration with the defaults above.
  public init(baseURL: URL, model: String, apiKey: String? = nil) {
    self.baseURL = baseURL
    self.model = model
    self.apiKey = apiKey
  }
}
