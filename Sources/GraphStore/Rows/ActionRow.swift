/// A row of `action`: one action of an app, known by its key.
public struct ActionRow: Sendable, Hashable {
  /// Its app.
  public var app: Int64
  /// `click`, `scroll`, `input`, `back`, …
  public var type: String
  /// What makes it itself within the app.
  public var key: String
  /// Its Mobile3M action string.
  public var mobile3M: String?
  /// The text typed (input actions).
  public var text: String?
  /// The direction (scroll actions).
  public var direction: String?

  /// An action row.
  public init(
    app: Int64, type: String, key: String, mobile3M: String?, text: String? = nil,
    direction: String? = nil
  ) {
    self.app = app
    self.type = type
    self.key = key
    self.mobile3M = mobile3M
    self.text = text
    self.direction = direction
  }
}
