import FileIO
import Foundation
import Geometry

/// A phone or emulator driven with the `adb` command (Debian package `adb`): `uiautomator dump`,
/// `screencap -p`, `input tap|swipe|text|keyevent`, `monkey -p … 1` to launch, `am force-stop`.
/// Every command has a timeout; dumps are retried on `ERROR: could not get idle state` and on
/// empty output; a failure is a ``DeviceError`` with the command line and what it printed.
public final class AdbDevice: Device {
  /// The device serial (`-s`), or nil for the only device.
  public let serial: String?
  /// Seconds before a command is killed.
  public var timeout: Double = 20
  /// Tries of a dump before giving up.
  public var dumpTries = 3
  private let executable: String

  /// A device; `adb` is looked up on `PATH` (or `$M3M_ADB`).
  public init(serial: String? = nil) {
    self.serial = serial
    executable = ProcessInfo.processInfo.environment["M3M_ADB"] ?? "adb"
  }

  /// Throws a ``DeviceError`` saying so when adb cannot be run or reaches no device
  /// (`adb get-state` does not answer `device`).
  public func checkConnected() throws {
    let state = try adb(["get-state"], check: false).output
    guard state.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("device") else {
      throw DeviceError(
        command: commandLine(["get-state"]),
        output: state.trimmingCharacters(in: .whitespacesAndNewlines),
        reason: serial.map { "no device \($0) is connected (adb devices lists the connected ones)" }
          ?? "no Android device is connected (connect one, or start an emulator; adb devices)")
    }
  }

  public func launch(_ package: String) throws {
    _ = try adb(["shell", "monkey", "-p", package, "-c", "android.intent.category.LAUNCHER", "1"])
  }

  public func forceStop(_ package: String) throws {
    _ = try adb(["shell", "am", "force-stop", package])
  }

  public func capture() throws -> Capture {
    var xml = ""
    var lastOutput = ""
    for _ in 0..<max(1, dumpTries) {
      let dump = try adb(["shell", "uiautomator", "dump", "/sdcard/window_dump.xml"], check: false)
      lastOutput = dump.output
      if dump.output.contains("ERROR: could not get idle state") { continue }
      let text = try adb(["exec-out", "cat", "/sdcard/window_dump.xml"]).output
      if text.contains("<hierarchy") {
        xml = text
        break
      }
      lastOutput = text
    }
    guard !xml.isEmpty else {
      throw DeviceError(
        command: commandLine(["shell", "uiautomator", "dump"]), output: lastOutput,
        reason: "no UI hierarchy after \(dumpTries) tries")
    }
    let png = try adb(["exec-out", "screencap", "-p"]).data
    guard png.starts(with: [0x89, 0x50, 0x4E, 0x47]) else {
      throw DeviceError(
        command: commandLine(["exec-out", "screencap", "-p"]),
        output: String(decoding: png.prefix(120), as: UTF8.self), reason: "not a PNG")
    }
    return Capture(xml: xml, png: [UInt8](png))
  }

  public func perform(_ action: DeviceAction) throws {
    switch action {
    case .tap(let p):
      _ = try adb(["shell", "input", "tap", "\(p.x)", "\(p.y)"])
    case .longPress(let p):
      _ = try adb(["shell", "input", "swipe", "\(p.x)", "\(p.y)", "\(p.x)", "\(p.y)", "800"])
    case .swipe(let a, let b, let ms):
      _ = try adb(["shell", "input", "swipe", "\(a.x)", "\(a.y)", "\(b.x)", "\(b.y)", "\(ms)"])
    case .type(let text) where text.unicodeScalars.allSatisfy(\.isASCII):
      // `input text` takes %s for spaces; the device shell gets the text single-quoted.
      let escaped = text.replacingOccurrences(of: " ", with: "%s")
      _ = try adb([
        "shell", "input", "text", "'" + escaped.replacingOccurrences(of: "'", with: "'\\''") + "'",
      ])
    case .type(let text):
      try typeThroughADBKeyBoard(text)
    case .back:
      _ = try adb(["shell", "input", "keyevent", "4"])
    case .home:
      _ = try adb(["shell", "input", "keyevent", "3"])
    }
  }

  /// `input text` types ASCII only (Mobile3M's input keywords are Chinese): other text goes
  /// to the ADBKeyBoard input method (`com.android.adbkeyboard`), base64-encoded, which must
  /// be the device's current input method.
  private func typeThroughADBKeyBoard(_ text: String) throws {
    let arguments = ["shell", "settings", "get", "secure", "default_input_method"]
    let method = try adb(arguments).output.trimmingCharacters(in: .whitespacesAndNewlines)
    guard method.hasPrefix(Self.adbKeyBoard + "/") else {
      throw DeviceError(
        command: commandLine(arguments), output: method,
        reason: "typing non-ASCII text needs the ADBKeyBoard input method: install it, then "
          + "`adb shell ime enable \(Self.adbKeyBoard)/.AdbIME && adb shell ime set "
          + "\(Self.adbKeyBoard)/.AdbIME`")
    }
    _ = try adb([
      "shell", "am", "broadcast", "-a", "ADB_INPUT_B64", "--es", "msg",
      Data(text.utf8).base64EncodedString(),
    ])
  }

  /// The package of ADBKeyBoard, the input method that types any text sent by broadcast.
  static let adbKeyBoard = "com.android.adbkeyboard"

  public func foregroundPackage() throws -> String {
    let output = try adb(["shell", "dumpsys", "window"]).output
    for line in output.split(separator: "\n") where line.contains("mCurrentFocus") {
      // mCurrentFocus=Window{… u0 com.example/com.example.MainActivity}
      if let word = line.split(separator: " ").last, let slash = word.firstIndex(of: "/") {
        return String(word[..<slash])
      }
    }
    throw DeviceError(
      command: commandLine(["shell", "dumpsys", "window"]), output: String(output.prefix(200)),
      reason: "no mCurrentFocus line")
  }

  // MARK: - Running adb

  func commandLine(_ arguments: [String]) -> String {
    ([executable] + (serial.map { ["-s", $0] } ?? []) + arguments).joined(separator: " ")
  }

  /// Runs adb; its stdout as text and bytes. Throws on a non-zero exit (when `check`) or a
  /// timeout.
  func adb(_ arguments: [String], check: Bool = true) throws -> (output: String, data: Data) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [executable] + (serial.map { ["-s", $0] } ?? []) + arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    // Set before run: a quick command could exit before a later handler is installed.
    let finished = DispatchSemaphore(value: 0)
    process.terminationHandler = { _ in finished.signal() }
    do { try process.run() } catch {
      throw DeviceError(
        command: commandLine(arguments), reason: "cannot run adb: \(PlainErrorText.describe(error))"
      )
    }
    // Read both pipes in the background so a hung adb can time out (and a chatty one cannot
    // block on a full pipe).
    let output = PipeBuffer()
    let reading = DispatchGroup()
    for (pipe, keepsOutput) in [(out, true), (err, false)] {
      reading.enter()
      DispatchQueue.global().async {
        let bytes = pipe.fileHandleForReading.readDataToEndOfFile()
        output.store(bytes, asOutput: keepsOutput)
        reading.leave()
      }
    }
    if finished.wait(timeout: .now() + timeout) == .timedOut {
      kill(process.processIdentifier, SIGKILL)
      reading.wait()
      throw DeviceError(command: commandLine(arguments), reason: "timed out after \(timeout) s")
    }
    reading.wait()
    let (data, errors) = output.contents
    let text = String(decoding: data, as: UTF8.self)
    let errorText = String(decoding: errors, as: UTF8.self)
    if check && process.terminationStatus != 0 {
      throw DeviceError(
        command: commandLine(arguments),
        output: (text + errorText).trimmingCharacters(in: .whitespacesAndNewlines),
        reason: "exit status \(process.terminationStatus)")
    }
    return (text + (check ? "" : errorText), data)
  }
}

/// The bytes of a command's stdout and stderr, filled from two reader threads.
private final class PipeBuffer: @unchecked Sendable {
  private let lock = NSLock()
  private var output = Data()
  private var errors = Data()

  func store(_ bytes: Data, asOutput: Bool) {
    lock.withLock {
      if asOutput { output = bytes } else { errors = bytes }
    }
  }

  var contents: (Data, Data) { lock.withLock { (output, errors) } }
}
