/// Finds the route for a request: by path, then by method.
public struct Router: Sendable {
  /// The routes, tried in order.
  public var routes: [Route]

  public init(_ routes: [Route]) { self.routes = routes }

  /// What a request's method and path find.
  public enum Match: Sendable {
    /// The route and its `{name}` values.
    case found(Route, [String: String])
    /// The path exists for these methods only.
    case methodNotAllowed([String])
    /// No route has this path.
    case notFound
  }

  /// The route `method path` selects. HEAD selects the GET route (libmicrohttpd sends its
  /// headers without the body).
  public func match(method: String, path: String) -> Match {
    let method = method == "HEAD" ? "GET" : method
    var allowed: [String] = []
    for route in routes {
      guard let parameters = route.match(path) else { continue }
      if route.method == method { return .found(route, parameters) }
      allowed.append(route.method)
    }
    return allowed.isEmpty ? .notFound : .methodNotAllowed(allowed)
  }
}
