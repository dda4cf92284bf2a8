#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The C library's words for an `errno` value.
enum SystemError {
  /// `strerror(code)` with a lower-case first letter: "no space left on device".
  static func reason(_ code: Int32) -> String {
    guard let text = strerror(code) else { return "system error \(code)" }
    let words = String(cString: text)
    return words.prefix(1).lowercased() + words.dropFirst()
  }

  /// Runs `call` until it stops failing with `EINTR`; the error code when it fails.
  static func retrying(_ call: () -> Int) -> (result: Int, error: Int32?) {
    while true {
      let result = call()
      if result >= 0 { return (result, nil) }
      let code = errno
      if code != EINTR { return (result, code) }
    }
  }
}
