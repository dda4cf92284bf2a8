import Foundation
import GraphStore
import Server

#if canImport(Glibc)
  import Glibc
#endif

/// `m3m serve`: the graph's HTTP API, until SIGTERM or SIGINT.
enum ServeCommand: Command {
  static let spec = CommandSpec(
    name: "serve",
    abstract: "Serve a graph over HTTP: JSON endpoints under /v1, live ingest, bearer tokens.",
    usage: "--db FILE [--host 127.0.0.1] [--port 8765] [--token-file FILE] [--max-body-mb 32] "
      + "[--threads N] [--captures-dir DIR]",
    options: [
      .graph(
        "The graph database to serve (created when missing; written only by live sessions)."),
      .init(
        name: "--host", value: "ADDRESS",
        help:
          "The IPv4 or IPv6 address to listen on (127.0.0.1). Other than loopback needs --token-file."
      ),
      .init(name: "--port", value: "N", help: "The port (8765); 0 picks a free one."),
      .init(
        name: "--token-file", value: "FILE",
        help: "Bearer tokens, one a line: 'TOKEN read' or 'TOKEN write'. Without it no token is "
          + "asked and only loopback is served."),
      .init(
        name: "--max-body-mb", value: "N", help: "Refuse request bodies over N MiB with 413 (32)."),
      .init(
        name: "--threads", value: "N",
        help: "Worker threads, each with its own read connection (4)."),
      .init(
        name: "--captures-dir", value: "DIR",
        help: "Where screens pushed to live sessions are stored, named by content hash "
          + "(FILE-captures beside the database)."),
    ],
    discussion: """
      Prints the URL on standard error once it listens, then serves until SIGTERM or SIGINT,
      stops cleanly and exits 0. GET /v1/health needs no token; every other endpoint needs
      'Authorization: Bearer TOKEN' with the read scope when --token-file is given. Endpoints:
      /v1/health, /v1/stats, /v1/apps, /v1/pages?app=&q=&limit=&offset=, /v1/pages/PAGE,
      /v1/pages/PAGE/leads-to?limit=, /v1/pages/PAGE/screenshot?annotate=1&highlight=TARGET,
      /v1/path?from=&to=&k=, /v1/search?q=&limit=, /v1/export?format=&app=&unique=1,
      POST /v1/identify, POST /v1/act; with the write scope POST /v1/sessions and
      POST /v1/sessions/ID/steps (live ingest: each step committed before its answer, a step id
      sent again adds nothing). Errors are {"error": {"status", "code", "message"}}.
      """)

  static func run(_ arguments: ParsedArguments) throws -> Int32 {
    let port = try arguments.number("--port", default: 8765, atLeast: 0, command: spec.name)
    let megabytes = try arguments.number(
      "--max-body-mb", default: 32, atLeast: 1, command: spec.name)
    let threads = try arguments.number("--threads", default: 4, atLeast: 1, command: spec.name)
    guard port <= 65535 else {
      throw UsageError(command: spec.name, message: "'--port' must be at most 65535")
    }
    guard megabytes <= 4096 else {
      throw UsageError(command: spec.name, message: "'--max-body-mb' must be at most 4096")
    }
    guard threads <= 256 else {
      throw UsageError(command: spec.name, message: "'--threads' must be at most 256")
    }
    // Server errors name the file, host or port; m3m prints them after 'm3m serve: '.
    let tokens = try arguments.value("--token-file").map { try AccessTokens(contentsOfFile: $0) }
    // A missing graph is created empty (live sessions fill it); opening checks the file is an
    // m3m graph (and upgrades an old one) before listening.
    let path = try arguments.required("--db", command: spec.name)
    let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
    if !FileManager.default.fileExists(atPath: path),
      FileManager.default.fileExists(atPath: folder)
    {
      try GraphDatabase.writing(path, busyTimeout: GraphDatabase.defaultBusyTimeout) { _ in }
      Output.error("m3m serve: created an empty graph at \(path)")
    }
    _ = try GraphDatabase.openForReading(path)
    let address = try ListenAddress(host: arguments.value("--host") ?? "127.0.0.1", port: port)
    let server = try GraphServer(
      ServerConfiguration(
        databasePath: path, address: address, tokens: tokens, maxBodyBytes: megabytes << 20,
        threads: threads, version: M3M.version,
        capturesFolder: arguments.value("--captures-dir")))
    // SIGTERM and SIGINT are blocked before the server's threads start (they inherit the
    // mask), then taken here with sigwait: no handler runs on a server thread.
    var stopSignals = sigset_t()
    sigemptyset(&stopSignals)
    sigaddset(&stopSignals, SIGTERM)
    sigaddset(&stopSignals, SIGINT)
    signal(SIGTERM, SIG_DFL)
    signal(SIGINT, SIG_DFL)
    pthread_sigmask(SIG_BLOCK, &stopSignals, nil)
    let bound = try server.start()
    Output.error(
      "m3m serve: listening on http://\(address.urlHost):\(bound) (\(path), \(threads) threads, "
        + (tokens == nil ? "no token needed" : "bearer tokens") + ")")
    var received: Int32 = 0
    while sigwait(&stopSignals, &received) != 0 {}
    Output.error("m3m serve: stopping (\(received == SIGINT ? "SIGINT" : "SIGTERM"))")
    server.stop()
    Output.error("m3m serve: stopped")
    return 0
  }
}
