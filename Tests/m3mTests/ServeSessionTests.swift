import Foundation
import GraphStore
import Synchronization
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// Live ingest sessions over real HTTP: the built `m3m serve` on a graph of the test's own, fed
/// the bundled shop sample screen by screen with curl, as a recorder on another host would.
@Suite("m3m serve: live ingest sessions")
struct ServeSessionTests {
  static let readToken = ServeCommandTests.readToken
  static let writeToken = ServeCommandTests.writeToken

  /// The shop sample's 53 screens as step bodies, parents first.
  static let steps = Result { try SessionSteps.bodies("shop_graph_8002") }

  /// A server with tokens on a new graph in a new folder (or `db`/`captures` when given).
  func serve(db: String? = nil, captures: String? = nil, _ arguments: String...) throws
    -> (server: ServeProcess, db: String)
  {
    let folder = try Fixtures.temporaryDirectory("serve-session")
    let db = db ?? folder.appendingPathComponent("live.sqlite").path
    var options = ["--db", db, "--token-file", try ServeCommandTests.tokenFile.get()]
    if let captures { options += ["--captures-dir", captures] }
    return (try ServeProcess(options + arguments), db)
  }

  func json(_ answer: HTTPAnswer) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: answer.body) as? [String: Any])
  }

  func message(_ answer: HTTPAnswer) throws -> String {
    (try json(answer)["error"] as? [String: Any])?["message"] as? String ?? ""
  }

  /// Starts a session named `name` (the source path recorded); its id.
  func createSession(_ client: ServeClient, name: String = "recorder run") throws -> String {
    let answer = try client.request(
      "/v1/sessions", method: "POST", token: Self.writeToken,
      body: JSONSerialization.data(withJSONObject: ["name": name]))
    #expect(answer.status == 200, "\(String(decoding: answer.body, as: UTF8.self))")
    return try #require(try json(answer)["id"] as? String)
  }

  func push(_ client: ServeClient, _ session: String, _ body: Data) throws -> HTTPAnswer {
    try client.request(
      "/v1/sessions/\(session)/steps", method: "POST", token: Self.writeToken, body: body)
  }

  @Test("steps fold into pages by the ingest rule; readers see them; a retry adds nothing")
  func pushAndQuery() throws {
    let (server, db) = try serve()
    let client = server.client
    let steps = try Self.steps.get()
    let session = try createSession(client)
    var answers: [[String: Any]] = []
    var firstBodies: [Data] = []
    for step in steps {
      let answer = try push(client, session, step)
      #expect(answer.status == 200, "\(String(decoding: answer.body, as: UTF8.self))")
      answers.append(try json(answer))
      firstBodies.append(answer.body)
    }
    #expect(answers.first?["newPage"] as? Bool == true)
    #expect(answers.first?["name"] as? String == "shop0")
    #expect(
      answers.allSatisfy { $0["session"] as? String == session && $0["app"] as? String == "shop" })
    // The same screens as `m3m ingest` of the folder: the same number of unique pages.
    let pages = Set(answers.compactMap { $0["page"] as? Int })
    let newPages = answers.filter { $0["newPage"] as? Bool == true }.count
    #expect(pages.count == newPages)
    let stats = try json(server.get("/v1/stats", token: Self.readToken))
    #expect(stats["uniquePages"] as? Int == pages.count)
    #expect(stats["visits"] as? Int == steps.count)
    // As many unique pages as `m3m ingest` of the same folder made in the sample graph.
    let ingested = try Database(path: Fixtures.sampleGraph.get(), mode: .readOnly).scalar(
      "SELECT count(*) FROM page JOIN app ON app.id = page.app_id WHERE app.name = 'shop'")
    #expect(stats["uniquePages"] as? Int == ingested.map { Int($0) })
    // Read connections see what was pushed: the page, and what leads to it.
    let last = try #require(answers.last)
    let page = try server.get(
      "/v1/pages/\(try #require(last["page"] as? Int))", token: Self.readToken)
    #expect(page.status == 200)
    let leadsTo = try server.get(
      "/v1/pages/\(try #require(last["page"] as? Int))/leads-to", token: Self.readToken)
    #expect(leadsTo.status == 200)
    #expect(String(decoding: leadsTo.body, as: UTF8.self).contains("\"actionType\""))
    let screenshot = try server.get("/v1/pages/shop0/screenshot", token: Self.readToken)
    #expect(screenshot.status == 200)
    #expect(screenshot.contentType == "image/png")
    // Every step again: the same answers byte for byte, and nothing added.
    let before = try GraphContent(db)
    for (step, first) in zip(steps, firstBodies) {
      #expect(try push(client, session, step).body == first)
    }
    #expect(try GraphContent(db) == before)
    // Screens are stored in the server's folder, named by their hash.
    let captures = db + "-captures"
    let stored = try FileManager.default.contentsOfDirectory(atPath: captures)
    #expect(stored.contains { $0.hasSuffix(".png") } && stored.contains { $0.hasSuffix(".xml") })
    #expect(stored.allSatisfy { $0.wholeMatch(of: /[0-9a-f]{16}\.(png|xml)/) != nil }, "\(stored)")
    let recorded = try Database(path: db, mode: .readOnly).fetchAll(
      "SELECT screenshot_path FROM page WHERE screenshot_path IS NOT NULL")
    #expect(!recorded.isEmpty)
    #expect(recorded.allSatisfy { $0[0].string?.hasPrefix(captures + "/") == true })
    #expect(server.stop().status == 0)
  }

  @Test("errors: 401 no token, 403 read token, 400 bad body, 404 unknown session, 413")
  func errors() throws {
    let (server, _) = try serve("--max-body-mb", "1")
    let client = server.client
    let steps = try Self.steps.get()
    let none = try client.request("/v1/sessions", method: "POST", body: Data("{}".utf8))
    #expect(none.status == 401)
    let readOnly = try client.request(
      "/v1/sessions", method: "POST", token: Self.readToken, body: Data("{}".utf8))
    #expect(readOnly.status == 403)
    #expect(try message(readOnly).contains("no write scope"))
    // No body at all is a session with no defaults.
    let bare = try client.request("/v1/sessions", method: "POST", token: Self.writeToken)
    #expect(bare.status == 200)
    let session = try createSession(client)
    #expect(
      try client.request(
        "/v1/sessions/\(session)/steps", method: "POST", token: Self.readToken, body: steps[0]
      ).status == 403)
    #expect(
      try client.request("/v1/sessions/\(session)/steps", method: "POST", body: steps[0]).status
        == 401)
    func pushObject(_ object: [String: Any], to id: String = session) throws -> HTTPAnswer {
      try push(client, id, JSONSerialization.data(withJSONObject: object))
    }
    let first = try #require(
      try JSONSerialization.jsonObject(with: steps[0]) as? [String: Any])
    let xml = try #require(first["xml"] as? String)
    let unknown = try push(client, "no-such-session", steps[0])
    #expect(unknown.status == 404)
    #expect(try message(unknown) == "no session 'no-such-session' in the graph")
    let missingXML = try pushObject(["id": "a"])
    #expect(missingXML.status == 400)
    #expect(try message(missingXML) == "missing field 'xml'")
    let missingID = try pushObject(["xml": xml])
    #expect(try message(missingID) == "missing field 'id'")
    let badBase64 = try pushObject(["id": "a", "xml": xml, "screenshot": "%%%not base64%%%"])
    #expect(badBase64.status == 400)
    #expect(try message(badBase64) == "'screenshot' is not base64")
    let notPNG = try pushObject(
      ["id": "a", "xml": xml, "screenshot": Data("nope".utf8).base64EncodedString()])
    #expect(try message(notPNG).hasPrefix("'screenshot' is not a PNG"))
    let badJSON = try push(client, session, Data("{\"id\": ".utf8))
    #expect(badJSON.status == 400)
    #expect(try message(badJSON) == "the body is not valid JSON")
    let notDump = try pushObject(["id": "a", "xml": "<nope"])
    #expect(try message(notDump).hasPrefix("'xml' is not a uiautomator dump"))
    let orphan = try pushObject(["id": "b", "xml": xml, "from": "never-sent"])
    #expect(orphan.status == 400)
    #expect(try message(orphan).contains("'from' names step 'never-sent'"))
    let badBounds = try pushObject(
      ["id": "c", "xml": xml, "from": "x", "action": ["type": "click", "bounds": "[1,2]"]])
    #expect(try message(badBounds).hasPrefix("'action.bounds' is not bounds"))
    let badPoint = try pushObject(
      ["id": "c", "xml": xml, "action": ["type": "click", "x": 1e30, "y": 3]])
    #expect(try message(badPoint) == "'action.x' and 'action.y' are not a screen point")
    let large = Data(repeating: UInt8(ascii: "x"), count: (1 << 20) + 1)
    let tooLarge = try push(client, session, large)
    #expect(tooLarge.status == 413)
    #expect(
      (try json(tooLarge)["error"] as? [String: Any])?["code"] as? String == "payload_too_large")
    // Nothing of the above was recorded, and the session still takes its first step.
    #expect(try push(client, session, steps[0]).status == 200)
    let stats = try json(server.get("/v1/stats", token: Self.readToken))
    #expect(stats["visits"] as? Int == 1)
    #expect(server.stop().status == 0)
  }

  @Test("killed mid-session, restarted, every step sent again: the uninterrupted graph")
  func killAndRetry() throws {
    let steps = try Self.steps.get()
    let captures = try Fixtures.temporaryDirectory("serve-session-captures").path
    // Uninterrupted.
    let (whole, wholeDB) = try serve(captures: captures)
    let wholeSession = try createSession(whole.client)
    for step in steps { #expect(try push(whole.client, wholeSession, step).status == 200) }
    #expect(whole.stop().status == 0)
    // Killed while a client pushes, then restarted on the same graph.
    let (first, db) = try serve(captures: captures)
    let client = first.client
    let session = try createSession(client)
    let answered = Mutex(0)
    let pusher = DispatchGroup()
    DispatchQueue.global().async(group: pusher) {
      for step in steps {
        guard let answer = try? push(client, session, step), answer.status == 200 else { return }
        answered.withLock { $0 += 1 }
      }
    }
    let deadline = Date().addingTimeInterval(60)
    while answered.withLock({ $0 }) < 5, Date() < deadline { usleep(2_000) }
    let killed = first.stop(signal: SIGKILL)
    #expect(killed.status == SIGKILL)
    pusher.wait()
    let before = answered.withLock { $0 }
    #expect(before >= 5 && before < steps.count, "killed after \(before) answers")
    let (second, _) = try serve(db: db, captures: captures)
    for step in steps {
      let answer = try push(second.client, session, step)
      #expect(answer.status == 200, "\(String(decoding: answer.body, as: UTF8.self))")
    }
    #expect(second.stop().status == 0)
    let resumed = try GraphContent(db)
    let uninterrupted = try GraphContent(wholeDB)
    for table in uninterrupted.tables.keys.sorted() {
      #expect(resumed[table] == uninterrupted[table], "\(table)")
    }
    #expect(resumed["visit"].count == steps.count)
  }

  @Test("SIGTERM while a client pushes: every answered step is in the graph, exit 0")
  func sigterm() throws {
    let steps = try Self.steps.get()
    let (server, db) = try serve()
    let client = server.client
    let session = try createSession(client)
    let answered = Mutex<[String]>([])
    let pusher = DispatchGroup()
    DispatchQueue.global().async(group: pusher) {
      for step in steps {
        guard let answer = try? push(client, session, step), answer.status == 200,
          let object = try? JSONSerialization.jsonObject(with: answer.body) as? [String: Any],
          let id = object["step"] as? String
        else { return }
        answered.withLock { $0.append(id) }
      }
    }
    // Meanwhile the read endpoints answer, and see the visits grow.
    var visits: [Int] = []
    let deadline = Date().addingTimeInterval(60)
    while answered.withLock({ $0.count }) < 3, Date() < deadline {
      let stats = try client.get("/v1/stats", token: Self.readToken)
      #expect(stats.status == 200)
      visits.append(try json(stats)["visits"] as? Int ?? -1)
    }
    #expect(!visits.isEmpty && visits == visits.sorted() && visits.allSatisfy { $0 >= 0 })
    let stopped = server.stop(signal: SIGTERM)
    #expect(stopped.status == 0, "\(stopped.stderr)")
    pusher.wait()
    let ids = answered.withLock { $0 }
    #expect(ids.count >= 3)
    let graph = try Database(path: db, mode: .readOnly)
    #expect(try graph.fetchOne("PRAGMA integrity_check")?.first?.string == "ok")
    let recorded = Set(
      try graph.fetchAll("SELECT record FROM visit").compactMap { $0.first?.string })
    #expect(Set(ids).isSubset(of: recorded))
    // The steps table and the visits agree: nothing half written.
    #expect(
      try graph.scalar("SELECT count(*) FROM ingest_session_step") == Int64(recorded.count))
  }
}
