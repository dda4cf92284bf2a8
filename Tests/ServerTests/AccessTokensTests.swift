import Testing

@testable import Server

@Suite("Token files")
struct AccessTokensTests {
  @Test("read and write scopes by token; comments and blank lines skipped; unknown tokens nil")
  func scopes() throws {
    let tokens = try AccessTokens(
      """
      # agents
      reader-0123456789abcdef read

      writer-0123456789abcdef write
      both-0123456789abcdef read write
      """, file: "tokens.txt")
    #expect(tokens.scopes(of: "reader-0123456789abcdef") == [.read])
    #expect(tokens.scopes(of: "writer-0123456789abcdef") == [.write])
    #expect(tokens.scopes(of: "both-0123456789abcdef") == [.read, .write])
    #expect(tokens.scopes(of: "reader-0123456789abcdeX") == nil)
    #expect(tokens.scopes(of: "reader-0123456789abcde") == nil)
    #expect(tokens.scopes(of: "") == nil)
  }

  @Test(
    "a bad line names the file, the line and the reason",
    arguments: [
      ("reader-0123456789abcdef", "tokens.txt:1: expected 'TOKEN read' or 'TOKEN write'"),
      ("reader-0123456789abcdef admin", "tokens.txt:1: unknown scope 'admin'"),
      ("# only a comment\nshort read", "tokens.txt:2: the token is shorter than 16"),
      ("# nothing\n\n", "tokens.txt: no token in the file"),
    ])
  func badLines(text: String, message: String) {
    #expect {
      try AccessTokens(text, file: "tokens.txt")
    } throws: { error in
      (error as? ServerError)?.description.hasPrefix(message) == true
    }
  }

  @Test("a missing token file is named with the reason")
  func missingFile() {
    #expect {
      try AccessTokens(contentsOfFile: "/nonexistent/tokens.txt")
    } throws: { error in
      let text = (error as? ServerError)?.description ?? ""
      return text.hasPrefix("/nonexistent/tokens.txt: ") && !text.contains("Domain")
    }
  }

  @Test("constant-time equality is equality")
  func constantTimeEqual() {
    let known = Array("abcdefghijklmnop".utf8)
    #expect(AccessTokens.constantTimeEqual(known, known))
    #expect(!AccessTokens.constantTimeEqual(Array("abcdefghijklmnoq".utf8), known))
    #expect(!AccessTokens.constantTimeEqual(Array("abcdefghijklmnopabcdefghijklmnop".utf8), known))
    #expect(!AccessTokens.constantTimeEqual([], known))
  }
}
