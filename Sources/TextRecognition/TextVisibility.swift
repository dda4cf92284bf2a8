import Geometry
import Screenshots
import UIHierarchy

/// Whether a text node of a dump can be seen on the screenshot taken with it, decided from the
/// hierarchy and the pixels alone, never from OCR (README, OCR).
///
/// A text node (non-blank `text`, a non-empty box on the screen, not `visible-to-user="false"`)
/// is *hidden* when
/// - its box clipped to every ancestor's box is under ``minimumVisibleHeight(screenWidth:)``
///   rows tall (a list row scrolled almost out of its list), or
/// - it is an app icon (a `TextView`) in Launcher3's hotseat, the dock of AOSP's
///   `com.android.launcher3` and the Pixel's `com.google.android.apps.nexuslauncher` (a
///   descendant of their `…:id/hotseat`): Launcher3 draws those icons without their labels
///   (`CellLayout` turns their text off), though the dump carries them, or
/// - with a screenshot, its box there is flat: fewer than ``minimumInkPixels`` pixels differ
///   from the box's median colour by more than ``inkContrast`` (a single-colour box cannot
///   show text: the dump was taken before the text was drawn, or after it went).
public enum TextVisibility: String, Sendable, Hashable, Codable, CaseIterable {
  /// Clipped by its ancestors to a sliver.
  case clipped
  /// A label its app does not draw (Launcher3's hotseat).
  case undrawnLabel = "undrawn-label"
  /// A box of one colour on the screenshot.
  case blank

  /// The fewest rows a visible box must have on a screen `screenWidth` pixels wide: half a line
  /// of Android's smallest common text (12 sp, about 16 dp a line, on a 411 dp-wide screen).
  public static func minimumVisibleHeight(screenWidth: Int) -> Int {
    max(4, screenWidth * 8 / 411)
  }

  /// How far (0–255, largest channel difference) a pixel must be from its box's median colour
  /// to count as ink.
  public static let inkContrast = 40
  /// The fewest ink pixels a box must hold to show text.
  public static let minimumInkPixels = 12

  /// The resource ids of Launcher3's hotseat.
  static let launcher3Hotseats: Set<String> = [
    "com.android.launcher3:id/hotseat", "com.google.android.apps.nexuslauncher:id/hotseat",
  ]

  /// Why `node` is hidden on a screen of `screen`'s size (nil when it is visible), given its box
  /// already clipped to the screen.
  /// - Parameter screenshot: the screenshot taken with the dump; nil skips the ink test.
  public static func hidden(
    _ node: UINode, in tree: UITree, box: Bounds, screenshot: RGBAImage?
  ) -> TextVisibility? {
    var visible = box
    var ancestor = node.parent
    var inHotseat = false
    while let index = ancestor {
      let parent = tree.nodes[index]
      if let bounds = parent.bounds, !bounds.isEmpty {
        visible = visible.intersection(bounds) ?? Bounds(left: 0, top: 0, right: 0, bottom: 0)
      }
      if launcher3Hotseats.contains(parent.resourceID) { inHotseat = true }
      ancestor = parent.parent
    }
    let width = screenshot?.width ?? box.right
    if visible.isEmpty || visible.height < minimumVisibleHeight(screenWidth: width) {
      return .clipped
    }
    if inHotseat, node.className.hasSuffix("TextView") { return .undrawnLabel }
    if let screenshot, inkPixels(in: visible, of: screenshot) < minimumInkPixels {
      return .blank
    }
    return nil
  }

  /// Pixels of `box` farther than ``inkContrast`` from the box's median colour (counting stops
  /// at ``minimumInkPixels``).
  static func inkPixels(in box: Bounds, of image: RGBAImage) -> Int {
    let left = max(0, box.left)
    let top = max(0, box.top)
    let right = min(image.width, box.right)
    let bottom = min(image.height, box.bottom)
    guard left < right, top < bottom else { return 0 }
    var histograms = [[Int]](repeating: [Int](repeating: 0, count: 256), count: 3)
    image.pixels.withUnsafeBufferPointer { pixels in
      for y in top..<bottom {
        var offset = (y * image.width + left) * 4
        for _ in left..<right {
          histograms[0][Int(pixels[offset])] += 1
          histograms[1][Int(pixels[offset + 1])] += 1
          histograms[2][Int(pixels[offset + 2])] += 1
          offset += 4
        }
      }
    }
    let half = ((right - left) * (bottom - top) + 1) / 2
    let median = histograms.map { histogram in
      var seen = 0
      for level in 0..<256 {
        seen += histogram[level]
        if seen >= half { return level }
      }
      return 255
    }
    var ink = 0
    image.pixels.withUnsafeBufferPointer { pixels in
      for y in top..<bottom {
        var offset = (y * image.width + left) * 4
        for _ in left..<right {
          let difference = max(
            abs(Int(pixels[offset]) - median[0]), abs(Int(pixels[offset + 1]) - median[1]),
            abs(Int(pixels[offset + 2]) - median[2]))
          if difference > inkContrast {
            ink += 1
            if ink >= minimumInkPixels { return }
          }
          offset += 4
        }
      }
    }
    return ink
  }
}
