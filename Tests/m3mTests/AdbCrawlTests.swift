import Foundation
import TestSupport
import Testing

/// `m3m crawl --device adb` against a stand-in `adb` first on PATH: it records every command
/// line and replays a stored dump and screenshot (the real command-line contract, no device).
@Suite("m3m crawl over adb (stand-in adb)")
struct AdbCrawlTests {
  /// A folder holding the stand-in `adb`, its log and its canned screen.
  func standIn(
    failing: Bool = false, inputMethod: String = "com.android.adbkeyboard/.AdbIME"
  ) throws -> URL {
    let folder = try Fixtures.temporaryDirectory("fake-adb")
    let shop = Fixtures.repositoryRoot.appendingPathComponent("Mobile3M/shop_graph_8002/shop0")
    let script = """
      #!/bin/sh
      # Stand-in adb: logs its arguments, answers like a device showing one screen.
      dir="\(folder.path)"
      echo "adb $*" >> "$dir/log"
      [ "$1" = "-s" ] && shift 2
      \(failing ? "echo 'error: device offline' >&2; exit 1" : "")
      case "$*" in
        "shell uiautomator dump"*)
          if [ ! -f "$dir/idle-once" ]; then touch "$dir/idle-once"; echo "ERROR: could not get idle state."; exit 0; fi
          echo "UI hierchary dumped to: /sdcard/window_dump.xml" ;;
        "exec-out cat /sdcard/window_dump.xml") cat "\(shop.path)/shop0-xml.txt" ;;
        "exec-out screencap -p") cat "\(shop.path)/shop0-screen.png" ;;
        "shell dumpsys window") echo "  mCurrentFocus=Window{42 u0 com.example.shop/com.example.shop.Main}" ;;
        "shell settings get secure default_input_method") echo "\(inputMethod)" ;;
        *) ;;
      esac
      """
    let adb = folder.appendingPathComponent("adb")
    try script.write(to: adb, atomically: true, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: adb.path)
    return folder
  }

  func environment(_ folder: URL) -> [String: String] {
    var environment = ProcessInfo.processInfo.environment
    environment["PATH"] = folder.path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
    return environment
  }

  @Test("the crawl speaks adb: launch, force-stop, dump (retried on idle-state errors), taps")
  func commands() throws {
    let folder = try standIn()
    let db = folder.appendingPathComponent("g.sqlite").path
    let result = try ProcessResult.run(
      "m3m",
      [
        "crawl", "--device", "adb:emulator-5554", "--app", "com.example.shop", "--db", db,
        "--budget", "40",
      ],
      environment: environment(folder))
    #expect(result.status == 0, "\(result.stderr)")
    let log = try String(contentsOf: folder.appendingPathComponent("log"), encoding: .utf8)
    let lines = log.split(separator: "\n").map(String.init)
    #expect(lines.contains("adb -s emulator-5554 shell am force-stop com.example.shop"))
    #expect(
      lines.contains(
        "adb -s emulator-5554 shell monkey -p com.example.shop -c android.intent.category.LAUNCHER 1"
      ))
    #expect(lines.contains("adb -s emulator-5554 exec-out screencap -p"))
    // The first dump hit "could not get idle state" and was retried before reading the file.
    let dumps = lines.indices.filter { lines[$0].contains("uiautomator dump") }
    let firstCat = try #require(lines.firstIndex { $0.contains("exec-out cat") })
    #expect(dumps.filter { $0 < firstCat }.count == 2)
    // Taps land on element centres of the replayed screen: "Deals" row [24,316][696,416].
    #expect(lines.contains("adb -s emulator-5554 shell input tap 360 366"))
    let stats = try ProcessResult.run("m3m", ["stats", "--db", db, "--json"])
    #expect(stats.stdout.contains("\"uniquePages\" : 1"))
  }

  @Test("typing: ASCII through `input text`, other text through ADBKeyBoard, else a clear error")
  func typing() throws {
    let folder = try standIn()
    let crawl = [
      "crawl", "--device", "adb", "--app", "com.example.shop", "--budget", "60",
      "--keywords", "it's blue,蓝色 shirt", "--db",
    ]
    let result = try ProcessResult.run(
      "m3m", crawl + [folder.appendingPathComponent("g.sqlite").path],
      environment: environment(folder))
    #expect(result.status == 0, "\(result.stderr)")
    let log = try String(contentsOf: folder.appendingPathComponent("log"), encoding: .utf8)
    #expect(log.contains("adb shell input text 'it'\\''s%sblue'\n"))
    let base64 = Data("蓝色 shirt".utf8).base64EncodedString()
    #expect(log.contains("adb shell am broadcast -a ADB_INPUT_B64 --es msg \(base64)\n"))

    let plain = try standIn(inputMethod: "com.google.android.inputmethod.latin/.LatinIME")
    let refused = try ProcessResult.run(
      "m3m", crawl + [plain.appendingPathComponent("g.sqlite").path],
      environment: environment(plain))
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("adb shell settings get secure default_input_method"))
    #expect(refused.stderr.contains("needs the ADBKeyBoard input method"))
  }

  @Test("a failing adb stops the crawl with the command line and its output")
  func failure() throws {
    let folder = try standIn(failing: true)
    let result = try ProcessResult.run(
      "m3m",
      [
        "crawl", "--device", "adb", "--app", "com.example.shop", "--db",
        folder.appendingPathComponent("g.sqlite").path,
      ],
      environment: environment(folder))
    #expect(result.status == 1)
    #expect(result.stderr.contains("adb shell am force-stop com.example.shop: exit status 1"))
    #expect(result.stderr.contains("device offline"))
  }
}
