import GraphStore
import Screenshots
import UIHierarchy

/// The resource-limit options shared by the commands that read dumps and screenshots, and the
/// length check on texts that become queries. Each limit refuses hostile input with an error
/// naming the file and the limit instead of taking gigabytes; the defaults suit any real phone.
enum LimitOptions {
  static let imagePixels = CommandSpec.Option(
    name: "--max-image-pixels", value: "N",
    help: "Refuse screenshots of more pixels, before decoding (40000000).")
  static let xmlDepth = CommandSpec.Option(
    name: "--max-xml-depth", value: "N", help: "Refuse dumps nested deeper (512).")
  static let xmlNodes = CommandSpec.Option(
    name: "--max-xml-nodes", value: "N", help: "Refuse dumps of more elements (200000).")
  static let imageCache = CommandSpec.Option(
    name: "--image-cache-mb", value: "MB",
    help: "Decoded screenshots kept for pixel tests, in MB (160).")

  /// `--max-image-pixels`, or the default.
  static func maximumImagePixels(_ arguments: ParsedArguments, command: String) throws -> Int {
    try arguments.number(
      imagePixels.name, default: RGBAImage.defaultMaximumPixels, atLeast: 1, command: command)
  }

  /// `--max-xml-depth` and `--max-xml-nodes`, or the defaults.
  static func hierarchyLimits(_ arguments: ParsedArguments, command: String) throws
    -> HierarchyLimits
  {
    var limits = HierarchyLimits.standard
    limits.maximumDepth = try arguments.number(
      xmlDepth.name, default: limits.maximumDepth, atLeast: 1, command: command)
    limits.maximumNodes = try arguments.number(
      xmlNodes.name, default: limits.maximumNodes, atLeast: 1, command: command)
    return limits
  }

  /// `--image-cache-mb` in bytes, or the default.
  static func imageCacheBytes(_ arguments: ParsedArguments, command: String, default bytes: Int)
    throws -> Int
  {
    let megabytes = try arguments.number(
      imageCache.name, default: bytes >> 20, atLeast: 0, command: command)
    // A number of megabytes too large to count in bytes is no budget anyone has.
    guard megabytes <= Int.max >> 20 else {
      throw UsageError(
        command: command, message: "'\(imageCache.name)' is too large, got '\(megabytes)'")
    }
    return megabytes << 20
  }

  /// Refuses a text that becomes a query (a search, `--text`, a goal) when it is longer than
  /// ``Database/maximumQueryLength``, as a usage error naming the option.
  static func checkQueryLength(_ text: String, name: String, command: String) throws {
    let length = text.count
    guard length <= Database.maximumQueryLength else {
      throw UsageError(
        command: command,
        message: "\(name) is \(length) characters long; at most \(Database.maximumQueryLength)")
    }
  }
}
