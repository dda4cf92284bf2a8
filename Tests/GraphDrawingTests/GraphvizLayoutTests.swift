import Foundation
import Testing

@testable import GraphDrawing

@Suite("Graphviz layout through libgvc")
struct GraphvizLayoutTests {
  @Test("labels with quotes, backslashes and line breaks reach the SVG as written")
  func quotedLabels() throws {
    let label = #"say "hi" \N back\slash"# + "\nnext"
    let dot = "digraph g { a [label=\(AppPageGraph.quoted(label))]; a -> b; }"
    let svg = String(decoding: try GraphvizLayout.svg(dot: dot), as: UTF8.self)
    #expect(svg.contains("<svg"))
    #expect(svg.contains(#"say &quot;hi&quot; \N back\slash next"#), "\(svg)")
  }

  @Test("a long label is cut to 40 characters")
  func longLabel() {
    let quoted = AppPageGraph.quoted(String(repeating: "x", count: 100))
    #expect(quoted.count == 42)
    #expect(quoted.hasSuffix("…\""))
  }

  @Test("a graph Graphviz cannot read is an error saying so, not a crash")
  func unreadable() {
    #expect(throws: GraphDrawingError.self) { try GraphvizLayout.svg(dot: "digraph { a -> }") }
  }
}
