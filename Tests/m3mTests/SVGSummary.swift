import Foundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// What a Graphviz SVG holds, read with an XML parser: whether it parses, its root element,
/// its nodes and edges (`<g class="node|edge">`), the links and the texts.
final class SVGSummary: NSObject, XMLParserDelegate {
  private(set) var wellFormed = false
  private(set) var root: String?
  private(set) var nodes = 0
  private(set) var edges = 0
  private(set) var links: [String] = []
  private(set) var texts: [String] = []
  private var text: String?

  init(_ data: Data) {
    super.init()
    let parser = XMLParser(data: data)
    parser.delegate = self
    wellFormed = parser.parse()
  }

  func parser(
    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
    qualifiedName: String?, attributes: [String: String] = [:]
  ) {
    if root == nil { root = name }
    if name == "g", attributes["class"] == "node" { nodes += 1 }
    if name == "g", attributes["class"] == "edge" { edges += 1 }
    if name == "a", let link = attributes["xlink:href"] { links.append(link) }
    if name == "text" { text = "" }
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    text? += string
  }

  func parser(
    _ parser: XMLParser, didEndElement name: String, namespaceURI: String?,
    qualifiedName: String?
  ) {
    if name == "text", let text { texts.append(text) }
    if name == "text" { text = nil }
  }
}
