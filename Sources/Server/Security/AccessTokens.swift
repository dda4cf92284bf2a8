import FileIO
import Foundation

/// The bearer tokens a server accepts, read from a token file: one token a line followed by
/// its scopes (`TOKEN read`, `TOKEN write`, `TOKEN read write`); blank lines and lines starting
/// with `#` are skipped. A token is looked up in time that does not depend on how much of it
/// matches a known one.
public struct AccessTokens: Sendable {
  private struct Entry: Sendable {
    var token: [UInt8]
    var scopes: Set<AccessScope>
  }

  private let entries: [Entry]

  /// The shortest token accepted: shorter ones are too easy to guess.
  public static let minimumLength = 16

  /// Reads a token file.
  /// - Throws: ``ServerError`` naming the file (and line) and the reason.
  public init(contentsOfFile path: String) throws(ServerError) {
    let text: String
    do {
      text = try String(contentsOfFile: path, encoding: .utf8)
    } catch {
      throw ServerError("\(path): \(PlainErrorText.reason(error))")
    }
    try self.init(text, file: path)
  }

  /// Parses the text of a token file named `file` (for messages).
  /// - Throws: ``ServerError`` naming the line and the reason.
  public init(_ text: String, file: String) throws(ServerError) {
    var entries: [Entry] = []
    for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false)
      .enumerated()
    {
      let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
      guard let token = words.first, !token.hasPrefix("#") else { continue }
      let place = "\(file):\(number + 1)"
      guard words.count >= 2 else {
        throw ServerError("\(place): expected 'TOKEN read' or 'TOKEN write', got a token alone")
      }
      var scopes: Set<AccessScope> = []
      for word in words.dropFirst() {
        guard let scope = AccessScope(rawValue: String(word)) else {
          throw ServerError("\(place): unknown scope '\(word)' (expected read or write)")
        }
        scopes.insert(scope)
      }
      guard token.utf8.count >= Self.minimumLength else {
        throw ServerError(
          "\(place): the token is shorter than \(Self.minimumLength) characters")
      }
      if let index = entries.firstIndex(where: { $0.token == Array(token.utf8) }) {
        entries[index].scopes.formUnion(scopes)
      } else {
        entries.append(Entry(token: Array(token.utf8), scopes: scopes))
      }
    }
    guard !entries.isEmpty else { throw ServerError("\(file): no token in the file") }
    self.entries = entries
  }

  /// The scopes of `token`, nil when it is not a known token. Every known token is compared
  /// in full, so the time taken does not say how close `token` came to one.
  public func scopes(of token: String) -> Set<AccessScope>? {
    let given = Array(token.utf8)
    var found: Set<AccessScope>?
    for entry in entries where Self.constantTimeEqual(given, entry.token) {
      found = entry.scopes
    }
    return found
  }

  /// Equality whose time depends on the lengths only, never on where the bytes differ.
  static func constantTimeEqual(_ given: [UInt8], _ known: [UInt8]) -> Bool {
    var difference = given.count ^ known.count
    for index in given.indices {
      difference |= Int(given[index] ^ known[index % known.count])
    }
    return difference == 0
  }
}
