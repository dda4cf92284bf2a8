/// How a vision-language model writes a position on the screenshot it was sent.
///
/// m3m works in screen pixels (`[x1,y1][x2,y2]`, as Android and Mobile3M write them); a model's
/// answer is converted from its own convention once, as it arrives (``ModelCoordinates``).
public enum CoordinateConvention: String, Sendable, Hashable, CaseIterable {
  /// Pixels of the screenshot as sent: no conversion.
  case pixels
  /// Pixels of the image after the model's own resize (Qwen2.5-VL's `smart_resize`: both sides
  /// multiples of 28, the area within min/max pixels): Qwen2.5-VL, UI-TARS-1.5.
  case resizedPixels = "resized-pixels"
  /// A 0–1000 grid on each axis, whatever the screen's shape: Qwen3-VL, UI-Venus, GUI-Owl,
  /// AgentCPM-GUI, Qwen-VL's `(x1,y1),(x2,y2)` boxes.
  case grid1000
  /// A 0–999 grid on each axis (models trained on `round(x / width * 999)`; CogAgent-style).
  case grid999
  /// Fractions of the screen, 0–1: ShowUI.
  case unit
}

/// The order of the two numbers of a written point.
public enum CoordinateOrder: String, Sendable, Hashable, CaseIterable {
  /// `(x, y)`: almost every model.
  case xy
  /// `(y, x)`: models that answer row first (PaliGemma-style detection, some grounding heads).
  case yx
}
