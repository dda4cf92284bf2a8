import Foundation
import Synchronization

/// How a connection waits for a lock another connection holds: it retries with short sleeps
/// until `timeout` seconds have passed since it started waiting, calling `notify` once, the
/// first time it has to wait (so a command can say why it seems stuck).
final class BusyWait: Sendable {
  let timeout: Double
  private let notify: (@Sendable () -> Void)?
  private let state = Mutex(State())

  private struct State {
    var started: ContinuousClock.Instant?
    var notified = false
  }

  init(timeout: Double, notify: (@Sendable () -> Void)?) {
    self.timeout = timeout.isNaN ? 0 : max(0, timeout)
    self.notify = notify
  }

  /// Called by SQLite's busy handler: `attempt` is 0 on the first call of one wait. True to
  /// try again (after a short sleep), false to give up with `SQLITE_BUSY`.
  func shouldRetry(attempt: Int32) -> Bool {
    let now = ContinuousClock.now
    let (elapsed, announce) = state.withLock { state -> (Duration, Bool) in
      if attempt == 0 || state.started == nil { state.started = now }
      let announce = !state.notified && timeout > 0
      state.notified = state.notified || announce
      return (now - (state.started ?? now), announce)
    }
    let seconds =
      Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    guard seconds < timeout else { return false }
    if announce { notify?() }
    // 1 ms at first, up to 50 ms, never past the deadline.
    let pause = min(0.001 * Double(1 << min(Int(attempt), 6)), 0.05, timeout - seconds)
    Thread.sleep(forTimeInterval: pause)
    return true
  }

  /// Says once that this connection waits for another writer (PostgreSQL's write lock, which
  /// the server itself waits for).
  func announce() {
    let first = state.withLock { state -> Bool in
      defer { state.notified = true }
      return !state.notified && timeout > 0
    }
    if first { notify?() }
  }
}
