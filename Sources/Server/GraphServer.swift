import FileIO
import Foundation
import GraphStore
import Ingest

/// How `m3m serve` runs: the graph, where to listen, who may ask, and how much.
public struct ServerConfiguration: Sendable {
  /// The graph database (read-only for the read endpoints).
  public var databasePath: String
  /// Where to listen.
  public var address: ListenAddress
  /// The accepted bearer tokens; nil: no token needed, and loopback only.
  public var tokens: AccessTokens?
  /// The largest request body accepted (413 above).
  public var maxBodyBytes: Int
  /// Pool threads, each with its own read connection.
  public var threads: Int
  /// The version `/v1/health` reports.
  public var version: String
  /// Where screens pushed to live sessions are stored (the server's own folder; by default
  /// the database's path followed by `-captures`).
  public var capturesFolder: String

  public init(
    databasePath: String, address: ListenAddress, tokens: AccessTokens? = nil,
    maxBodyBytes: Int = 32 << 20, threads: Int = 4, version: String,
    capturesFolder: String? = nil
  ) {
    self.capturesFolder = capturesFolder ?? databasePath + "-captures"
    self.databasePath = databasePath
    self.address = address
    self.tokens = tokens
    self.maxBodyBytes = maxBodyBytes
    self.threads = threads
    self.version = version
  }
}

/// m3m's HTTP API over a graph database: JSON endpoints under `/v1`, bearer tokens, one read
/// connection per thread, every failure as `{"error": {"status", "code", "message"}}`; and the
/// viewer at `/` (``ViewerAssets``), a browser client of those endpoints.
///
/// ```swift
/// let server = try GraphServer(configuration)
/// let port = try server.start()   // serves on libmicrohttpd's threads
/// server.stop()
/// ```
public final class GraphServer: Sendable {
  /// What the server was started with.
  public let configuration: ServerConfiguration
  /// The routes it answers, `/openapi.json` last.
  let router: Router
  private let readers: ReaderPerThread
  private let sessions: SessionWriter
  private let daemon: HTTPDaemon

  /// Checks the configuration; listens only once ``start()`` is called.
  /// - Throws: ``ServerError`` for a non-loopback host without tokens, or a thread count out
  ///   of range.
  public init(_ configuration: ServerConfiguration) throws(ServerError) {
    guard configuration.tokens != nil || configuration.address.isLoopback else {
      throw ServerError(
        "refusing to listen on \(configuration.address.host) without --token-file: "
          + "without tokens the server listens on loopback (127.0.0.1) only")
    }
    guard (1...256).contains(configuration.threads) else {
      throw ServerError("threads must be from 1 to 256, got \(configuration.threads)")
    }
    self.configuration = configuration
    let readers = try ReaderPerThread(path: configuration.databasePath)
    self.readers = readers
    let sessions = SessionWriter(
      databasePath: configuration.databasePath,
      captures: CaptureFolder(path: configuration.capturesFolder))
    self.sessions = sessions
    let routes =
      GraphRoutes.all(readers: readers, version: configuration.version)
      + SessionRoutes.all(writer: sessions)
    let router = Router(
      routes + [OpenAPIDocument.route(documenting: routes, version: configuration.version)])
    self.router = router
    let tokens = configuration.tokens
    daemon = HTTPDaemon(maxBodyBytes: configuration.maxBodyBytes) { request in
      Self.respond(to: request, router: router, tokens: tokens)
    }
  }

  /// Starts serving; the port it listens on (the kernel's choice for port 0).
  /// - Throws: ``ServerError`` when the address cannot be listened on.
  public func start() throws(ServerError) -> Int {
    try daemon.start(configuration.address, threads: configuration.threads)
  }

  /// Stops accepting, closes the connections, waits for the threads to end (a step being
  /// recorded is committed first) and closes the write connection.
  public func stop() {
    daemon.stop()
    sessions.close()
  }

  /// The answer to one request: the viewer's files, else authentication, routing, scope, then
  /// the handler.
  static func respond(to request: HTTPRequest, router: Router, tokens: AccessTokens?)
    -> HTTPResponse
  {
    if let viewer = ViewerAssets.response(to: request) { return viewer }
    do {
      let match = router.match(method: request.method, path: request.path)
      if case .found(let route, let parameters) = match, route.scope == nil {
        return try route.handler(request, parameters)
      }
      let scopes = try tokens.map { tokens throws(APIError) in
        try authenticate(request, tokens: tokens)
      }
      switch match {
      case .notFound:
        throw APIError.notFound("no endpoint \(request.path)")
      case .methodNotAllowed(let allowed):
        throw APIError.methodNotAllowed(request.method, allowed: allowed)
      case .found(let route, let parameters):
        if let scope = route.scope, let scopes, !scopes.contains(scope) {
          throw APIError.forbidden(
            "this token may not \(scope.rawValue); it has no \(scope.rawValue) scope")
        }
        return try route.handler(request, parameters)
      }
    } catch let error as APIError {
      return .error(error)
    } catch let error as GraphQueryError {
      // A query argument the graph refuses (a search or page name over the length limit).
      return .error(.badRequest(error.reason))
    } catch let error as DatabaseError {
      return .error(.internalError("the graph could not be read: \(error.message)"))
    } catch {
      return .error(.internalError(PlainErrorText.describe(error)))
    }
  }

  /// The scopes of the request's bearer token.
  /// - Throws: ``APIError`` 401 when there is no token or it is not known.
  static func authenticate(_ request: HTTPRequest, tokens: AccessTokens) throws(APIError)
    -> Set<AccessScope>
  {
    guard let header = request.headers["authorization"] else {
      throw .unauthorized("this endpoint needs an 'Authorization: Bearer TOKEN' header")
    }
    let parts = header.split(separator: " ", maxSplits: 1)
    guard parts.count == 2, parts[0].lowercased() == "bearer" else {
      throw .unauthorized("the Authorization header must be 'Bearer TOKEN'")
    }
    guard let scopes = tokens.scopes(of: parts[1].trimmingCharacters(in: .whitespaces)) else {
      throw .unauthorized("unknown token")
    }
    return scopes
  }
}
