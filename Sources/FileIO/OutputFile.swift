import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An output file that appears only when complete: bytes go to a temporary file in the same
/// folder, renamed over `path` by ``commit()``. Until then (and if the work fails, or the file
/// is dropped without a commit) an existing file at `path` keeps its bytes and no partial file
/// is left.
///
/// The path is checked first (``OutputPath/check(_:inputs:)``): an input of the same command,
/// a symbolic link, a folder, a device or a FIFO is refused before anything is written, as is
/// a path whose folder does not exist.
public final class OutputFile: ByteSink, Sendable {
  /// Where the file appears.
  public let path: String
  private let temporaryPath: String
  private let state: Mutex<State>

  /// The open temporary file; `finished` once it is renamed into place or removed.
  private struct State {
    var descriptor: Int32
    var finished = false
  }

  /// Checks `path` against the output rules and opens a temporary file beside it.
  /// - Parameter inputs: the files the command reads; `path` must not be one of them.
  /// - Throws: ``OutputError``.
  public init(path: String, inputs: [String] = []) throws {
    try OutputPath.check(path, inputs: inputs)
    self.path = path
    let folder = OutputPath.folder(of: path)
    let name = OutputPath.name(of: path).prefix(200)
    var opened: Int32 = -1
    var candidate = ""
    var code: Int32 = 0
    for _ in 0..<16 {
      candidate = "\(folder)/.\(name).\(getpid())-\(UInt32.random(in: 0...UInt32.max)).tmp"
      opened = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
      code = errno
      if opened >= 0 || code != EEXIST { break }
    }
    guard opened >= 0 else { throw OutputError(path: path, reason: SystemError.reason(code)) }
    temporaryPath = candidate
    state = Mutex(State(descriptor: opened))
    // A replaced file keeps its permissions.
    var existing = stat()
    if stat(path, &existing) == 0 { _ = fchmod(opened, existing.st_mode & 0o7777) }
  }

  deinit { discard() }

  /// Appends `bytes`.
  /// - Throws: ``OutputError`` naming the file and the reason (disk full, file too large…);
  ///   the temporary file is then removed.
  public func write(_ bytes: UnsafeRawBufferPointer) throws {
    try state.withLock { state in
      guard state.descriptor >= 0 else {
        throw OutputError(path: path, reason: "the file is closed")
      }
      do {
        try writeAll(bytes, to: state.descriptor, name: path)
      } catch {
        remove(&state)
        throw error
      }
    }
  }

  /// Appends `data`.
  public func write(_ data: Data) throws {
    try data.withUnsafeBytes { try write($0) }
  }

  /// Closes the temporary file and renames it to ``path``.
  /// - Throws: ``OutputError``; the temporary file is removed and `path` left as it was.
  public func commit() throws {
    try state.withLock { state in
      guard state.descriptor >= 0 else {
        throw OutputError(path: path, reason: "the file is closed")
      }
      let closed = close(state.descriptor)
      let closeCode = errno
      state.descriptor = -1
      guard closed == 0 else {
        remove(&state)
        throw OutputError(path: path, reason: SystemError.reason(closeCode))
      }
      guard rename(temporaryPath, path) == 0 else {
        let code = errno
        remove(&state)
        throw OutputError(path: path, reason: SystemError.reason(code))
      }
      state.finished = true
    }
  }

  /// Drops what was written: the temporary file is removed and `path` left as it was.
  public func discard() {
    state.withLock { remove(&$0) }
  }

  private func remove(_ state: inout State) {
    if state.descriptor >= 0 {
      close(state.descriptor)
      state.descriptor = -1
    }
    if !state.finished {
      unlink(temporaryPath)
      state.finished = true
    }
  }

  /// Writes a whole file at once under the same rules.
  public static func write(_ data: Data, to path: String, inputs: [String] = []) throws {
    let file = try OutputFile(path: path, inputs: inputs)
    try file.write(data)
    try file.commit()
  }

  /// Writes a whole file at once under the same rules.
  public static func write(_ bytes: [UInt8], to path: String, inputs: [String] = []) throws {
    let file = try OutputFile(path: path, inputs: inputs)
    try file.write(bytes)
    try file.commit()
  }
}
