import FileIO
import Foundation
import Geometry
import Screenshots
import SyntheticApps
import UIHierarchy

/// A device that plays an app from `graphs/*.json`: each page is rendered (XML and PNG, as
/// `m3m synth` renders it); a tap on an element goes where its `to` says; typing into a field
/// or swiping a list goes to that element's `to`; back returns to the page before; an element
/// whose `to` is `@external` leaves the app (to a browser). The status-bar clock changes on
/// every capture (a volatile element for dedup to ignore); with `flakiness` > 0, that share of
/// actions do nothing the first time (for the explorer's retries).
public final class SimulatedDevice: Device {
  /// The app played.
  public let app: AppDefinition
  private let renderer = ScreenRenderer()
  private var page: String?
  private var history: [String] = []
  private var focused: Int?
  private var captures = 0
  private var screenshots: [String: [UInt8]] = [:]
  private let flakiness: Double
  private var random: SeededGenerator
  private var tried: Set<String> = []
  /// Actions performed (for benchmarks).
  public private(set) var actions = 0

  /// The package of the app a device shows when an element leaves the app.
  public static let externalPackage = "com.android.chrome"

  /// A device playing `app`; `flakiness` of the actions fail once (seeded).
  public init(app: AppDefinition, flakiness: Double = 0, seed: UInt64 = 1) {
    self.app = app
    self.flakiness = flakiness
    random = SeededGenerator(seed: seed)
  }

  /// Loads `graphs/X.json`.
  public convenience init(definition path: String, flakiness: Double = 0) throws {
    let app: AppDefinition
    do {
      app = try JSONDecoder().decode(AppDefinition.self, from: InputFile.contents(path))
    } catch let error as InputError {
      throw DeviceError(
        command: "sim:\(path)", reason: "cannot read the app definition: \(error.reason)")
    } catch {
      throw DeviceError(
        command: "sim:\(path)",
        reason: "not an app definition: \(PlainErrorText.describe(error))")
    }
    try app.validate(source: path)
    self.init(app: app, flakiness: flakiness)
  }

  public func launch(_ package: String) throws {
    guard package == app.package else {
      throw DeviceError(
        command: "launch \(package)", reason: "not installed (the simulated app is \(app.package))")
    }
    if page == nil || page == "@external" {
      page = app.root
      history = []
      focused = nil
    }
  }

  public func forceStop(_ package: String) throws {
    if package == app.package {
      page = nil
      history = []
      focused = nil
    }
  }

  public func foregroundPackage() throws -> String {
    guard let page else { return "com.android.launcher" }
    return page == "@external" ? Self.externalPackage : app.package
  }

  public func capture() throws -> Capture {
    captures += 1
    let clock = String(format: "12:%02d", captures % 60)
    guard let id = page, let current = app.pages[id] else {
      let other = AppDefinition.Page(
        title: page == "@external" ? "Browser" : "Home screen", elements: [])
      let foreign = AppDefinition(
        name: "other", package: try foregroundPackage(), root: "x", keywords: nil,
        pages: ["x": other])
      return Capture(
        xml: renderer.xml(other, app: foreign, clock: clock),
        png: try renderer.screenshot(other, clock: clock).pngData())
    }
    // A phone draws every frame anew; here a frame already drawn is reused (same page, same
    // clock: the same pixels), so a crawl's time goes to the crawler, not to the drawing.
    let key = "\(id)@\(clock)"
    let png = try screenshots[key] ?? renderer.screenshot(current, clock: clock).pngData()
    screenshots[key] = png
    return Capture(xml: renderer.xml(current, app: app, clock: clock), png: png)
  }

  public func perform(_ action: DeviceAction) throws {
    actions += 1
    guard let id = page, let current = app.pages[id] else {
      if action == .back || action == .home { page = nil }
      return
    }
    let boxes = renderer.layout(current)
    func element(at point: Point) -> Int? { boxes.firstIndex { $0.contains(point) } }
    var target: String?
    switch action {
    case .tap(let point), .longPress(let point):
      guard let index = element(at: point) else { return }
      let element = current.elements[index]
      if element.action == .input {
        focused = index
        return
      }
      if element.action == .scroll { return }
      target = element.to
    case .swipe(let from, _, _):
      guard let index = element(at: from), current.elements[index].action == .scroll else { return }
      target = current.elements[index].to
    case .type:
      guard let index = focused else { return }
      target = current.elements[index].to
    case .back:
      page = history.popLast()
      focused = nil
      return
    case .home:
      page = nil
      return
    }
    guard let target else { return }
    // A flaky action may do nothing the first time it is performed, never again.
    let key = "\(id)|\(action)"
    if flakiness > 0, tried.insert(key).inserted,
      Double.random(in: 0..<1, using: &random) < flakiness
    {
      return
    }
    if target != id { history.append(id) }
    page = target
    focused = nil
  }
}
