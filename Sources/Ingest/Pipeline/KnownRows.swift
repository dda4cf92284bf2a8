/// Row ids the writer has looked up or written in this ingest, so a revisit (the same action
/// from the same page, again) does not ask the database again.
///
/// The ids are valid only while what was written stays: the owner forgets them after a
/// rollback, and when another connection committed in between. Each map is bounded: it starts
/// over when full, so memory does not grow with the graph.
struct KnownRows {
  /// The most entries kept in each map.
  let capacity: Int

  private struct ActionKey: Hashable {
    var app: Int64
    var key: String
  }

  private struct ActingKey: Hashable {
    var page: Int64
    var action: TraceAction
  }

  private var actions: [ActionKey: Int64] = [:]
  /// nil values: no element of the page was acted on (cached too).
  private var actingElements: [ActingKey: Int64?] = [:]

  init(capacity: Int = 100_000) { self.capacity = capacity }

  /// The id of the app's action with `key`, from `lookUp` the first time.
  mutating func action(app: Int64, key: String, lookUp: () throws -> Int64) rethrows -> Int64 {
    let actionKey = ActionKey(app: app, key: key)
    if let id = actions[actionKey] { return id }
    let id = try lookUp()
    if actions.count >= capacity { actions.removeAll(keepingCapacity: true) }
    actions[actionKey] = id
    return id
  }

  /// The element of `page` that `action` touched, from `lookUp` the first time.
  mutating func actingElement(
    page: Int64, action: TraceAction, lookUp: () throws -> Int64?
  ) rethrows -> Int64? {
    let actingKey = ActingKey(page: page, action: action)
    if let known = actingElements[actingKey] { return known }
    let id = try lookUp()
    if actingElements.count >= capacity { actingElements.removeAll(keepingCapacity: true) }
    actingElements[actingKey] = .some(id)
    return id
  }

  /// Forgets every id.
  mutating func removeAll() {
    actions.removeAll()
    actingElements.removeAll()
  }
}
