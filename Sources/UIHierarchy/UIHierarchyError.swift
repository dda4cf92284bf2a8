/// Why a UI hierarchy could not be read, with the file it came from.
///
/// `description` is one line, `FILE: reason`, fit for a command line or a rejects table.
public struct UIHierarchyError: Error, CustomStringConvertible, Sendable, Equatable {
  /// The file (or name) that was being read.
  public var source: String
  /// What is wrong.
  public var reason: Reason

  /// An error for `source`.
  public init(source: String, reason: Reason) {
    self.source = source
    self.reason = reason
  }

  /// What is wrong with a dump.
  public enum Reason: Sendable, Equatable {
    /// The file is empty or holds only white space.
    case empty
    /// The device could not dump the screen; the text it wrote instead is quoted
    /// (`ERROR: could not get idle state.`).
    case dumpFailed(String)
    /// The XML stops before the document is complete.
    case truncated(line: Int, column: Int)
    /// Something follows the root element's end (a second closing tag, a second root).
    case extraContent(line: Int, column: Int)
    /// The dump goes over one of the ``HierarchyLimits`` (`limit` is its value) at `line`.
    case overLimit(HierarchyLimits.Kind, limit: Int, line: Int)
    /// The XML is not well-formed: libxml2's message and where.
    case malformed(message: String, line: Int, column: Int)
    /// An HTML page was given where a dump was expected.
    case html
    /// A JSON document was given where a dump was expected.
    case json
    /// Well-formed, but not a UI hierarchy (details say why).
    case notAHierarchy(String)
    /// The file could not be read (missing, a folder, no permission).
    case unreadable(String)
  }

  public var description: String {
    let text: String
    switch reason {
    case .empty: text = "empty dump (no XML)"
    case .dumpFailed(let message): text = "the device failed to dump the screen: \"\(message)\""
    case .truncated(let line, let column):
      text = "truncated XML: the document ends early (line \(line), column \(column))"
    case .extraContent(let line, let column):
      text = "extra content after the root element at line \(line), column \(column)"
    case .overLimit(.depth, let limit, let line):
      text =
        "elements nested deeper than \(limit) levels at line \(line) (the --max-xml-depth limit)"
    case .overLimit(.nodes, let limit, let line):
      text = "more than \(limit) elements at line \(line) (the --max-xml-nodes limit)"
    case .overLimit(.attributes, let limit, let line):
      text = "an element with more than \(limit) attributes at line \(line)"
    case .malformed(let message, let line, let column):
      text = "malformed XML at line \(line), column \(column): \(message)"
    case .html: text = "this is an HTML page, not a uiautomator dump"
    case .json: text = "this is JSON, not a uiautomator XML dump"
    case .notAHierarchy(let detail): text = "not a UI hierarchy: \(detail)"
    case .unreadable(let detail): text = "cannot read the file: \(detail)"
    }
    return "\(source): \(text)"
  }
}
