import GraphStore

/// One-line descriptions of query answers for terminal output.
enum Describe {
  /// `"Settings" TextView [0,40][200,80]`, or `(element unknown)`.
  static func element(_ element: ElementSummary?) -> String {
    guard let element else { return "(element unknown)" }
    let label =
      !element.text.isEmpty
      ? element.text
      : (!element.contentDescription.isEmpty ? element.contentDescription : element.resourceID)
    let className = element.className.split(separator: ".").last.map(String.init) ?? ""
    return (label.isEmpty ? "" : "\"\(label)\" ") + "\(className) \(element.bounds ?? "")"
  }
}
