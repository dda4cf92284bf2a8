import FileIO
import Foundation
import UIHierarchy

/// The folder a server keeps the screens pushed to it in: each file named by the hash of its
/// bytes (`<16 hex digits>.png`, `.xml`), written whole or not at all, never at a path a client
/// chose. The same bytes pushed twice are one file; different bytes whose hashes collide get
/// `-1`, `-2`, … after the hash.
public struct CaptureFolder: Sendable {
  /// The folder.
  public let path: String

  /// A folder at `path`, created (with its parents) on the first store.
  public init(path: String) { self.path = path }

  /// The path of a file holding `bytes`, written there first unless it is already.
  /// - Parameter suffix: the file's extension (`png`, `xml`).
  /// - Throws: ``OutputError`` naming the file when it cannot be written.
  public func store(_ bytes: Data, suffix: String) throws -> String {
    try createFolder()
    let hash = String(FNV1a.hash(bytes), radix: 16)
    let stem = String(repeating: "0", count: 16 - hash.count) + hash
    for attempt in 0..<1000 {
      let name = attempt == 0 ? "\(stem).\(suffix)" : "\(stem)-\(attempt).\(suffix)"
      let file = path + "/" + name
      guard let existing = FileManager.default.contents(atPath: file) else {
        try OutputFile.write(bytes, to: file)
        return file
      }
      if existing == bytes { return file }
    }
    throw OutputError(path: path, reason: "too many files with the hash \(stem)")
  }

  private func createFolder() throws {
    do {
      try FileManager.default.createDirectory(
        atPath: path, withIntermediateDirectories: true, attributes: nil)
    } catch {
      throw OutputError(path: path, reason: PlainErrorText.reason(error))
    }
  }
}
