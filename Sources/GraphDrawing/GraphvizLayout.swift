internal import CGraphviz
import Foundation
import Synchronization

/// Graphviz (libgvc) laying out a DOT graph and drawing it as SVG.
public enum GraphvizLayout {
  /// libgvc and libcgraph keep global state (the DOT parser, the error buffer): one drawing
  /// at a time in the process.
  private static let lock = Mutex(())

  /// `dot` laid out by the `dot` engine, as an SVG document.
  /// - Throws: ``GraphDrawingError`` when Graphviz cannot read or lay out the graph.
  public static func svg(dot: String) throws(GraphDrawingError) -> Data {
    try lock.withLock { _ throws(GraphDrawingError) in
      // Errors are kept for aglasterr rather than printed on the server's stderr.
      _ = agseterr(AGMAX)
      guard let context = gvContext() else {
        throw GraphDrawingError("Graphviz could not start (gvContext failed)")
      }
      defer { gvFreeContext(context) }
      guard let graph = agmemread(dot) else {
        throw GraphDrawingError("Graphviz could not read the graph: \(lastError())")
      }
      defer { agclose(graph) }
      guard gvLayout(context, graph, "dot") == 0 else {
        throw GraphDrawingError("Graphviz could not lay out the graph: \(lastError())")
      }
      defer { gvFreeLayout(context, graph) }
      var bytes: UnsafeMutablePointer<CChar>?
      var length: UInt32 = 0
      guard gvRenderData(context, graph, "svg", &bytes, &length) == 0, let bytes else {
        throw GraphDrawingError("Graphviz could not draw the graph as SVG: \(lastError())")
      }
      defer { gvFreeRenderData(bytes) }
      return Data(bytes: bytes, count: Int(length))
    }
  }

  private static func lastError() -> String {
    guard let text = aglasterr() else { return "no reason given" }
    defer { free(text) }
    return String(cString: text).trimmingCharacters(in: .whitespacesAndNewlines)
  }
}
