import Foundation

/// Prepares the next steps of a trace (or of many sources, one after the other) on worker
/// threads while one writer takes them in recorded order.
///
/// The writer adds steps to a window of at most `window` steps and takes them back from its
/// front; `jobs - 1` workers prepare the waiting steps, oldest first, and the writer prepares
/// the front step itself when no worker has started it (and a later one while a worker
/// finishes the front step), so `jobs` threads prepare in all. Decoded
/// pixels held ahead of the writer are bounded by `decodeBytes`; a step whose decode does not fit
/// is prepared without it. Each step carries the place of its source among the sources ingested,
/// so the steps of the next source are prepared while the writer records the last ones of this.
final class StepPreparation: @unchecked Sendable {
  private final class Slot {
    enum State {
      case waiting, working, done
      /// Not to be prepared (the writer knows it will skip it).
      case skipped
    }
    let step: TraceStep
    let source: Int
    var state: State
    var prepared: PreparedStep?

    init(step: TraceStep, source: Int, state: State) {
      self.step = step
      self.source = source
      self.state = state
    }
  }

  /// The most steps added and not yet taken.
  let window: Int
  private let prepare: @Sendable (TraceStep, _ reserve: (Int) -> Bool) -> PreparedStep
  private let decodeBytes: Int
  // Everything below is guarded by `condition`.
  private let condition = NSCondition()
  private var slots: [Slot] = []
  private var reservedBytes = 0
  /// Steps the writer is done with, for a worker to free.
  private var finishedSteps: [PreparedStep] = []
  private var isClosed = false
  /// Workers waiting for work, and whether the writer waits for a worker to finish its front
  /// step: a wake-up is sent only to a thread that waits for what happened (each one is a
  /// system call and a thread switch, once a step without it).
  private var idleWorkers = 0
  private var writerWaits = false
  private let workers = DispatchGroup()

  /// Starts `jobs - 1` workers.
  init(
    jobs: Int, window: Int, decodeBytes: Int,
    prepare: @escaping @Sendable (TraceStep, _ reserve: (Int) -> Bool) -> PreparedStep
  ) {
    self.window = max(window, 1)
    self.decodeBytes = decodeBytes
    self.prepare = prepare
    for _ in 1..<max(jobs, 1) {
      DispatchQueue.global().async(group: workers) { self.work() }
    }
  }

  /// True when the window has room for another step.
  var hasRoom: Bool {
    condition.withLock { slots.count < window }
  }

  /// Adds the next step of the trace, from the `source`th source; `needed` false when the writer
  /// will skip it.
  func add(_ step: TraceStep, source: Int = 0, needed: Bool) {
    condition.withLock {
      slots.append(Slot(step: step, source: source, state: needed ? .waiting : .skipped))
      // The writer adds: only workers can be waiting, and one is enough for one step.
      if needed && idleWorkers > 0 { condition.signal() }
    }
  }

  /// The oldest step added and its preparation (nil when it was added as not needed); waits for
  /// a worker that is preparing it, or prepares it here when none started. Nil when none is left.
  func takeFirst() -> (source: Int, step: TraceStep, prepared: PreparedStep?)? {
    condition.lock()
    guard let slot = slots.first else {
      condition.unlock()
      return nil
    }
    slots.removeFirst()
    switch slot.state {
    case .waiting:
      slot.state = .working
      condition.unlock()
      return (slot.source, slot.step, prepare(slot.step, reserve))
    case .working:
      // While a worker prepares it, the writer prepares a later step rather than wait idle
      // (with two jobs, both threads decode).
      while slot.state != .done {
        if let later = slots.first(where: { $0.state == .waiting }) {
          prepareHoldingLock(later)
        } else {
          writerWaits = true
          condition.wait()
          writerWaits = false
        }
      }
      condition.unlock()
      return (slot.source, slot.step, slot.prepared)
    case .done:
      condition.unlock()
      return (slot.source, slot.step, slot.prepared)
    case .skipped:
      condition.unlock()
      return (slot.source, slot.step, nil)
    }
  }

  /// Takes back a step the writer is done with: its decode-ahead bytes are given back, and
  /// freeing a step without pixels (a parsed tree's nodes and strings: a tenth of the writer's
  /// time on XML) is left to a worker, which does it before it prepares its next step. A step
  /// holding a screenshot is freed here, so pixels never outlive their budget.
  func finished(_ prepared: inout PreparedStep?) {
    guard let step = prepared else { return }
    if step.reservedBytes > 0 || step.holdsScreenshot {
      let bytes = step.reservedBytes
      prepared = nil
      if bytes > 0 { condition.withLock { reservedBytes -= bytes } }
      return
    }
    prepared = nil
    condition.withLock { finishedSteps.append(step) }
  }

  /// Stops the workers (after the step each is preparing) and waits for them.
  func close() {
    condition.withLock {
      isClosed = true
      condition.broadcast()
    }
    workers.wait()
  }

  private func reserve(_ bytes: Int) -> Bool {
    condition.withLock {
      guard reservedBytes + bytes <= decodeBytes else { return false }
      reservedBytes += bytes
      return true
    }
  }

  private func work() {
    condition.lock()
    while true {
      guard !isClosed else { break }
      if !finishedSteps.isEmpty {
        var done: [PreparedStep] = []
        swap(&done, &finishedSteps)
        condition.unlock()
        Self.free(consume done)
        condition.lock()
        continue
      }
      guard let slot = slots.first(where: { $0.state == .waiting }) else {
        idleWorkers += 1
        condition.wait()
        idleWorkers -= 1
        continue
      }
      prepareHoldingLock(slot)
    }
    condition.unlock()
  }

  /// Frees `steps` (here, outside the lock).
  private static func free(_ steps: consuming [PreparedStep]) {}

  /// Prepares a waiting slot's step; called and returns with `condition` locked, which it
  /// releases while it works.
  private func prepareHoldingLock(_ slot: Slot) {
    slot.state = .working
    condition.unlock()
    let prepared = prepare(slot.step, reserve)
    condition.lock()
    slot.prepared = prepared
    slot.state = .done
    // Only the writer waits for a step to be done (idle workers share the condition, so all
    // are woken: they look for work and wait again).
    if writerWaits { condition.broadcast() }
  }
}
