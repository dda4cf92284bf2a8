extension UITree {
  /// The screen's pixel size as the dump shows it: the largest right and bottom edge of the
  /// window roots when one of them starts at the screen's origin; nil when no window has
  /// bounds. A dump of a dialog alone (no window at the origin: a permission prompt, a popup)
  /// does not show the screen's edges: Android centres dialogs, so the screen is taken as the
  /// dialog's extent plus its margins (left + right, top + bottom). (Dumps may leave out the
  /// navigation bar; a screenshot's size is the better answer when there is one.)
  public var windowExtent: (width: Int, height: Int)? {
    let boxes = windows.compactMap { nodes[$0].bounds }.filter { !$0.isInverted }
    guard let right = boxes.map(\.right).max(), let bottom = boxes.map(\.bottom).max(),
      let left = boxes.map(\.left).min(), let top = boxes.map(\.top).min()
    else { return nil }
    let atOrigin = boxes.contains { $0.left <= 0 && $0.top <= 0 }
    let (width, wide) = right.addingReportingOverflow(atOrigin ? 0 : max(0, left))
    let (height, tall) = bottom.addingReportingOverflow(atOrigin ? 0 : max(0, top))
    guard !wide, !tall, width > 0, height > 0 else { return nil }
    return (width, height)
  }
}
