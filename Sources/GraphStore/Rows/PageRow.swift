/// A row of `page`: one unique page (the screens that fold into it are its visits).
public struct PageRow: Sendable, Hashable {
  /// The app it belongs to.
  public var app: Int64
  /// Its name (the first visit's name or record).
  public var name: String?
  /// The hash of its compact-HTML line set (bit pattern of the unsigned hash).
  public var lineSetHash: Int64
  /// Its compact-HTML line hashes, packed.
  public var lineHashes: [UInt8]
  /// Its compact HTML.
  public var html: String
  /// The dump it was first seen in.
  public var xmlPath: String?
  /// The screenshot it was first seen in.
  public var screenshotPath: String?
  /// The digest of that screenshot's bytes.
  public var screenshotDigest: Int64?

  /// A page row.
  public init(
    app: Int64, name: String?, lineSetHash: Int64, lineHashes: [UInt8], html: String,
    xmlPath: String? = nil, screenshotPath: String? = nil, screenshotDigest: Int64? = nil
  ) {
    self.app = app
    self.name = name
    self.lineSetHash = lineSetHash
    self.lineHashes = lineHashes
    self.html = html
    self.xmlPath = xmlPath
    self.screenshotPath = screenshotPath
    self.screenshotDigest = screenshotDigest
  }
}
