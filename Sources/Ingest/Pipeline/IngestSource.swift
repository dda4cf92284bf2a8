import Foundation

/// One source of an ingest of many (``GraphIngester/ingest(sources:)``): its steps, in recorded
/// order, and what the graph records about it.
public struct IngestSource {
  /// The steps, read lazily (a step's parent must come before it).
  public var steps: AnySequence<TraceStep>
  /// The path the steps came from (recorded, and part of the fingerprint).
  public var path: String
  /// The reader's name.
  public var format: String
  /// What makes the source itself when it is not a file (a merged graph's source); by default
  /// the source's absolute path.
  public var identity: String?

  /// A source of `steps` read from `path` by the `format` reader.
  public init(
    steps: some Sequence<TraceStep>, path: String, format: String, identity: String? = nil
  ) {
    self.steps = AnySequence(steps)
    self.path = path
    self.format = format
    self.identity = identity
  }

  /// What the graph knows the source by: its format, and its identity or else its absolute
  /// path with `.` and `..` resolved.
  var fingerprint: String { format + ":" + (identity ?? Self.standardPath(path)) }

  /// `path` made absolute, with `.`, `..` and repeated or trailing slashes resolved, as
  /// `URL(fileURLWithPath:).standardizedFileURL.path` gives it; a path already in that form
  /// (a command's sources are) is returned as it is, without a `URL` (which looks the path up
  /// on disk: a cost per source of a few steps).
  public static func standardPath(_ path: String) -> String {
    isStandardAbsolute(path) ? path : URL(fileURLWithPath: path).standardizedFileURL.path
  }

  /// True when `path` starts with `/`, has no empty, `.` or `..` component and no trailing
  /// slash, and holds only ASCII letters, digits and `-_.+,=@~` (nothing a URL encodes).
  static func isStandardAbsolute(_ path: String) -> Bool {
    // Over the contiguous bytes: walking the UTF-8 view cost thousands of instructions a path.
    var path = path
    return path.withUTF8(isStandardAbsolute(_:))
  }

  private static func isStandardAbsolute(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard bytes.count > 1, bytes.first == UInt8(ascii: "/") else { return false }
    var componentLength = 0
    var dots = 0
    for byte in bytes.dropFirst() {
      switch byte {
      case UInt8(ascii: "/"):
        // An empty, `.` or `..` component ends here.
        guard componentLength > dots || dots > 2, componentLength > 0 else { return false }
        componentLength = 0
        dots = 0
        continue
      case UInt8(ascii: "."):
        if componentLength == dots { dots += 1 }
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"),
        UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: "="), UInt8(ascii: "@"),
        UInt8(ascii: "~"):
        break
      default:
        return false
      }
      componentLength += 1
    }
    return componentLength > 0 && (componentLength > dots || dots > 2)
  }
}
