import Foundation

/// The lines of a text file, read one at a time (so a long trace is never held in memory), each
/// at most ``maximumLineBytes`` long: a longer line is skipped, not held, and flagged
/// (``Iterator/lastLineWasTooLong``), so one runaway line cannot take the memory either.
///
/// ```swift
/// for (number, line) in try LineReader(path: "steps.jsonl") { … }   // numbers start at 1
/// ```
public struct LineReader: Sequence {
  let path: String
  /// The longest line read; a longer one comes back empty and flagged.
  public let maximumLineBytes: Int

  /// 16 MB: far above any JSON line a recorder writes.
  public static let defaultMaximumLineBytes = 16 << 20

  /// A reader of `path`.
  /// - Throws: ``IngestError`` when the file cannot be opened.
  public init(path: String, maximumLineBytes: Int = LineReader.defaultMaximumLineBytes) throws {
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
    self.maximumLineBytes = Swift.max(maximumLineBytes, 0)
  }

  /// Iterates `(line number, line without its newline)`.
  public func makeIterator() -> Iterator {
    Iterator(file: fopen(path, "r"), maximumLineBytes: maximumLineBytes)
  }

  /// Reads the file in 64 KB blocks and cuts them at newlines; closes the file when done.
  public final class Iterator: IteratorProtocol {
    private var file: UnsafeMutablePointer<FILE>?
    private let maximumLineBytes: Int
    private var block = [UInt8](repeating: 0, count: 1 << 16)
    private var start = 0
    private var end = 0
    private var line: [UInt8] = []
    private var number = 0
    /// True when the line just returned was longer than the limit (it is returned empty).
    public private(set) var lastLineWasTooLong = false

    init(file: UnsafeMutablePointer<FILE>?, maximumLineBytes: Int) {
      self.file = file
      self.maximumLineBytes = maximumLineBytes
    }

    deinit {
      if let file { fclose(file) }
    }

    /// The next line, or nil at the end of the file.
    public func next() -> (Int, String)? {
      guard let file else { return nil }
      line.removeAll(keepingCapacity: line.count <= 1 << 20)
      lastLineWasTooLong = false
      var readAny = false
      while true {
        if start == end {
          let count = block.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, file) }
          guard count > 0 else {
            fclose(file)
            self.file = nil
            if !readAny { return nil }
            break
          }
          (start, end) = (0, count)
        }
        readAny = true
        if let newline = block[start..<end].firstIndex(of: 0x0A) {
          keep(start..<newline)
          start = newline + 1
          break
        }
        keep(start..<end)
        start = end
      }
      number += 1
      while line.last == 0x0D { line.removeLast() }
      return (number, String(decoding: line, as: UTF8.self))
    }

    /// Adds `range` of the block to the line, or drops the line once it is over the limit.
    private func keep(_ range: Range<Int>) {
      guard !lastLineWasTooLong else { return }
      if line.count + range.count > maximumLineBytes {
        lastLineWasTooLong = true
        line = []
      } else {
        line += block[range]
      }
    }
  }
}
