import Foundation
import TestSupport
import Testing

/// GraphStore owns the graph's tables: no other target's sources hold SQL. Files not moved yet
/// are named, each with its reason, in `tools/sql-allow-list`; the list can only shrink (a
/// listed file without SQL fails too, so its line is removed when its SQL moves).
@Suite("SQL lives only in GraphStore")
struct SQLOwnershipTests {
  /// SQL statement keywords, matched as whole upper-case words inside string literals.
  static let keywords = [
    "SELECT", "INSERT", "UPDATE", "DELETE", "CREATE", "ALTER", "DROP", "PRAGMA", "BEGIN",
    "COMMIT", "ROLLBACK", "VACUUM", "ANALYZE", "ATTACH",
  ]

  static let allowListPath = "tools/sql-allow-list"

  @Test("no SQL in string literals outside Sources/GraphStore, but for the allow-list")
  func noSQLOutsideGraphStore() throws {
    let root = Fixtures.repositoryRoot
    let allowed = try Self.allowList(root.appendingPathComponent(Self.allowListPath))
    var offending: [String] = []
    var stillSQL: Set<String> = []
    for file in try Self.swiftSources(root) where !file.hasPrefix("Sources/GraphStore/") {
      let text = try String(
        contentsOf: root.appendingPathComponent(file), encoding: .utf8)
      for (line, literal) in SwiftStringLiterals(text).all
      where Self.containsSQLKeyword(literal) {
        if allowed[file] != nil {
          stillSQL.insert(file)
        } else {
          offending.append("\(file):\(line): \(literal.trimmingCharacters(in: .whitespaces))")
        }
      }
    }
    let found = offending.joined(separator: "\n")
    #expect(
      offending.isEmpty, "SQL outside GraphStore (move it behind GraphStore's API):\n\(found)")
    let stale = Set(allowed.keys).subtracting(stillSQL).sorted().joined(separator: ", ")
    #expect(
      stale.isEmpty, "\(Self.allowListPath) names files without SQL; remove their lines: \(stale)")
  }

  @Test("the scanner finds SQL in plain, multi-line and interpolated strings, not in comments")
  func scannerFindsSQL() {
    let source = #"""
      // SELECT in a comment
      /* UPDATE in a block comment */
      let a = "select is prose, PRAGMA is not"
      let b = """
        INSERT INTO page(id)
        """
      let c = "x \("y") DELETE FROM t"
      let d = "Selected: \(count) UPDATED"
      """#
    let found = SwiftStringLiterals(source).all.filter { Self.containsSQLKeyword($0.text) }
    #expect(found.map(\.line) == [3, 5, 7])
  }

  /// True when `text` holds one of ``keywords`` as a whole word.
  static func containsSQLKeyword(_ text: String) -> Bool {
    let words = text.split { !($0.isLetter || $0.isNumber || $0 == "_") }
    return words.contains { keywords.contains(String($0)) }
  }

  /// Every `.swift` file under `Sources/`, as a path relative to `root`.
  static func swiftSources(_ root: URL) throws -> [String] {
    let sources = root.appendingPathComponent("Sources")
    guard let walker = FileManager.default.enumerator(atPath: sources.path) else { return [] }
    return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
      .map { "Sources/" + $0 }.sorted()
  }

  /// The allow-list: one `path  # reason` a line; blank lines and `#` lines are comments.
  static func allowList(_ url: URL) throws -> [String: String] {
    var entries: [String: String] = [:]
    let text = try String(contentsOf: url, encoding: .utf8)
    for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false)
      .enumerated()
    {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
      let parts = trimmed.split(separator: "#", maxSplits: 1)
      let path = parts[0].trimmingCharacters(in: .whitespaces)
      let reason = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
      #expect(!reason.isEmpty, "\(allowListPath):\(number + 1): \(path) has no reason")
      entries[path] = reason
    }
    return entries
  }
}

/// The string literals of a Swift source with the line each starts on (comments skipped;
/// interpolations are scanned as part of their string, which is enough to find SQL).
struct SwiftStringLiterals {
  let all: [(line: Int, text: String)]

  init(_ source: String) {
    let characters = Array(source)
    var found: [(line: Int, text: String)] = []
    var index = 0
    var line = 1
    func starts(_ prefix: String, at position: Int) -> Bool {
      let prefix = Array(prefix)
      return position + prefix.count <= characters.count
        && Array(characters[position..<position + prefix.count]) == prefix
    }
    while index < characters.count {
      let character = characters[index]
      if character == "\n" {
        line += 1
        index += 1
      } else if starts("//", at: index) {
        while index < characters.count, characters[index] != "\n" { index += 1 }
      } else if starts("/*", at: index) {
        index += 2
        while index < characters.count, !starts("*/", at: index) {
          if characters[index] == "\n" { line += 1 }
          index += 1
        }
        index += 2
      } else if starts("\"\"\"", at: index) {
        index += 3
        var text = ""
        var lineOfText = line
        while index < characters.count, !starts("\"\"\"", at: index) {
          if characters[index] == "\n" {
            found.append((lineOfText, text))
            text = ""
            line += 1
            lineOfText = line
          } else {
            text.append(characters[index])
          }
          index += 1
        }
        found.append((lineOfText, text))
        index += 3
      } else if character == "\"" {
        index += 1
        var text = ""
        while index < characters.count, characters[index] != "\"", characters[index] != "\n" {
          if characters[index] == "\\", index + 1 < characters.count {
            text.append(characters[index + 1])
            index += 2
            continue
          }
          text.append(characters[index])
          index += 1
        }
        found.append((line, text))
        index += 1
      } else {
        index += 1
      }
    }
    all = found
  }
}
