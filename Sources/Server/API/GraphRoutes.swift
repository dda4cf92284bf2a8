import Foundation
import GraphDrawing
import GraphStore
import ScreenAnnotation
import Screenshots

/// The read endpoints over a graph. Each handler reads through its thread's own connection.
enum GraphRoutes {
  /// The health document: the only answer that needs no token.
  struct Health: Codable, Sendable {
    var status = "ok"
    var version: String
  }

  static func all(readers: ReaderPerThread, version: String) -> [Route] {
    [
      Route("GET", "/v1/health", scope: nil, documentation: .health) { _, _ in
        try .json(Health(version: version))
      },
      Route("GET", "/v1/stats", scope: .read, documentation: .stats) { _, _ in
        try .json(GraphStatistics(readers.connection()))
      },
      Route("GET", "/v1/apps", scope: .read, documentation: .apps) { _, _ in
        try .json(readers.connection().apps())
      },
      Route("GET", "/v1/pages", scope: .read, documentation: .pages) { request, _ in
        let limit = try request.integer("limit", default: 100, in: 1...1000)
        let offset = try request.integer("offset", default: 0, in: 0...Int(Int32.max))
        let db = try readers.connection()
        let app = request.query["app"].flatMap { $0.isEmpty ? nil : $0 }
        if let app, try !db.hasApp(named: app) {
          throw APIError.notFound("no app '\(app)' in the graph")
        }
        let text = request.query["q"].flatMap { $0.isEmpty ? nil : $0 }
        return try .json(db.pageList(app: app, containing: text, limit: limit, offset: offset))
      },
      Route("GET", "/v1/pages/{page}", scope: .read, documentation: .page) { _, parameters in
        let db = try readers.connection()
        return try .json(details(of: page(parameters["page"] ?? "", in: db), in: db))
      },
      Route("GET", "/v1/pages/{page}/leads-to", scope: .read, documentation: .leadsTo) {
        request, parameters in
        let limit = try request.integer("limit", default: 20, in: 1...1000)
        let db = try readers.connection()
        return try .json(db.leadsTo(page: page(parameters["page"] ?? "", in: db), limit: limit))
      },
      Route("GET", "/v1/pages/{page}/leads-from", scope: .read, documentation: .leadsFrom) {
        request, parameters in
        let limit = try request.integer("limit", default: 20, in: 1...1000)
        let db = try readers.connection()
        return try .json(db.leadsFrom(page: page(parameters["page"] ?? "", in: db), limit: limit))
      },
      Route("GET", "/v1/pages/{page}/screenshot", scope: .read, documentation: .screenshot) {
        request, parameters in
        let db = try readers.connection()
        return try screenshot(
          of: details(of: page(parameters["page"] ?? "", in: db), in: db), request: request,
          in: db)
      },
      Route("GET", "/v1/path", scope: .read, documentation: .path) { request, _ in
        let k = try request.integer("k", default: 3, in: 1...20)
        let from = try request.required("from")
        let to = try request.required("to")
        let db = try readers.connection()
        return try .json(db.shortestPaths(from: page(from, in: db), to: page(to, in: db), k: k))
      },
      Route("GET", "/v1/export", scope: .read, documentation: .export) { request, _ in
        try export(request, readers: readers)
      },
      Route("GET", "/v1/graph.svg", scope: .read, documentation: .graphSVG) { request, _ in
        try graphSVG(request, in: readers.connection())
      },
      Route("POST", "/v1/identify", scope: .read, documentation: .identify) { request, _ in
        try .json(PageIdentification.identify(request, in: readers.connection()))
      },
      Route("POST", "/v1/act", scope: .read, documentation: .act) { request, _ in
        try .json(AgentActions.act(request, readers: readers))
      },
      Route("GET", "/v1/search", scope: .read, documentation: .search) { request, _ in
        let text = try request.required("q")
        let limit = try request.integer("limit", default: 20, in: 1...1000)
        return try .json(readers.connection().search(text, limit: limit))
      },
    ]
  }

  /// The page `spec` names (an id, a Mobile3M page name or a visit record).
  /// - Throws: ``APIError`` 404 with the nearest names.
  static func page(_ spec: String, in db: Database) throws -> Int64 {
    if let page = try db.resolvePage(spec) { return page }
    let near = try db.nearestPageNames(to: spec)
    throw APIError.notFound(
      "no page '\(spec)' in the graph"
        + (near.isEmpty ? "" : "; did you mean \(near.joined(separator: ", "))?"))
  }

  static func details(of page: Int64, in db: Database) throws -> PageDetails {
    guard let details = try db.pageDetails(page) else {
      throw APIError.notFound("no page \(page) in the graph")
    }
    return details
  }

  /// The PNG recorded for the page (the path comes from the graph, never from the request);
  /// with `annotate=1` its elements boxed, with `highlight=TARGET` also the element to act on
  /// to get to page TARGET (the first step of the shortest path) in red.
  static func screenshot(of page: PageDetails, request: HTTPRequest, in db: Database) throws
    -> HTTPResponse
  {
    let annotate: Bool
    switch request.query["annotate"] {
    case nil, "0", "false": annotate = request.query["highlight"] != nil
    case "1", "true": annotate = true
    case let other?: throw APIError.badRequest("'annotate' must be 1 or 0, got '\(other)'")
    }
    var highlight: Int64?
    if let target = request.query["highlight"] {
      let targetPage = try self.page(target, in: db)
      guard let step = try db.shortestPaths(from: page.id, to: targetPage, k: 1).first?.steps.first
      else {
        throw APIError.notFound("page \(targetPage) cannot be reached from page \(page.id)")
      }
      highlight = step.element?.id
    }
    guard let path = page.screenshotPath else {
      throw APIError.notFound("page \(page.id) has no screenshot recorded")
    }
    guard let data = FileManager.default.contents(atPath: path) else {
      throw APIError.notFound("page \(page.id)'s recorded screenshot can no longer be read")
    }
    guard annotate else {
      let format = ImageFormat(sniffing: data) ?? .png
      return HTTPResponse(contentType: format.mediaType, body: data)
    }
    let image: RGBAImage
    do {
      image = try RGBAImage(imageData: data, source: path)
    } catch {
      throw APIError.internalError("page \(page.id)'s recorded screenshot is not a readable image")
    }
    let annotated = ElementAnnotator.annotate(image, with: page, highlight: highlight)
    return HTTPResponse(contentType: "image/png", body: Data(try annotated.pngData()))
  }
}

extension GraphRoutes {
  /// `GET /v1/export?format=graphml|dot|json&app=&unique=1`: the graph as `m3m export` writes
  /// it, streamed. Arguments and the app are checked before the first byte.
  static func export(_ request: HTTPRequest, readers: ReaderPerThread) throws -> HTTPResponse {
    let formats = GraphExportFormat.allCases.map(\.rawValue).joined(separator: ", ")
    let name = try request.required("format")
    guard let format = GraphExportFormat(rawValue: name) else {
      throw APIError.badRequest("unknown format '\(name)' (expected one of: \(formats))")
    }
    let unique: Bool
    switch request.query["unique"] {
    case nil, "0", "false": unique = false
    case "1", "true": unique = true
    case let other?: throw APIError.badRequest("'unique' must be 1 or 0, got '\(other)'")
    }
    let app = request.query["app"].flatMap { $0.isEmpty ? nil : $0 }
    if let app, try !readers.connection().hasApp(named: app) {
      throw APIError.notFound("no app '\(app)' in the graph")
    }
    let contentType =
      switch format {
      case .graphml: "application/graphml+xml"
      case .dot: "text/vnd.graphviz; charset=utf-8"
      case .json: "application/json"
      }
    let path = readers.path
    return .streamed(contentType: contentType) { stream in
      // The producer's own connection: the pool thread goes on serving others meanwhile.
      try Database(path: path, mode: .readOnly).exportGraph(
        format: format, app: app, unique: unique, to: &stream)
    }
  }
}

extension GraphRoutes {
  /// `GET /v1/graph.svg?app=`: the app's unique pages and the actions between them, laid out
  /// by Graphviz; each node links to `/v1/pages/{id}`, each edge is labelled by its element.
  static func graphSVG(_ request: HTTPRequest, in db: Database) throws -> HTTPResponse {
    let app = try request.required("app")
    guard try db.hasApp(named: app) else {
      throw APIError.notFound("no app '\(app)' in the graph")
    }
    do {
      let graph = try AppPageGraph(app: app, in: db)
      let svg = try GraphvizLayout.svg(dot: graph.dot { "/v1/pages/\($0)" })
      return HTTPResponse(contentType: "image/svg+xml", headers: svgHeaders, body: svg)
    } catch let error as GraphDrawingError {
      throw APIError.badRequest(error.message)
    }
  }

  /// The SVG opened as a document of its own (a browser that follows the link) may run
  /// nothing, load nothing and be framed by nothing. Graphviz draws with presentation
  /// attributes only (`fill`, `stroke`, `font-family`: no `style` element or attribute), which
  /// a policy does not govern, so even inline styles are refused.
  static let svgContentSecurityPolicy =
    "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; sandbox"

  /// The headers the SVG is sent with.
  static let svgHeaders = [
    "Content-Security-Policy": svgContentSecurityPolicy,
    "X-Content-Type-Options": "nosniff",
  ]
}
