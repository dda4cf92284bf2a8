/// The screenshot formats m3m decodes, told apart by their first bytes, never by the file's
/// name (DroidBot saves JPEG under `.png` names).
public enum ImageFormat: String, Sendable, Hashable {
  /// PNG: `89 50 4E 47 0D 0A 1A 0A`.
  case png
  /// JPEG (JFIF, Exif or bare): `FF D8 FF`.
  case jpeg

  /// The format whose signature `bytes` start with; nil for anything else.
  public init?(sniffing bytes: some Collection<UInt8>) {
    if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
      self = .png
    } else if bytes.starts(with: [0xFF, 0xD8, 0xFF]) {
      self = .jpeg
    } else {
      return nil
    }
  }

  /// The media type, for HTTP replies and data URLs.
  public var mediaType: String { self == .png ? "image/png" : "image/jpeg" }

  /// The longest prefix ``init(sniffing:)`` reads.
  static let signatureLength = 8
}
