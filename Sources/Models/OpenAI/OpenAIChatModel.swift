import FileIO
import Foundation
import Screenshots

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// A ``UIModel`` behind any OpenAI-compatible `/chat/completions` endpoint. Screenshots go as
/// base64 `image_url` parts before the instruction text; the reply's first choice is the answer.
/// Timeouts, connection failures, 429 and 5xx are retried with a doubling delay; other 4xx
/// fail at once with the server's message. Positions in the answer are converted from the
/// model's convention (``OpenAIConfiguration/coordinates``) to pixels of the first screenshot.
public struct OpenAIChatModel: UIModel {
  public let configuration: OpenAIConfiguration
  private let session: URLSession

  public var name: String {
    let coordinates = configuration.coordinates
    return "openai:\(configuration.model) at \(configuration.baseURL.absoluteString)"
      + (coordinates.isIdentity ? "" : " (coords \(coordinates.summary))")
  }

  /// A client for `configuration`.
  public init(configuration: OpenAIConfiguration) {
    self.configuration = configuration
    let sessionConfiguration = URLSessionConfiguration.ephemeral
    sessionConfiguration.timeoutIntervalForRequest = configuration.timeout
    sessionConfiguration.timeoutIntervalForResource = configuration.timeout
    session = URLSession(configuration: sessionConfiguration)
  }

  public func answer(_ request: ModelRequest) async throws -> String {
    let body = try requestBody(request)
    var urlRequest = URLRequest(
      url: configuration.baseURL.appendingPathComponent("chat/completions"))
    urlRequest.httpMethod = "POST"
    urlRequest.httpBody = body
    urlRequest.timeoutInterval = configuration.timeout
    urlRequest.setValue("application/json", forHTTPHeaderField: "Content-Type")
    if let key = configuration.apiKey, !key.isEmpty {
      urlRequest.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
    }
    var lastFailure = ""
    for attempt in 0...max(0, configuration.retries) {
      if attempt > 0 {
        // Doubling, capped at five minutes: many retries must not overflow the nanoseconds.
        let doubled = configuration.retryDelay * pow(2, Double(min(attempt - 1, 32)))
        let delay = doubled.isNaN ? 0 : min(max(0, doubled), 300)
        try await Task.sleep(nanoseconds: UInt64(delay * 1e9))
      }
      let data: Data
      let response: URLResponse
      do {
        (data, response) = try await session.data(for: urlRequest)
      } catch let error as URLError where error.code == .timedOut {
        lastFailure = "no answer within the \(configuration.timeout) s timeout (timed out)"
        continue
      } catch {
        lastFailure = "request failed: \(PlainErrorText.describe(error))"
        continue
      }
      let status = (response as? HTTPURLResponse)?.statusCode ?? 0
      if status == 200 { return try screenAnswer(try content(of: data), request) }
      let message = String(decoding: data.prefix(300), as: UTF8.self)
      lastFailure = "HTTP \(status): \(message)"
      guard status == 429 || status >= 500 else { break }
    }
    throw ModelError(
      source: name,
      reason: lastFailure + " (after \(max(0, configuration.retries) + 1) tries at most)")
  }

  /// The JSON body: optional system message, then the images and the instruction.
  func requestBody(_ request: ModelRequest) throws -> Data {
    var parts: [[String: Any]] = []
    for path in request.images {
      let bytes: Data
      do {
        bytes = try InputFile.contents(path)
      } catch let error as InputError {
        throw ModelError(source: path, reason: "cannot read the screenshot: \(error.reason)")
      }
      let mime = (ImageFormat(sniffing: bytes) ?? .png).mediaType
      parts.append([
        "type": "image_url",
        "image_url": ["url": "data:\(mime);base64,\(bytes.base64EncodedString())"],
      ])
    }
    parts.append(["type": "text", "text": request.instruction])
    var messages: [[String: Any]] = []
    if let system = configuration.systemPrompt {
      messages.append(["role": "system", "content": system])
    }
    messages.append(["role": "user", "content": parts])
    let body: [String: Any] = [
      "model": configuration.model, "messages": messages, "max_tokens": configuration.maxTokens,
      "temperature": configuration.temperature,
    ]
    return try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
  }

  /// `answer` in pixels of the request's first screenshot (unchanged for the identity setting
  /// or a request without screenshots).
  func screenAnswer(_ answer: String, _ request: ModelRequest) throws -> String {
    guard !configuration.coordinates.isIdentity, let image = request.images.first else {
      return answer
    }
    let info: ImageInfo
    do {
      info = try ImageInfo(contentsOfImage: image)
    } catch {
      throw ModelError(
        source: image,
        reason: "cannot read the screenshot's size to convert the answer's coordinates: \(error)")
    }
    return configuration.coordinates.screenAnswer(answer, screen: (info.width, info.height))
  }

  /// `choices[0].message.content`, as a string or as a list of text parts.
  func content(of data: Data) throws -> String {
    guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      let choices = object["choices"] as? [[String: Any]],
      let message = choices.first?["message"] as? [String: Any]
    else {
      throw ModelError(
        source: name,
        reason: "unreadable reply: \(String(decoding: data.prefix(200), as: UTF8.self))")
    }
    if let text = message["content"] as? String { return text }
    if let parts = message["content"] as? [[String: Any]] {
      return parts.compactMap { $0["text"] as? String }.joined()
    }
    return ""
  }
}
