import Foundation

/// One screen a recorder pushes to a live session: its key, its dump and screenshot as bytes,
/// and how it was reached. The fields are those of a `steps.jsonl` line, with the files' contents
/// in place of their paths.
public struct PushedStep: Sendable {
  /// The step's id, unique in its session; a step id sent again is a retry.
  public var id: String
  /// The uiautomator dump's text.
  public var xml: String
  /// The screenshot's PNG bytes (already checked by the caller), when sent.
  public var screenshot: Data?
  /// The id of the step the action started on; nil for a first screen (or a fresh start).
  public var from: String?
  /// The action on that step's screen that led here (with `from`).
  public var action: TraceAction?
  /// The app, when the step names it (else the session's, else the dump's package).
  public var app: String?
  /// A Mobile3M page name, when the recorder has one.
  public var name: String?

  public init(
    id: String, xml: String, screenshot: Data? = nil, from: String? = nil,
    action: TraceAction? = nil, app: String? = nil, name: String? = nil
  ) {
    self.id = id
    self.xml = xml
    self.screenshot = screenshot
    self.from = from
    self.action = action
    self.app = app
    self.name = name
  }
}
