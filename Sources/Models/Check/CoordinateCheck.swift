import Foundation
import Geometry
import Screenshots
import Tasks

/// `m3m model check`: a generated 1080×2400 screen with six coloured, labelled buttons spread
/// over both axes; the model is asked to tap each, and its answer, converted from its
/// coordinate setting to pixels, must land inside the button. A wrong `--coords` moves the
/// taps off the buttons (a 0–1000 grid read as pixels lands in the screen's top-left 1000×1000;
/// `(y, x)` read as `(x, y)` mirrors across the diagonal), so the check tells which setting a
/// served model needs. Screens below the resize limit are barely resized (1080×2400 becomes
/// 1092×2408), so `pixels` and `resized-pixels` agree there within a few pixels.
public enum CoordinateCheck {
  /// One button of the check screen.
  public struct Target: Sendable, Hashable {
    /// The label drawn on it and named in the instruction.
    public var label: String
    /// Its fill colour's name, also named in the instruction.
    public var colorName: String
    /// Its fill colour.
    public var color: RGBAColor
    /// Where it is, in screen pixels.
    public var bounds: Bounds
  }

  /// The check screen's size: a common phone's.
  public static let screenSize = (width: 1080, height: 2400)

  /// The six buttons: corners of the upper and lower thirds and two in the middle column, none
  /// sharing a row or column band with a mirrored twin.
  public static let targets: [Target] = [
    Target(
      label: "ALPHA", colorName: "red", color: .red,
      bounds: Bounds(left: 60, top: 300, right: 340, bottom: 440)),
    Target(
      label: "BRAVO", colorName: "blue", color: .blue,
      bounds: Bounds(left: 740, top: 520, right: 1020, bottom: 660)),
    Target(
      label: "CHARLIE", colorName: "green", color: .green,
      bounds: Bounds(left: 400, top: 1060, right: 680, bottom: 1200)),
    Target(
      label: "DELTA", colorName: "orange", color: .orange,
      bounds: Bounds(left: 60, top: 1640, right: 340, bottom: 1780)),
    Target(
      label: "ECHO", colorName: "magenta", color: .magenta,
      bounds: Bounds(left: 740, top: 1900, right: 1020, bottom: 2040)),
    Target(
      label: "FOXTROT", colorName: "yellow", color: .yellow,
      bounds: Bounds(left: 400, top: 2180, right: 680, bottom: 2320)),
  ]

  /// The check screen: white, a title, the buttons filled with their colours and labelled.
  public static func screen() -> RGBAImage {
    var image = RGBAImage(width: screenSize.width, height: screenSize.height, fill: .white)
    image.draw("TAP THE BUTTON NAMED", at: Point(x: 60, y: 120), scale: 6)
    for target in targets {
      image.fill(target.bounds, with: target.color)
      let size = RGBAImage.measure(target.label, scale: 5)
      let origin = Point(
        x: target.bounds.center.x - size.width / 2, y: target.bounds.center.y - size.height / 2)
      image.draw(target.label, at: origin, scale: 5, background: .white)
    }
    return image
  }

  /// The instruction for one button.
  public static func instruction(_ target: Target) -> String {
    "This is a phone screenshot. Tap the \(target.colorName) button labelled "
      + "\"\(target.label)\". Answer with one action, click(x, y), giving the point to tap."
  }

  /// One button's outcome.
  public struct Outcome: Sendable, Hashable, Encodable {
    /// The button's label.
    public var label: String
    /// Its box, `[x1,y1][x2,y2]`.
    public var box: String
    /// The model's answer in screen pixels (after conversion), or the error it gave.
    public var answer: String
    /// Where the answer points, in screen pixels, when it could be read.
    public var point: [Int]?
    /// True when the point is inside the box.
    public var hit: Bool
  }

  /// The whole check.
  public struct Report: Sendable, Hashable, Encodable {
    /// The model's name (with its coordinate setting).
    public var model: String
    /// The screen sent, `1080x2400`.
    public var screen: String
    /// Per button.
    public var outcomes: [Outcome]
    /// Buttons hit.
    public var hits: Int { outcomes.filter(\.hit).count }
    /// True when every answer landed in its button.
    public var passed: Bool { hits == outcomes.count }

    enum CodingKeys: String, CodingKey { case model, screen, outcomes, hits, passed }

    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(model, forKey: .model)
      try container.encode(screen, forKey: .screen)
      try container.encode(outcomes, forKey: .outcomes)
      try container.encode(hits, forKey: .hits)
      try container.encode(passed, forKey: .passed)
    }
  }

  /// Asks `model` to tap each button of the screen saved at `screenshot` (from ``screen()``).
  /// A failed request is an outcome (a miss with the error as its answer), not a thrown error.
  public static func run(_ model: any UIModel, screenshot: String) async -> Report {
    var outcomes: [Outcome] = []
    for target in targets {
      let request = ModelRequest(
        task: .grounding, instruction: instruction(target), images: [screenshot],
        hierarchies: [])
      var outcome = Outcome(
        label: target.label, box: target.bounds.description, answer: "", point: nil, hit: false)
      do {
        outcome.answer = try await model.answer(request)
        let parsed = ParsedAnswer(outcome.answer, screen: screenSize)
        if let point = parsed.target {
          outcome.point = [point.x, point.y]
          outcome.hit = target.bounds.contains(point)
        }
      } catch {
        outcome.answer = "error: \(error)"
      }
      outcomes.append(outcome)
    }
    return Report(
      model: model.name, screen: "\(screenSize.width)x\(screenSize.height)", outcomes: outcomes)
  }
}
