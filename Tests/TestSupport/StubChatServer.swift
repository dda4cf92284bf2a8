import Foundation

/// The stub OpenAI-compatible server in `Tests/Stubs/openai_stub.py`, run with python3 on a
/// free port for the life of the value (real HTTP, canned answers).
public final class StubChatServer: @unchecked Sendable {
  /// `http://127.0.0.1:<port>/v1`.
  public let baseURL: URL
  private let process: Process

  /// Starts the server; nil (with the reason printed) when python3 is not there.
  public init?() {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      "python3", Fixtures.repositoryRoot.appendingPathComponent("Tests/Stubs/openai_stub.py").path,
    ]
    process.environment = Fixtures.childEnvironment()
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.standardError
    do { try process.run() } catch {
      print("skipped: cannot start python3 for the stub server: \(error)")
      return nil
    }
    var line = Data()
    while let byte = try? output.fileHandleForReading.read(upToCount: 1), let first = byte.first,
      first != 0x0A
    {
      line.append(first)
    }
    guard let port = Int(String(decoding: line, as: UTF8.self)) else {
      print("skipped: the stub server did not start")
      kill(process.processIdentifier, SIGKILL)
      return nil
    }
    self.process = process
    baseURL = URL(string: "http://127.0.0.1:\(port)/v1")!
  }

  deinit {
    // SIGKILL: a child started from a test thread may inherit a mask that blocks SIGTERM.
    kill(process.processIdentifier, SIGKILL)
    process.waitUntilExit()
  }
}
