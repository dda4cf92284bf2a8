import FileIO
import Foundation
import Geometry
import UIHierarchy

/// Reads a DroidBot output folder: `states/state_<tag>.json` (view trees, not uiautomator XML)
/// with `states/screen_<tag>.png`, and `events/event_<tag>.json` (each with its `start_state`
/// and `stop_state`).
///
/// Every event is a visit of its stop state, reached from the latest visit of its start state;
/// states no event reached are visits of their own (roots). DroidBot saves its screenshots as
/// JPEG under `.png` names: they are decoded as JPEG (told by their first bytes), so visits
/// take the pixel test like any other.
public enum DroidBotReader {
  /// True when `folder` holds DroidBot's `states/` and `events/` (or `utg.js`).
  public static func recognises(_ folder: String) -> Bool {
    FileLookup.exists(folder + "/states")
      && (FileLookup.exists(folder + "/events") || FileLookup.exists(folder + "/utg.js"))
  }

  /// The run's visits in event order. Every state file is read once up front (events name
  /// states by their `state_str`) and every event file as it is listed, but a state's view tree
  /// is built again only when its visit is read: what is held is paths, records and actions,
  /// not trees. Each file is read whole, up to 64 MB.
  public static func steps(in folder: String) throws -> Steps {
    let fm = FileManager.default
    let statesFolder = folder + "/states"
    guard let stateNames = try? fm.contentsOfDirectory(atPath: statesFolder) else {
      throw IngestError(source: statesFolder, reason: "cannot list the states folder")
    }
    var states: [String: TraceStep] = [:]
    var order: [String] = []
    var steps: [TraceStep] = []
    var app = ""
    for name in stateNames.sorted() where name.hasPrefix("state_") && name.hasSuffix(".json") {
      let path = statesFolder + "/" + name
      let tag = String(name.dropFirst(6).dropLast(5))
      let screenshot = statesFolder + "/screen_\(tag).png"
      var step = TraceStep(
        record: "state_\(tag)", app: "", xmlPath: path,
        screenshotPath: fm.fileExists(atPath: screenshot) ? screenshot : nil)
      do {
        let (key, _, package) = try readState(path)
        if app.isEmpty { app = package }
        states[key] = step
        order.append(key)
      } catch {
        step.problem = PlainErrorText.describe(error)
        steps.append(step)
      }
    }
    if app.isEmpty { app = "droidbot" }
    var lastVisit: [String: String] = [:]
    func rootVisit(_ key: String) {
      guard lastVisit[key] == nil, var step = states[key] else { return }
      step.app = app
      steps.append(step)
      lastVisit[key] = step.record
    }
    let eventsFolder = folder + "/events"
    let eventNames = ((try? fm.contentsOfDirectory(atPath: eventsFolder)) ?? []).sorted()
    for name in eventNames where name.hasSuffix(".json") {
      let path = eventsFolder + "/" + name
      var problem = "\(path): not a DroidBot event"
      var event: [String: Any]?
      do {
        event = try WholeFile.contents(path).flatMap {
          try? JSONSerialization.jsonObject(with: $0) as? [String: Any]
        }
      } catch {
        problem = PlainErrorText.describe(error)
      }
      guard let event, let stop = event["stop_state"] as? String else {
        var step = TraceStep(record: String(name.dropLast(5)), app: app, xmlPath: path)
        step.problem = problem
        steps.append(step)
        continue
      }
      guard var step = states[stop] else { continue }  // a state DroidBot did not save
      let start = event["start_state"] as? String
      if let start { rootVisit(start) }
      step.record = String(name.dropLast(5))
      step.app = app
      step.parentRecord = start.flatMap { lastVisit[$0] }
      step.action = step.parentRecord == nil ? nil : action(event["event"] as? [String: Any])
      steps.append(step)
      lastVisit[stop] = step.record
    }
    for key in order { rootVisit(key) }
    return Steps(planned: steps)
  }

  /// A DroidBot run's visits; a visit's view tree is built from its state file when the visit
  /// is read (a state that no longer reads becomes the visit's ``TraceStep/problem``).
  public struct Steps: RandomAccessCollection, Sendable {
    let planned: [TraceStep]

    /// The first visit's position (0).
    public var startIndex: Int { planned.startIndex }
    /// One past the last visit's position.
    public var endIndex: Int { planned.endIndex }

    /// The visit at `position`, its tree built now.
    public subscript(position: Int) -> TraceStep {
      var step = planned[position]
      guard step.problem == nil, let path = step.xmlPath else { return step }
      do {
        step.tree = try readState(path).1
      } catch {
        step.problem = PlainErrorText.describe(error)
      }
      return step
    }
  }

  /// A state file's `state_str`, its view tree as a ``UITree`` and its package.
  static func readState(_ path: String) throws -> (String, UITree, String) {
    guard let data = try WholeFile.contents(path),
      let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
      let key = object["state_str"] as? String, let views = object["views"] as? [[String: Any]]
    else { throw IngestError(source: path, reason: "not a DroidBot state (state_str, views)") }
    var byID: [Int: [String: Any]] = [:]
    for view in views { if let id = view["temp_id"] as? Int { byID[id] = view } }
    // Re-number in pre-order so every parent precedes its children: a walk with its own stack
    // (a chain of a million views must not overflow the thread's), each view once (a view
    // listed as its own descendant must not loop).
    var nodes: [UINode] = []
    var placed: Set<Int> = []
    var pending: [(id: Int, parent: Int?)] = views.reversed().compactMap { view in
      guard (view["parent"] as? Int ?? -1) < 0, let id = view["temp_id"] as? Int else { return nil }
      return (id, nil)
    }
    while let (id, parent) = pending.popLast() {
      guard let view = byID[id], placed.insert(id).inserted else { continue }
      let index = nodes.count
      nodes.append(UINode(index: index, parent: parent, depth: 0, attributes: attributes(view)))
      for child in (view["children"] as? [Int] ?? []).reversed() {
        pending.append((child, index))
      }
    }
    let tree = try UITree(nodes: nodes, source: path)
    return (key, tree, tree.nodes.first { !$0.package.isEmpty }?.package ?? "")
  }

  /// uiautomator-named attributes of a DroidBot view.
  static func attributes(_ view: [String: Any]) -> [UINode.Attribute] {
    func text(_ key: String) -> String { view[key] as? String ?? "" }
    func flag(_ key: String) -> String { (view[key] as? Bool ?? false) ? "true" : "false" }
    var attributes: [UINode.Attribute] = [
      .init(name: "text", value: text("text")),
      .init(name: "resource-id", value: text("resource_id")),
      .init(name: "class", value: text("class")),
      .init(name: "package", value: text("package")),
      .init(name: "content-desc", value: text("content_description")),
      .init(name: "checkable", value: flag("checkable")),
      .init(name: "checked", value: flag("checked")),
      .init(name: "clickable", value: flag("clickable")),
      .init(name: "enabled", value: flag("enabled")),
      .init(name: "focusable", value: flag("focusable")),
      .init(name: "focused", value: flag("focused")),
      .init(name: "scrollable", value: flag("scrollable")),
      .init(name: "long-clickable", value: flag("long_clickable")),
      .init(name: "password", value: flag("is_password")),
      .init(name: "selected", value: flag("selected")),
      .init(name: "visible-to-user", value: flag("visible")),
    ]
    if let box = bounds(view["bounds"]) {
      attributes.append(.init(name: "bounds", value: box.description))
    }
    return attributes
  }

  static func bounds(_ value: Any?) -> Bounds? {
    guard let pairs = value as? [[Int]], pairs.count == 2, pairs[0].count == 2, pairs[1].count == 2
    else { return nil }
    return Bounds(
      checkedLeft: pairs[0][0], top: pairs[0][1], right: pairs[1][0], bottom: pairs[1][1])
  }

  /// A DroidBot input event as a trace action.
  static func action(_ event: [String: Any]?) -> TraceAction {
    guard let event, let type = event["event_type"] as? String else {
      return TraceAction(type: "unknown")
    }
    let view = event["view"] as? [String: Any]
    let box = bounds(view?["bounds"])
    switch type {
    case "touch": return TraceAction(.click, point: box?.center, bounds: box)
    case "long_touch": return TraceAction(.longPress, point: box?.center, bounds: box)
    case "scroll":
      // DroidBot's direction names where the content goes; recorded as DroidBot wrote it.
      return TraceAction(
        .scroll, point: box?.center, bounds: box,
        direction: (event["direction"] as? String).map { "content-" + $0.lowercased() })
    case "set_text":
      return TraceAction(.input, point: box?.center, bounds: box, text: event["text"] as? String)
    case "key": return TraceAction(type: (event["name"] as? String ?? "key").lowercased())
    case "intent": return TraceAction(type: "open_app", text: event["intent"] as? String)
    default: return TraceAction(type: type)
    }
  }
}
