import Foundation

#if canImport(Glibc)
  import Glibc
#endif

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
  /// The file as opened by `init`, for the first iterator (a later one opens `path` again).
  private let opened: OpenedFile

  /// 16 MB: far above any JSON line a recorder writes.
  public static let defaultMaximumLineBytes = 16 << 20

  /// A reader of `path`, which is opened here (one `open` and `fstat`: the cost of a trace of a
  /// few steps is mostly its files).
  /// - Throws: ``IngestError`` when the file cannot be opened.
  public init(path: String, maximumLineBytes: Int = LineReader.defaultMaximumLineBytes) throws {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { throw Self.unopened(path, code: errno) }
    var status = stat()
    guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT != S_IFDIR else {
      close(descriptor)
      throw IngestError(source: path, reason: "is a folder, not a file")
    }
    self.path = path
    self.maximumLineBytes = Swift.max(maximumLineBytes, 0)
    opened = OpenedFile(descriptor: descriptor, size: Int(clamping: status.st_size))
  }

  /// Why `path` did not open, told apart as the reader always has: missing, a folder, or
  /// unreadable.
  private static func unopened(_ path: String, code: Int32) -> IngestError {
    switch FileLookup.kind(path) {
    case nil: return IngestError(source: path, reason: "no such file")
    case .folder: return IngestError(source: path, reason: "is a folder, not a file")
    case .file: break
    }
    guard code != EACCES && code != EPERM, let words = strerror(code) else {
      return IngestError(source: path, reason: "cannot read the file (permission denied)")
    }
    return IngestError(
      source: path, reason: "cannot read the file (\(String(cString: words).lowercased()))")
  }

  /// Iterates `(line number, line without its newline)`.
  public func makeIterator() -> Iterator {
    if let (descriptor, size) = opened.take() {
      return Iterator(descriptor: descriptor, size: size, maximumLineBytes: maximumLineBytes)
    }
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    return Iterator(descriptor: descriptor, size: 1 << 16, maximumLineBytes: maximumLineBytes)
  }

  /// A file descriptor given to one iterator, or closed unused.
  private final class OpenedFile {
    private var descriptor: Int32?
    let size: Int

    init(descriptor: Int32, size: Int) {
      self.descriptor = descriptor
      self.size = size
    }

    /// The descriptor and the file's size when opened, once.
    func take() -> (Int32, Int)? {
      defer { descriptor = nil }
      return descriptor.map { ($0, size) }
    }

    deinit {
      if let descriptor { close(descriptor) }
    }
  }

  /// Reads the file in blocks of up to 64 KB (one of the file's size for a smaller one) and
  /// cuts them at newlines; closes the file when done.
  public final class Iterator: IteratorProtocol {
    /// The open file; -1 once read to its end.
    private var descriptor: Int32
    private let maximumLineBytes: Int
    private var block: [UInt8]
    private var start = 0
    private var end = 0
    private var line: [UInt8] = []
    private var number = 0
    /// True when the line just returned was longer than the limit (it is returned empty).
    public private(set) var lastLineWasTooLong = false

    init(descriptor: Int32, size: Int, maximumLineBytes: Int) {
      self.descriptor = descriptor
      self.maximumLineBytes = maximumLineBytes
      // One byte more than the file, to see its end in one read; at least a page, for a file
      // that grows while it is read.
      block = [UInt8](repeating: 0, count: Swift.min(Swift.max(size, 4095), (1 << 16) - 1) + 1)
    }

    deinit {
      if descriptor >= 0 { close(descriptor) }
    }

    /// The next line, or nil at the end of the file.
    public func next() -> (Int, String)? {
      guard descriptor >= 0 else { return nil }
      line.removeAll(keepingCapacity: line.count <= 1 << 20)
      lastLineWasTooLong = false
      var readAny = false
      while true {
        if start == end {
          let count = fill()
          guard count > 0 else {
            close(descriptor)
            descriptor = -1
            if !readAny { return nil }
            break
          }
          (start, end) = (0, count)
        }
        readAny = true
        if let newline = newline(in: start..<end) {
          let rest = start..<newline
          start = newline + 1
          // A whole line in the block: its text made from the block itself.
          if line.isEmpty && !lastLineWasTooLong && rest.count <= maximumLineBytes {
            number += 1
            return (number, text(rest))
          }
          keep(rest)
          break
        }
        keep(start..<end)
        start = end
      }
      number += 1
      while line.last == 0x0D { line.removeLast() }
      return (number, String(decoding: line, as: UTF8.self))
    }

    /// Reads the next block; 0 at the end of the file (or when it cannot be read further).
    private func fill() -> Int {
      while true {
        let count = block.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        if count >= 0 || errno != EINTR { return Swift.max(count, 0) }
      }
    }

    /// The place of the first newline in `range` of the block.
    private func newline(in range: Range<Int>) -> Int? {
      block.withUnsafeBytes { bytes in
        guard let base = bytes.baseAddress,
          let found = memchr(base + range.lowerBound, 0x0A, range.count)
        else { return nil }
        return base.distance(to: UnsafeRawPointer(found))
      }
    }

    /// The text of `range` of the block without the carriage returns that end it.
    private func text(_ range: Range<Int>) -> String {
      var upper = range.upperBound
      while upper > range.lowerBound && block[upper - 1] == 0x0D { upper -= 1 }
      return block.withUnsafeBufferPointer {
        String(decoding: UnsafeBufferPointer(rebasing: $0[range.lowerBound..<upper]), as: UTF8.self)
      }
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
