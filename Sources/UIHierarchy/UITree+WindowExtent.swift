extension UITree {
  /// The screen's pixel size as the dump shows it: the largest right and bottom edge of the
  /// window roots; nil when no window has bounds. (Dumps may leave out the navigation bar;
  /// a screenshot's size is the better answer when there is one.)
  public var windowExtent: (width: Int, height: Int)? {
    let boxes = windows.compactMap { nodes[$0].bounds }
    guard let width = boxes.map(\.right).max(), let height = boxes.map(\.bottom).max(),
      width > 0, height > 0
    else { return nil }
    return (width, height)
  }
}
