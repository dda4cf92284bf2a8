import Foundation

/// The lines of a text file, read one at a time (so a long trace is never held in memory).
///
/// ```swift
/// for (number, line) in try LineReader(path: "steps.jsonl") { … }   // numbers start at 1
/// ```
public struct LineReader: Sequence {
  let path: String

  /// A reader of `path`.
  /// - Throws: ``IngestError`` when the file cannot be opened.
  public init(path: String) throws {
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
      throw IngestError(source: path, reason: "no such file")
    }
    guard !isFolder.boolValue else {
      throw IngestError(source: path, reason: "is a folder, not a file")
    }
    guard FileManager.default.isReadableFile(atPath: path) else {
      throw IngestError(source: path, reason: "cannot read the file (permission denied)")
    }
    self.path = path
  }

  /// Iterates `(line number, line without its newline)`.
  public func makeIterator() -> Iterator { Iterator(file: fopen(path, "r")) }

  /// Reads with `getline`; closes the file when done.
  public final class Iterator: IteratorProtocol {
    private var file: UnsafeMutablePointer<FILE>?
    private var buffer: UnsafeMutablePointer<CChar>?
    private var capacity = 0
    private var number = 0

    init(file: UnsafeMutablePointer<FILE>?) { self.file = file }

    deinit {
      free(buffer)
      if let file { fclose(file) }
    }

    /// The next line, or nil at the end of the file.
    public func next() -> (Int, String)? {
      guard let file else { return nil }
      let count = getline(&buffer, &capacity, file)
      guard count >= 0, let buffer else {
        fclose(file)
        self.file = nil
        return nil
      }
      number += 1
      var length = count
      while length > 0, buffer[length - 1] == 0x0A || buffer[length - 1] == 0x0D { length -= 1 }
      let line = UnsafeRawBufferPointer(start: buffer, count: length)
      return (number, String(decoding: line, as: UTF8.self))
    }
  }
}
