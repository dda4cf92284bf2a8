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
    let screens = [["Choose from Gallery", "Search"], ["Settings", "Search"]]
    for (index, texts) in screens.enumerated() {
      var image = RGBAImage(width: 700, height: 400)
      for (row, text) in texts.enumerated() {
        image.draw(text, at: Point(x: 40, y: 40 + row * 80), scale: 3)
      }
      try Data(image.pngData()).write(
        to: folder.appendingPathComponent("GENERAL-1_\(index).png"))
    }
    // "Settings" is drawn at (40, 40), 168 × 21 px: its centre is (124, 50) of 700 × 400.
    let steps: [[String: Any]] = [
      [
        "episode_id": "1", "image_path": "general/GENERAL-1/GENERAL-1_0.png",
        "instruction": "Open Settings", "result_action_type": 4,
        "result_touch_yx": "[0.8, 0.5]", "result_lift_yx": "[0.2, 0.5]",
        "result_action_text": "",
      ],
      [
        "episode_id": "1", "image_path": "general/GENERAL-1/GENERAL-1_1.png",
        "instruction": "Open Settings", "result_action_type": 4,
        "result_touch_yx": "[0.125, 0.177]", "result_lift_yx": "[0.125, 0.177]",
        "result_action_text": "",
      ],
    ]
    try JSONSerialization.data(withJSONObject: steps, options: [.sortedKeys]).write(
      to: folder.appendingPathComponent("GENERAL-1.json"))
    return folder
  }
}
