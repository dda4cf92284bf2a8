import Foundation
import Geometry
import Screenshots

/// A small AitZ-format episode the test writes: a JSON array of steps (AITW action types,
/// `result_touch_yx`/`result_lift_yx` as JSON strings, as AitZ writes them) beside screenshots
/// drawn in m3m's 5×7 font at scale 3, with no dumps (AitZ has none). Goal "Open Settings":
/// step 0's screen does not show it (the person swipes up), step 1's does (the person taps it).
public enum AitZFixture {
  /// Writes the episode into a new temporary folder; returns the folder.
  public static func write() throws -> URL {
    let folder = try Fixtures.temporaryDirectory("aitz")
    // "Settings" is drawn at (40, 40), 168 × 21 px: its centre is (124, 50) of 700 × 400.
    try writeEpisode(
      named: "GENERAL-1", goal: "Open Settings",
      screens: [["Choose from Gallery", "Search"], ["Settings", "Search"]],
      actions: [
        ["result_action_type": 4, "result_touch_yx": "[0.8, 0.5]", "result_lift_yx": "[0.2, 0.5]"],
        [
          "result_action_type": 4, "result_touch_yx": "[0.125, 0.177]",
          "result_lift_yx": "[0.125, 0.177]",
        ],
      ], into: folder)
    return folder
  }

  /// Writes episode `name` into `folder`: `<name>.json` and `<name>_<i>.png`, screen i drawn
  /// 700 × 400 with its texts at (40, 40 + 80 × row), scale 3 (a text of n letters spans
  /// 21 n × 21 px), and step i's action the i-th of `actions` (AITW fields, merged into the
  /// step with `episode_id`, `image_path`, `instruction` and an empty `result_action_text`
  /// unless given).
  public static func writeEpisode(
    named name: String, goal: String, screens: [[String]], actions: [[String: Any]],
    into folder: URL
  ) throws {
    for (index, texts) in screens.enumerated() {
      var image = RGBAImage(width: 700, height: 400)
      for (row, text) in texts.enumerated() {
        image.draw(text, at: Point(x: 40, y: 40 + row * 80), scale: 3)
      }
      try Data(image.pngData()).write(to: folder.appendingPathComponent("\(name)_\(index).png"))
    }
    let steps = actions.enumerated().map { index, action -> [String: Any] in
      var step: [String: Any] = [
        "episode_id": name, "image_path": "general/\(name)/\(name)_\(index).png",
        "instruction": goal, "result_action_text": "",
      ]
      step.merge(action) { _, given in given }
      return step
    }
    try JSONSerialization.data(withJSONObject: steps, options: [.sortedKeys]).write(
      to: folder.appendingPathComponent("\(name).json"))
  }
}
