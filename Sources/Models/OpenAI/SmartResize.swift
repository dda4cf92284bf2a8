import Foundation
import Geometry

/// Qwen2.5-VL's `smart_resize` (qwen-vl-utils `vision_process.py`, and the Hugging Face
/// `Qwen2VLImageProcessor`): the size a model of that family sees a screenshot at, and so the
/// space its pixel answers are in.
///
/// Each side is rounded to the nearest multiple of `factor` (Python's `round`: halves to even);
/// when the area is then above `maximumPixels` both sides are scaled by
/// `sqrt(width * height / maximumPixels)` and floored to multiples of `factor`; when below
/// `minimumPixels`, scaled up and ceiled. The defaults are Qwen2.5-VL's
/// `preprocessor_config.json` (`min_pixels` 3136 = 56×56, `max_pixels` 12845056 = 16384×28×28;
/// UI-TARS-1.5 uses the same maximum). Servers often lower `max_pixels` (vLLM
/// `--mm-processor-kwargs '{"max_pixels": 1003520}'`): the maximum is then a setting.
public struct SmartResize: Sendable, Hashable {
  /// Both sides become multiples of this (patch 14 × merge 2).
  public var factor = 28
  /// The least area.
  public var minimumPixels = 3136
  /// The largest area.
  public var maximumPixels = 12_845_056

  /// Qwen2.5-VL's defaults.
  public init() {}

  /// The size a `width × height` screenshot is resized to.
  public func resized(width: Int, height: Int) -> (width: Int, height: Int) {
    let factor = Double(max(1, self.factor))
    let w = Double(max(1, width))
    let h = Double(max(1, height))
    func round(_ value: Double) -> Double { (value / factor).rounded(.toNearestOrEven) * factor }
    func floor(_ value: Double) -> Double { (value / factor).rounded(.down) * factor }
    func ceil(_ value: Double) -> Double { (value / factor).rounded(.up) * factor }
    var resizedHeight = max(factor, round(h))
    var resizedWidth = max(factor, round(w))
    if resizedHeight * resizedWidth > Double(maximumPixels) {
      let beta = (h * w / Double(max(1, maximumPixels))).squareRoot()
      resizedHeight = max(factor, floor(h / beta))
      resizedWidth = max(factor, floor(w / beta))
    } else if resizedHeight * resizedWidth < Double(minimumPixels) {
      let beta = (Double(minimumPixels) / (h * w)).squareRoot()
      resizedHeight = ceil(h * beta)
      resizedWidth = ceil(w * beta)
    }
    // Screens are at most 65535 a side and the area stays near the limits: these fit.
    return (
      PixelCoordinate.checked(resizedWidth) ?? width,
      PixelCoordinate.checked(resizedHeight) ?? height
    )
  }
}
