import Foundation
import TestSupport
import Testing

/// The same graph in SQLite and in PostgreSQL answers every query alike: the sample and a
/// generated graph (with Chinese text) are ingested into both, then the query commands are
/// run against each, as a user runs them, and their outputs compared.
@Suite("m3m on PostgreSQL answers as on SQLite")
struct PostgresEngineTests {
  /// A generated app with Chinese text (two-character queries scan; longer ones use the index)
  /// and capitals beyond A–Z.
  static let chineseApp = """
    {"name": "chat", "package": "com.example.chat", "root": "home", "keywords": ["你好"],
     "pages": {
      "home": {"title": "微信", "clock": true, "elements": [
        {"text": "通讯录", "to": "contacts"}, {"text": "发现", "to": "discover"},
        {"text": "设置中心", "desc": "设置", "to": "settings"}]},
      "contacts": {"title": "通讯录", "elements": [
        {"text": "新的朋友", "to": "home"}, {"text": "群聊设置", "to": "settings"},
        {"text": "返回", "to": "home"}]},
      "discover": {"title": "发现", "elements": [
        {"text": "朋友圈", "to": "home"}, {"text": "扫一扫", "to": "contacts"},
        {"text": "ÉCRAN Principal", "to": "home"}, {"text": "ПРИВЕТ Мир", "to": "settings"}]},
      "settings": {"title": "设置", "elements": [
        {"text": "账号与安全设置", "to": "home"},
        {"text": "返回", "desc": "返回上一页", "to": "contacts"}]}}}
    """

  /// Runs `m3m` with `arguments` against `db`; its status and output with `db` written `DB`.
  func answer(_ arguments: [String], db: String) throws -> String {
    let result = try ProcessResult.run("m3m", arguments + ["--db", db])
    let output = (result.stdout + result.stderr).replacingOccurrences(of: db, with: "DB")
    return "exit \(result.status)\n\(output)"
  }

  /// Ingests `inputs` into a new SQLite file and a new PostgreSQL database; their `--db`s.
  func ingestBoth(_ inputs: [String], url: String) throws -> (sqlite: String, postgres: String) {
    let sqlite = try Fixtures.temporaryDirectory("pg-eq").appendingPathComponent("g.sqlite").path
    for db in [sqlite, url] {
      let ingest = try ProcessResult.run("m3m", ["ingest"] + inputs + ["--db", db])
      #expect(ingest.status == 0, "\(db): \(ingest.stderr)")
    }
    return (sqlite, url)
  }

  func expectSameAnswers(_ queries: [[String]], _ dbs: (sqlite: String, postgres: String)) throws {
    for query in queries {
      let onSQLite = try answer(query, db: dbs.sqlite)
      let onPostgres = try answer(query, db: dbs.postgres)
      #expect(onSQLite == onPostgres, "m3m \(query.joined(separator: " "))")
      #expect(!onSQLite.hasPrefix("exit 0\n\n"), "m3m \(query.joined(separator: " ")): no output")
    }
  }

  static let exports: [[String]] = ["json", "graphml", "dot"].flatMap { format in
    [["export", "--format", format], ["export", "--format", format, "--unique"]]
  }

  @Test("the Mobile3M sample: stats, leads-to, path, search, export")
  func sample() throws {
    guard let url = try TemporaryPostgresCluster.freshDatabase("sample") else { return }
    let sample = Fixtures.repositoryRoot.appendingPathComponent("Mobile3M").path
    let dbs = try ingestBoth([sample], url: url)
    try expectSameAnswers(
      [
        ["stats"], ["leads-to", "shop0_2_12_25"], ["leads-to", "mail0_1", "--json"],
        ["path", "shop0", "shop0_2_12_25", "--k", "2"], ["path", "mail0", "mail0_3", "--json"],
        ["search", "Cart"], ["search", "ok"], ["search", "Reviews", "--json"],
        ["search", "no such text"],
      ] + Self.exports, dbs)
  }

  @Test("a generated graph from graphs/*.json and Chinese text, on the trigram index")
  func generated() throws {
    guard let url = try TemporaryPostgresCluster.freshDatabase("generated") else { return }
    let folder = try Fixtures.temporaryDirectory("pg-synth")
    let chinese = folder.appendingPathComponent("chat.json")
    try Data(Self.chineseApp.utf8).write(to: chinese)
    let apps = try FileManager.default.contentsOfDirectory(
      atPath: Fixtures.repositoryRoot.appendingPathComponent("graphs").path
    ).filter { $0.hasSuffix(".json") }.sorted().map {
      Fixtures.repositoryRoot.appendingPathComponent("graphs/\($0)").path
    }
    let out = folder.appendingPathComponent("data").path
    let synth = try ProcessResult.run("m3m", ["synth"] + apps + [chinese.path, "--out", out])
    #expect(synth.status == 0, "\(synth.stderr)")
    let dbs = try ingestBoth([out], url: url)
    try expectSameAnswers(
      [
        ["stats"], ["search", "设置"], ["search", "设置中"], ["search", "返回上一页", "--json"],
        ["search", "朋友圈"], ["search", "Settings"], ["leads-to", "chat0_1"],
        ["path", "chat0", "chat0_1"], ["search", "écran"], ["search", "привет мир"],
      ] + Self.exports, dbs)
    let hits = try answer(["search", "设置"], db: dbs.postgres)
    #expect(hits.contains("设置中心") && hits.contains("账号与安全设置"), "\(hits)")
    // Case folded as FTS5 folds it, not only A-Z.
    let folded = try answer(["search", "écran"], db: dbs.postgres)
    #expect(folded.contains("ÉCRAN Principal"), "\(folded)")

    // PG* environment variables fill in what a bare postgresql:// leaves out.
    let host = url.components(separatedBy: "host=").last ?? ""
    let database = url.components(separatedBy: "@/").last?.components(separatedBy: "?").first
    let viaEnvironment = try ProcessResult.run(
      "m3m", ["stats", "--db", "postgresql://"],
      environment: ProcessInfo.processInfo.environment.merging(
        ["PGHOST": host, "PGUSER": "m3m", "PGDATABASE": database ?? ""]) { $1 })
    #expect(viaEnvironment.status == 0, "\(viaEnvironment.stderr)")
    #expect(viaEnvironment.stdout == (try ProcessResult.run("m3m", ["stats", "--db", url]).stdout))
  }
}
