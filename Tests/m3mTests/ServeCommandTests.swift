import Foundation
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `m3m serve` over real HTTP: the built binary on a free port against the bundled sample
/// graph, asked with curl.
@Suite("m3m serve")
struct ServeCommandTests {
  static let readToken = "reader-0123456789abcdef"
  static let writeToken = "writer-0123456789abcdef"

  /// A token file with one read and one write token.
  static let tokenFile: Result<String, any Error> = Result {
    let path = try Fixtures.temporaryDirectory("serve-tokens").appendingPathComponent("tokens")
      .path
    try "# test tokens\n\(readToken) read\n\(writeToken) write\n".write(
      toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  func serve(_ arguments: String...) throws -> ServeProcess {
    try ServeProcess(["--db", Fixtures.sampleGraph.get()] + arguments)
  }

  func json(_ response: HTTPAnswer) throws -> Any {
    try JSONSerialization.jsonObject(with: response.body)
  }

  /// The `error` object of an error answer, with the status it repeats.
  func error(_ response: HTTPAnswer) throws -> (status: Int?, code: String?, message: String) {
    let document = try #require(try json(response) as? [String: Any])
    let error = try #require(document["error"] as? [String: Any])
    return (error["status"] as? Int, error["code"] as? String, error["message"] as? String ?? "")
  }

  /// The CLI's `--json` answer to the same question, parsed.
  func cli(_ arguments: String...) throws -> NSObject {
    let result = try ProcessResult.run(
      "m3m", arguments + ["--db", try Fixtures.sampleGraph.get(), "--json"])
    #expect(result.status == 0, "\(result.stderr)")
    return try #require(
      try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? NSObject)
  }

  @Test("the read endpoints answer as the CLI's --json; SIGTERM stops it with exit 0")
  func readEndpoints() throws {
    let server = try serve()
    let health = try server.get("/v1/health")
    #expect(health.status == 200)
    #expect((try json(health) as? [String: Any])?["status"] as? String == "ok")

    let stats = try server.get("/v1/stats")
    #expect(stats.status == 200)
    #expect(try json(stats) as? NSObject == (try cli("stats")))
    #expect((try json(stats) as? [String: Any])?["uniquePages"] as? Int == 44)

    let apps = try #require(try json(server.get("/v1/apps")) as? [[String: Any]])
    #expect(apps.compactMap { $0["name"] as? String }.count == 3)
    #expect(apps.compactMap { $0["pages"] as? Int }.reduce(0, +) == 44)

    let leadsTo = try server.get("/v1/pages/shop0_2_12/leads-to?limit=5")
    #expect(leadsTo.status == 200)
    #expect(try json(leadsTo) as? NSObject == (try cli("leads-to", "shop0_2_12", "--limit", "5")))

    let path = try server.get("/v1/path?from=shop0&to=shop0_2_12_25&k=2")
    #expect(path.status == 200)
    #expect(try json(path) as? NSObject == (try cli("path", "shop0", "shop0_2_12_25", "--k", "2")))

    let search = try server.get("/v1/search?q=Kitchen&limit=3")
    #expect(search.status == 200)
    #expect(try json(search) as? NSObject == (try cli("search", "Kitchen", "--limit", "3")))

    let page = try server.get("/v1/pages/shop0")
    #expect(page.status == 200)
    #expect(try json(page) as? NSObject == (try cli("show", "shop0")))
    let details = try #require(try json(page) as? [String: Any])
    let byID = try server.get("/v1/pages/\(try #require(details["id"] as? Int))")
    #expect(byID.body == page.body)

    let screenshot = try server.get("/v1/pages/shop0/screenshot")
    #expect(screenshot.status == 200)
    #expect(screenshot.contentType == "image/png")
    let recorded = try #require(details["screenshotPath"] as? String)
    #expect(screenshot.body == FileManager.default.contents(atPath: recorded))

    let stopped = server.stop()
    #expect(stopped.status == 0, "\(stopped.stderr)")
    #expect(stopped.stderr.contains("m3m serve: stopped"))
  }

  @Test("identify: a stored screen is its page; another screen is none with the closest; 400s")
  func identify() throws {
    let server = try serve()
    let folder = Fixtures.repositoryRoot.appendingPathComponent("Mobile3M/shop_graph_8002/shop0")
    let xml = try String(
      contentsOf: folder.appendingPathComponent("shop0-xml.txt"), encoding: .utf8)
    let png = try Data(contentsOf: folder.appendingPathComponent("shop0-screen.png"))
    func post(_ object: [String: Any]) throws -> HTTPAnswer {
      try server.request(
        "/v1/identify", method: "POST", body: JSONSerialization.data(withJSONObject: object),
        headers: ["Content-Type: application/json"])
    }
    let shop0 = try #require(try json(server.get("/v1/pages/shop0")) as? [String: Any])
    let found = try post(["xml": xml, "screenshot": png.base64EncodedString()])
    #expect(found.status == 200)
    let answer = try #require(try json(found) as? [String: Any])
    #expect(answer["page"] as? Int == shop0["id"] as? Int)
    #expect(answer["app"] as? String == "shop")
    let other =
      "<hierarchy rotation=\"0\"><node class=\"android.widget.FrameLayout\" "
      + "package=\"com.other\" bounds=\"[0,0][720,1280]\"><node class=\"android.widget.Button\" "
      + "text=\"Refresh forecast\" clickable=\"true\" package=\"com.other\" "
      + "bounds=\"[0,100][720,200]\"/></node></hierarchy>"
    let none = try #require(try json(post(["xml": other])) as? [String: Any])
    #expect(none["page"] == nil)
    #expect(none["matchedBy"] as? String == "new")
    let missing = try post(["screenshot": ""])
    #expect(missing.status == 400)
    #expect(try error(missing).message == "missing field 'xml'")
    let notXML = try post(["xml": "no dump here"])
    #expect(notXML.status == 400)
    #expect(try error(notXML).message.hasPrefix("'xml' is not a uiautomator dump"))
    let notPNG = try post(["xml": xml, "screenshot": Data("nope".utf8).base64EncodedString()])
    #expect(notPNG.status == 400)
    #expect(try error(notPNG).message.hasPrefix("'screenshot' is not a PNG"))
    let notJSON = try server.request("/v1/identify", method: "POST", body: Data("{".utf8))
    #expect(notJSON.status == 400)
    #expect(try error(notJSON).message == "the body is not valid JSON")
    #expect(try server.get("/v1/identify").status == 405)
    #expect(server.stop().status == 0)
  }

  @Test("export: streamed, the same bytes as m3m export; bad format 400, unknown app 404")
  func export() throws {
    let server = try serve()
    let db = try Fixtures.sampleGraph.get()
    for (format, type) in [
      ("json", "application/json"), ("graphml", "application/graphml+xml"),
      ("dot", "text/vnd.graphviz; charset=utf-8"),
    ] {
      let answer = try server.get("/v1/export?format=\(format)&unique=1&app=shop")
      #expect(answer.status == 200)
      #expect(answer.contentType == type)
      #expect(answer.headers.contains { $0.lowercased() == "transfer-encoding: chunked" })
      let cli = try ProcessResult.run(
        "m3m", ["export", "--db", db, "--format", format, "--unique", "--app", "shop"])
      #expect(cli.status == 0)
      #expect(String(decoding: answer.body, as: UTF8.self) == cli.stdout)
    }
    // Over 64 KiB: sent in more than one piece.
    let visits = try server.get("/v1/export?format=graphml")
    let cli = try ProcessResult.run("m3m", ["export", "--db", db, "--format", "graphml"])
    #expect(visits.body.count > 1 << 16)
    #expect(String(decoding: visits.body, as: UTF8.self) == cli.stdout)
    let badFormat = try server.get("/v1/export?format=svg")
    #expect(badFormat.status == 400)
    #expect(try error(badFormat).message.hasPrefix("unknown format 'svg'"))
    #expect(try server.get("/v1/export").status == 400)
    #expect(try server.get("/v1/export?format=dot&unique=maybe").status == 400)
    #expect(try server.get("/v1/export?format=dot&app=nope").status == 404)
    #expect(server.stop().status == 0)
  }

  @Test("act: the graph's decision, the same as m3m agent act --db --json; 400s")
  func act() throws {
    let server = try serve()
    let xmlFile = Fixtures.repositoryRoot.appendingPathComponent(
      "Mobile3M/shop_graph_8002/shop0/shop0-xml.txt")
    let xml = try String(contentsOf: xmlFile, encoding: .utf8)
    func post(_ object: [String: Any]) throws -> HTTPAnswer {
      try server.request(
        "/v1/act", method: "POST", body: JSONSerialization.data(withJSONObject: object))
    }
    let answer = try post(["xml": xml, "goal": "Open Categories"])
    #expect(answer.status == 200)
    let decision = try #require(try json(answer) as? NSDictionary)
    #expect(decision["fromMemory"] as? Bool == true)
    #expect((decision["action"] as? [String: Any])?["kind"] as? String == "tap")
    #expect(
      decision
        == (try cli("agent", "act", "--xml", xmlFile.path, "--goal", "Open Categories")))
    let english = try #require(
      try json(post(["xml": xml, "goal": "Open Categories", "lang": "en"])) as? [String: Any])
    #expect(english["fromMemory"] as? Bool == true)
    #expect(try post(["xml": xml]).status == 400)
    #expect(try error(post(["xml": xml, "goal": "  "])).message == "'goal' is empty")
    #expect(
      try error(post(["xml": xml, "goal": "x", "lang": "fr"])).message.hasPrefix("unknown lang"))
    #expect(try post(["xml": "nope", "goal": "x"]).status == 400)
    #expect(server.stop().status == 0)
  }

  @Test("screenshot annotate=1 and highlight=TARGET: the bytes m3m show --annotate writes")
  func annotatedScreenshot() throws {
    let server = try serve()
    let db = try Fixtures.sampleGraph.get()
    let folder = try Fixtures.temporaryDirectory("serve-annotate")
    let plain = folder.appendingPathComponent("plain.png").path
    let marked = folder.appendingPathComponent("marked.png").path
    #expect(
      try ProcessResult.run("m3m", ["show", "shop0", "--db", db, "--annotate", plain]).status == 0)
    let highlight = try ProcessResult.run(
      "m3m",
      ["show", "shop0", "--db", db, "--annotate", marked, "--highlight-leads-to", "shop0_2_12_25"])
    #expect(highlight.status == 0)
    let annotated = try server.get("/v1/pages/shop0/screenshot?annotate=1")
    #expect(annotated.status == 200)
    #expect(annotated.contentType == "image/png")
    #expect(annotated.body == FileManager.default.contents(atPath: plain))
    let red = try server.get("/v1/pages/shop0/screenshot?annotate=1&highlight=shop0_2_12_25")
    #expect(red.body == FileManager.default.contents(atPath: marked))
    #expect(red.body != annotated.body)
    #expect(try server.get("/v1/pages/shop0/screenshot?annotate=yes").status == 400)
    let unknown = try server.get("/v1/pages/shop0/screenshot?highlight=shopp9")
    #expect(unknown.status == 404)
    let unreachable = try server.get("/v1/pages/shop0_1/screenshot?highlight=notes0")
    #expect(unreachable.status == 404)
    #expect(try error(unreachable).message.contains("cannot be reached"))
    #expect(server.stop().status == 0)
  }

  @Test("pages: paged, filtered by app and by text; an unknown app is 404")
  func pages() throws {
    let server = try serve()
    let all = try #require(try json(server.get("/v1/pages?limit=5&offset=40")) as? [String: Any])
    #expect(all["total"] as? Int == 44)
    #expect((all["pages"] as? [[String: Any]])?.count == 4)
    let apps = try #require(try json(server.get("/v1/apps")) as? [[String: Any]])
    let shop = try #require(apps.first { ($0["name"] as? String)?.contains("shop") == true })
    let shopName = try #require(shop["name"] as? String)
    let shopPages = try #require(
      try json(server.get("/v1/pages?app=\(shopName)&limit=1000")) as? [String: Any])
    #expect(shopPages["total"] as? Int == shop["pages"] as? Int)
    let listed = try #require(shopPages["pages"] as? [[String: Any]])
    #expect(listed.allSatisfy { $0["app"] as? String == shopName })
    let kitchen = try #require(try json(server.get("/v1/pages?q=kitchen")) as? [String: Any])
    let hits = try #require(kitchen["pages"] as? [[String: Any]])
    #expect(!hits.isEmpty)
    #expect(hits.count < 44)
    let unknown = try server.get("/v1/pages?app=nope")
    #expect(unknown.status == 404)
    #expect(try error(unknown).code == "not_found")
    #expect(server.stop().status == 0)
  }

  @Test("errors: 400 bad arguments, 404 unknown page and path, 405, 413 over the body limit")
  func errors() throws {
    let server = try serve("--max-body-mb", "1")
    let badLimit = try server.get("/v1/search?q=Kitchen&limit=abc")
    #expect(badLimit.status == 400)
    #expect(try error(badLimit) == (400, "bad_request", try error(badLimit).message))
    #expect(try error(badLimit).message.contains("'limit'"))
    let missing = try server.get("/v1/search")
    #expect(missing.status == 400)
    #expect(try error(missing).message == "missing query argument 'q'")
    let unknownPage = try server.get("/v1/pages/shopp0")
    #expect(unknownPage.status == 404)
    #expect(try error(unknownPage).message.contains("did you mean shop0"))
    let unknownPath = try server.get("/v1/nothing")
    #expect(unknownPath.status == 404)
    #expect(try error(unknownPath).code == "not_found")
    let head = try server.request("/v1/stats", method: "HEAD")
    #expect(head.status == 200)
    #expect(head.contentType == "application/json")
    #expect(!String(decoding: head.body, as: UTF8.self).contains("uniquePages"))
    let wrongMethod = try server.request("/v1/stats", method: "DELETE")
    #expect(wrongMethod.status == 405)
    #expect(try error(wrongMethod).code == "method_not_allowed")
    // Over the limit, announced by Content-Length and streamed in chunks.
    let large = Data(repeating: UInt8(ascii: "x"), count: (1 << 20) + 1)
    let announced = try server.request("/v1/identify", method: "POST", body: large)
    #expect(announced.status == 413)
    #expect(try error(announced).code == "payload_too_large")
    let chunked = try server.request(
      "/v1/identify", method: "POST", body: large, headers: ["Transfer-Encoding: chunked"])
    #expect(chunked.status == 413)
    #expect(server.stop().status == 0)
  }

  @Test("a search or page name over the graph's length limit is 400 naming it, not 500")
  func queryTooLong() throws {
    let server = try serve()
    let long = String(repeating: "a", count: 2000)
    for path in ["/v1/search?q=\(long)", "/v1/pages/\(long)", "/v1/path?from=shop0&to=\(long)"] {
      let answer = try server.get(path)
      #expect(answer.status == 400, "\(path.prefix(20))")
      let message = try error(answer).message
      #expect(message.contains("longer than the limit"), "\(message)")
      #expect(!message.contains(try Fixtures.sampleGraph.get()), "\(message)")
    }
    #expect(server.stop().status == 0)
  }

  @Test("leads-from: the page's recorded actions to other pages, as the export's edges; 400, 404")
  func leadsFrom() throws {
    let server = try serve()
    let page = try #require(try json(server.get("/v1/pages/shop0")) as? [String: Any])
    let id = try #require(page["id"] as? Int)
    let export = try #require(
      try json(server.get("/v1/export?format=json&app=shop&unique=1")) as? [String: Any])
    let links = try #require(export["links"] as? [[String: Any]]).filter {
      $0["source"] as? Int == id && $0["self_loop"] as? Bool == false
    }
    let expected = links.map {
      "\($0["target"] ?? "") \($0["count"] ?? "") \($0["mobile3m"] ?? "")"
    }
    let answer = try server.get("/v1/pages/shop0/leads-from?limit=1000")
    #expect(answer.status == 200)
    let entries = try #require(try json(answer) as? [[String: Any]])
    let transitions = entries.compactMap { $0["transition"] as? [String: Any] }
    let found = transitions.map {
      "\($0["toPage"] ?? "") \($0["count"] ?? "") \($0["mobile3M"] ?? "")"
    }
    #expect(links.count > 1 && found.sorted() == expected.sorted(), "\(found) \(expected)")
    #expect(transitions.allSatisfy { $0["fromPage"] as? Int == id && $0["element"] != nil })
    #expect(entries.allSatisfy { ($0["toName"] as? String)?.hasPrefix("shop0_") == true })
    let limited = try #require(
      try json(server.get("/v1/pages/\(id)/leads-from?limit=1")) as? [[String: Any]])
    #expect(limited.count == 1)
    #expect(try server.get("/v1/pages/shop0/leads-from?limit=0").status == 400)
    #expect(try server.get("/v1/pages/shopp0/leads-from").status == 404)
    #expect(server.stop().status == 0)
  }

  @Test("graph.svg: a valid SVG per app, one node per unique page linking to it; 400, 404")
  func graphSVG() throws {
    let server = try serve()
    let apps = try #require(try json(server.get("/v1/apps")) as? [[String: Any]])
    #expect(apps.count == 3)
    for app in apps {
      let name = try #require(app["name"] as? String)
      let answer = try server.get("/v1/graph.svg?app=\(name)")
      #expect(answer.status == 200)
      #expect(answer.contentType == "image/svg+xml")
      // Opened on its own, the SVG may run, load and style nothing: it needs none of it, as
      // Graphviz draws with presentation attributes only.
      #expect(
        answer.header("Content-Security-Policy")
          == "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; "
          + "sandbox")
      #expect(answer.header("X-Content-Type-Options") == "nosniff")
      #expect(!String(decoding: answer.body, as: UTF8.self).contains("style="))
      let svg = SVGSummary(answer.body)
      #expect(svg.wellFormed, "\(name)")
      #expect(svg.root == "svg")
      let list = try #require(
        try json(server.get("/v1/pages?app=\(name)&limit=1000")) as? [String: Any])
      let pages = try #require(list["pages"] as? [[String: Any]]).compactMap { $0["id"] as? Int }
      #expect(pages.count == app["pages"] as? Int)
      #expect(svg.nodes == pages.count, "\(name)")
      #expect(Set(svg.links) == Set(pages.map { "/v1/pages/\($0)" }), "\(name)")
      #expect(svg.edges > 0, "\(name)")
    }
    // Edges are labelled by the element acted on: shop0's "Kitchen" tab leads on.
    let shop = SVGSummary(try server.get("/v1/graph.svg?app=shop").body)
    #expect(shop.texts.contains("Kitchen"), "\(shop.texts)")
    #expect(try server.get("/v1/graph.svg").status == 400)
    let unknown = try server.get("/v1/graph.svg?app=nothing")
    #expect(unknown.status == 404)
    #expect(try error(unknown).message.contains("no app 'nothing'"))
    #expect(server.stop().status == 0)
  }

  @Test("tokens: health open; no or unknown token 401, a write-only token 403, read token 200")
  func tokens() throws {
    let server = try serve("--token-file", Self.tokenFile.get())
    #expect(try server.get("/v1/health").status == 200)
    let none = try server.get("/v1/stats")
    #expect(none.status == 401)
    #expect(try error(none).code == "unauthorized")
    #expect(none.headers.contains { $0.lowercased() == "www-authenticate: bearer" })
    #expect(try server.get("/v1/stats", token: "reader-0123456789abcdeX").status == 401)
    #expect(try server.get("/v1/nothing").status == 401)
    let forbidden = try server.get("/v1/stats", token: Self.writeToken)
    #expect(forbidden.status == 403)
    #expect(try error(forbidden).code == "forbidden")
    #expect(try server.get("/v1/stats", token: Self.readToken).status == 200)
    #expect(try server.get("/v1/pages/shop0/screenshot", token: Self.readToken).status == 200)
    let stopped = server.stop(signal: SIGINT)
    #expect(stopped.status == 0, "\(stopped.stderr)")
  }

  @Test("without --token-file only loopback: another host is refused with the reason")
  func loopbackOnly() throws {
    let result = try ProcessResult.run(
      "m3m", ["serve", "--db", try Fixtures.sampleGraph.get(), "--host", "0.0.0.0", "--port", "0"])
    #expect(result.status == 1)
    #expect(result.stderr.contains("refusing to listen on 0.0.0.0 without --token-file"))
    let badFile = try ProcessResult.run(
      "m3m", ["serve", "--db", try Fixtures.sampleGraph.get(), "--token-file", "/nonexistent/t"])
    #expect(badFile.status == 1)
    #expect(badFile.stderr.contains("/nonexistent/t: "))
    let notGraph = try ProcessResult.run("m3m", ["serve", "--db", "/nonexistent/g.sqlite"])
    #expect(notGraph.status == 1)
    #expect(notGraph.stderr.contains("no such graph database"))
  }

  @Test("IPv6: --host ::1 serves on the IPv6 loopback; :: without tokens is refused")
  func ipv6() throws {
    let server = try serve("--host", "::1")
    #expect(server.host == "[::1]")
    #expect(try server.get("/v1/health").status == 200)
    #expect(server.stop().status == 0)
    let any = try ProcessResult.run(
      "m3m", ["serve", "--db", try Fixtures.sampleGraph.get(), "--host", "::", "--port", "0"])
    #expect(any.status == 1)
    #expect(any.stderr.contains("refusing to listen on :: without --token-file"))
    let bad = try ProcessResult.run(
      "m3m", ["serve", "--db", try Fixtures.sampleGraph.get(), "--host", "example.org"])
    #expect(bad.status == 1)
    #expect(bad.stderr.contains("'example.org' is not an IP address"))
  }

  @Test("a port already taken is refused with the address, exit 1")
  func portTaken() throws {
    let server = try serve()
    let second = try ProcessResult.run(
      "m3m", ["serve", "--db", try Fixtures.sampleGraph.get(), "--port", "\(server.port)"])
    #expect(second.status == 1)
    #expect(second.stderr.contains("cannot listen on 127.0.0.1:\(server.port)"))
    #expect(try server.get("/v1/health").status == 200)
    #expect(server.stop().status == 0)
  }

  @Test("concurrent clients on several threads all get the same answers")
  func concurrentClients() throws {
    let server = try serve("--threads", "3")
    let expected = try server.get("/v1/pages/shop0_2_12/leads-to").body
    let pages = ["shop0_2_12", "mail0", "notes0", "shop0"]
    let client = server.client
    let answers = Mutex<[String: Set<Data>]>([:])
    let failures = Mutex<[String]>([])
    DispatchQueue.concurrentPerform(iterations: 24) { index in
      let page = pages[index % pages.count]
      do {
        let answer = try client.get("/v1/pages/\(page)/leads-to")
        if answer.status != 200 { failures.withLock { $0.append("\(page): \(answer.status)") } }
        answers.withLock { _ = $0[page, default: []].insert(answer.body) }
      } catch {
        failures.withLock { $0.append("\(page): \(error)") }
      }
    }
    #expect(failures.withLock { $0 } == [])
    let collected = answers.withLock { $0 }
    #expect(collected.count == pages.count)
    #expect(collected.values.allSatisfy { $0.count == 1 })
    #expect(collected["shop0_2_12"] == [expected])
    #expect(server.stop().status == 0)
  }

  @Test("a client that stops mid-request does not hold up others, even with one thread")
  func slowClient() throws {
    let server = try serve("--threads", "1")
    let stalled = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(stalled) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(server.port)).bigEndian
    address.sin_addr = in_addr(s_addr: UInt32(0x7F00_0001).bigEndian)
    let connected = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(stalled, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    #expect(connected == 0)
    let partial = "GET /v1/stats HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    _ = partial.withCString { send(stalled, $0, strlen($0), 0) }
    let started = Date()
    #expect(try server.get("/v1/stats").status == 200)
    #expect(Date().timeIntervalSince(started) < 5)
    #expect(server.stop().status == 0)
  }
}

/// An HTTP answer as curl received it.
struct HTTPAnswer: Sendable {
  var status: Int
  var headers: [String]
  var body: Data

  var contentType: String? { header("Content-Type") }

  /// The value of the header `name` (any case), when sent.
  func header(_ name: String) -> String? {
    let prefix = name.lowercased() + ":"
    return headers.first { $0.lowercased().hasPrefix(prefix) }
      .map { String($0.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces) }
  }
}

/// `m3m serve --port 0 …` running until ``stop(signal:)``: its port read from the line it
/// prints on standard error.
final class ServeProcess {
  let process = Process()
  /// The host as a URL writes it (`127.0.0.1`, `[::1]`).
  let host: String
  let port: Int
  private let errors = Pipe()
  private var earlyErrors = ""

  init(_ arguments: [String]) throws {
    process.executableURL = Fixtures.productsDirectory.appendingPathComponent("m3m")
    process.arguments = ["serve", "--port", "0"] + arguments
    process.environment = Fixtures.childEnvironment()
    process.standardOutput = FileHandle.nullDevice
    process.standardError = errors
    try process.run()
    var text = Data()
    while let byte = try errors.fileHandleForReading.read(upToCount: 1), let first = byte.first {
      if first == 0x0A {
        let line = String(decoding: text, as: UTF8.self)
        earlyErrors += line + "\n"
        if let range = line.range(of: "listening on http://") {
          let rest = line[range.upperBound...]
          let address = rest.prefix { $0 != " " }
          if let colon = address.lastIndex(of: ":"),
            let port = Int(address[address.index(after: colon)...])
          {
            self.host = String(address[..<colon])
            self.port = port
            return
          }
        }
        text = Data()
      } else {
        text.append(first)
      }
    }
    process.waitUntilExit()
    throw ServeFailure(message: "m3m serve did not start: \(earlyErrors)")
  }

  deinit {
    if process.isRunning {
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
    }
  }

  /// Sends `signal` and waits for the exit: the status and everything written to stderr.
  func stop(signal: Int32 = SIGTERM) -> (status: Int32, stderr: String) {
    kill(process.processIdentifier, signal)
    let rest = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, earlyErrors + String(decoding: rest, as: UTF8.self))
  }

  /// A client of this server.
  var client: ServeClient { ServeClient(host: host, port: port) }

  func get(_ path: String, token: String? = nil) throws -> HTTPAnswer {
    try client.request(path, token: token)
  }

  func request(
    _ path: String, method: String = "GET", token: String? = nil, body: Data? = nil,
    headers: [String] = []
  ) throws -> HTTPAnswer {
    try client.request(path, method: method, token: token, body: body, headers: headers)
  }
}

/// Requests to a server on a local port, with curl.
struct ServeClient: Sendable {
  let host: String
  let port: Int

  func get(_ path: String, token: String? = nil) throws -> HTTPAnswer {
    try request(path, token: token)
  }

  /// One request with curl; the status, headers and body.
  func request(
    _ path: String, method: String = "GET", token: String? = nil, body: Data? = nil,
    headers: [String] = []
  ) throws -> HTTPAnswer {
    let folder = try Fixtures.temporaryDirectory("serve-request")
    let bodyFile = folder.appendingPathComponent("body")
    let headerFile = folder.appendingPathComponent("headers")
    var arguments = [
      "-sS", "--max-time", "20", "-o", bodyFile.path, "-D", headerFile.path, "-w", "%{http_code}",
    ]
    // -X HEAD would wait for the body its Content-Length announces; -I does not.
    arguments += method == "HEAD" ? ["-I"] : ["-X", method]
    if let token { arguments += ["-H", "Authorization: Bearer \(token)"] }
    for header in headers { arguments += ["-H", header] }
    if let body {
      let upload = folder.appendingPathComponent("upload")
      try body.write(to: upload)
      arguments += ["--data-binary", "@" + upload.path]
    }
    let result = try ProcessResult.runTool(
      "curl", arguments + ["-g", "http://\(host):\(port)\(path)"])
    guard let status = Int(result.stdout) else {
      throw ServeFailure(message: "curl \(path): \(result.stderr)")
    }
    let headerText = (try? String(contentsOf: headerFile, encoding: .utf8)) ?? ""
    return HTTPAnswer(
      status: status,
      headers: headerText.split(separator: "\r\n").map(String.init),
      body: FileManager.default.contents(atPath: bodyFile.path) ?? Data())
  }
}

struct ServeFailure: Error, CustomStringConvertible {
  var message: String
  var description: String { message }
}
