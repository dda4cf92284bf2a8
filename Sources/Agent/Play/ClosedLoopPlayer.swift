import Crawler
import FileIO
import Foundation
import Geometry
import GraphStore
import Ingest
import Screenshots
import UIHierarchy

/// Lets the agent act on a device until it says it is done or runs out of steps, and judges
/// where it stopped: the screen is looked up in the reference graph with the ingest page-identity
/// rule (``StoredPageLookup``), and the play succeeds when that page is the goal page.
/// One play at a time: the device is driven by whichever task calls ``play(_:policy:memory:record:)``.
public final class ClosedLoopPlayer: @unchecked Sendable {
  private let device: any Device
  private let package: String
  private let reference: Database
  private let work: URL
  private let maxSteps: Int
  private var captures = 0

  /// A player of `package` on `device`, judging by `reference`; screens are written to `work`
  /// (the policy reads files) and at most `maxSteps` actions are taken per goal.
  public init(
    device: any Device, package: String, reference: Database, work: URL, maxSteps: Int
  ) throws {
    self.device = device
    self.package = package
    self.reference = reference
    self.work = work
    self.maxSteps = max(0, maxSteps)
    try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
  }

  /// Plays `goal` from a fresh launch of the app; each step goes to `record`.
  public func play(
    _ goal: PlayGoal, policy: AgentPolicy, memory: String,
    record: (PlayStep) throws -> Void
  ) async throws -> PlayOutcome {
    try device.forceStop(package)
    try device.launch(package)
    var startPage: Int64?
    var here: Int64?
    var steps = 0
    var saidDone = false
    var stopped = "ran out of steps (\(maxSteps))"
    for index in 0... {
      let screen = try look()
      here = screen.page
      if index == 0 { startPage = here }
      guard steps < maxSteps else { break }
      var step = PlayStep(
        memory: memory, goal: goal.number, step: index, screen: screen.summary, page: here)
      do {
        step.decision = try await policy.act(
          goal: goal.instruction, xml: screen.xmlPath, screenshot: screen.pngPath,
          width: screen.summary.width, height: screen.summary.height)
      } catch {
        step.error = PlainErrorText.describe(error)
        try record(step)
        stopped = "the agent failed: \(step.error ?? "")"
        break
      }
      guard let action = step.decision?.action else {
        try record(step)
        stopped = "the agent's answer could not be read"
        break
      }
      if action.kind == .done || action.kind == .impossible {
        try record(step)
        saidDone = action.kind == .done
        stopped = "the agent said \(action.kind.rawValue)"
        break
      }
      guard
        let gestures = Self.gestures(
          for: action, width: screen.summary.width, height: screen.summary.height)
      else {
        step.error = "\(action.kind.rawValue) cannot be done on the device here"
        try record(step)
        stopped = step.error ?? ""
        break
      }
      if action.kind == .openApp {
        try device.launch(package)
        step.performed = ["launch \(package)"]
      } else {
        for gesture in gestures { try device.perform(gesture) }
        step.performed = gestures.map(\.description)
      }
      try record(step)
      steps += 1
    }
    let shortest = try startPage.flatMap { start in
      try reference.shortestPaths(from: start, to: goal.page).first?.length
    }
    let success = here == goal.page
    return PlayOutcome(
      memory: memory, goal: goal, success: success, steps: steps, shortest: shortest,
      startPage: startPage, finalPage: here, saidDone: saidDone, stoppedBecause: stopped,
      spl: Self.spl(success: success, shortest: shortest ?? goal.depth, steps: steps))
  }

  /// Success weighted by path length (Anderson et al. 2018) for one episode:
  /// `shortest / max(steps, shortest)` when it succeeded, else 0 (1 when both are 0).
  public static func spl(success: Bool, shortest: Int, steps: Int) -> Double {
    guard success else { return 0 }
    let longer = max(steps, shortest)
    return longer == 0 ? 1 : Double(shortest) / Double(longer)
  }

  // MARK: - Screens

  private struct Screen {
    var xmlPath: String
    var pngPath: String?
    var summary: PlayScreen
    var page: Int64?
  }

  /// Captures the screen, writes it to the work folder and identifies it in the reference.
  private func look() throws -> Screen {
    let capture = try device.capture()
    captures += 1
    let base = work.appendingPathComponent("screen-\(captures)").path
    try OutputFile.write(Data(capture.xml.utf8), to: base + ".xml")
    let tree = try UITree(parsing: Array(capture.xml.utf8), source: base + ".xml")
    let image = try? RGBAImage(imageData: capture.png, source: base + ".png")
    var pngPath: String?
    if image != nil {
      try OutputFile.write(capture.png, to: base + ".png")
      pngPath = base + ".png"
    }
    let size =
      image.map { ($0.width, $0.height) } ?? EpisodeLoader.screenSize(xml: base + ".xml")
      ?? (1080, 2400)
    var texts: [String] = []
    for node in tree.nodes where texts.count < 40 {
      for text in [node.text, node.contentDescription] where !text.isEmpty && texts.count < 40 {
        texts.append(text)
      }
    }
    let page = try StoredPageLookup.find(tree, screenshot: image, in: reference).page
    return Screen(
      xmlPath: base + ".xml", pngPath: pngPath,
      summary: PlayScreen(width: size.0, height: size.1, texts: texts), page: page)
  }

  // MARK: - Actions

  /// The device gestures of a canonical action on a `width`×`height` screen: taps at the
  /// point (or the element's centre), typing after a tap on the field, swipes a third of the
  /// screen in the finger's direction; nil when the action has no point where it needs one, or
  /// no gesture (enter).
  static func gestures(for action: CanonicalAction, width: Int, height: Int) -> [DeviceAction]? {
    func pixel(_ point: NormalizedPoint?) -> Point? {
      guard let point = point ?? action.element?.center,
        let x = PixelCoordinate.checked(point.x * Double(width)),
        let y = PixelCoordinate.checked(point.y * Double(height))
      else { return nil }
      return Point(x: x, y: y)
    }
    switch action.kind {
    case .tap: return pixel(action.point).map { [.tap($0)] }
    case .longPress: return pixel(action.point).map { [.longPress($0)] }
    case .type:
      let tap = pixel(action.point).map { [DeviceAction.tap($0)] } ?? []
      return tap + [.type(action.text ?? "")]
    case .swipe:
      guard let start = pixel(action.point) else { return nil }
      if let end = action.end.flatMap({ pixel($0) }) {
        return [.swipe(from: start, to: end, milliseconds: 300)]
      }
      let dx = width / 3
      let dy = height / 3
      let end: Point
      switch action.direction ?? .up {
      case .up: end = Point(x: start.x, y: max(0, start.y - dy))
      case .down: end = Point(x: start.x, y: min(height - 1, start.y + dy))
      case .left: end = Point(x: max(0, start.x - dx), y: start.y)
      case .right: end = Point(x: min(width - 1, start.x + dx), y: start.y)
      }
      return [.swipe(from: start, to: end, milliseconds: 300)]
    case .back: return [.back]
    case .home: return [.home]
    case .openApp, .wait: return []
    case .enter, .done, .impossible: return nil
    }
  }
}
