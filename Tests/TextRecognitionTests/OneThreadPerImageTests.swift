import Dispatch
import Foundation
import Testing

@testable import TextRecognition

/// `RecognitionSettings.oneThreadPerImage`: Tesseract's OpenMP regions run on the reading thread
/// alone (OpenMP's max-active-levels 0 for that thread), so `--jobs 2` uses two cores, not eight
/// threads; a thread reading without it keeps OpenMP's default.
@Suite("OCR: one thread per image")
struct OneThreadPerImageTests {
  /// What a thread's body returned.
  final class Outcome<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
  }

  /// Runs `body` on a new thread (OpenMP's settings are per thread) and waits for it.
  func onNewThread<T>(_ body: @escaping @Sendable () throws -> T) throws -> T {
    let outcome = Outcome<T>()
    let done = DispatchSemaphore(value: 0)
    Thread {
      outcome.result = Result { try body() }
      done.signal()
    }.start()
    done.wait()
    guard let result = outcome.result else { throw CancellationError() }
    return try result.get()
  }

  @Test("the reading thread's max-active-levels is 0 with the setting, OpenMP's default without")
  func maxActiveLevels() throws {
    guard let symbol = dlsym(nil, "omp_get_max_active_levels") else {
      print("Tesseract is built without OpenMP here: there is nothing to limit")
      return
    }
    let maxActiveLevels = unsafeBitCast(symbol, to: (@convention(c) () -> Int32).self)
    let (image, _) = drawnScreen(["Settings"])
    var oneThread = RecognitionSettings()
    oneThread.oneThreadPerImage = true
    let settings = oneThread
    let (lines, limited) = try onNewThread {
      let text = try TextRecognizer(settings).recognize(image, source: "one")
      return (text.lines.map(\.text), maxActiveLevels())
    }
    #expect(limited == 0)
    #expect(lines == ["Settings"], "\(lines)")
    let (defaultLines, unlimited) = try onNewThread {
      let text = try TextRecognizer().recognize(image, source: "default")
      return (text.lines.map(\.text), maxActiveLevels())
    }
    #expect(unlimited > 0)
    #expect(defaultLines == lines)
  }
}
