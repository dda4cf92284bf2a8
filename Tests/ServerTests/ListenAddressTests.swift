import Testing

@testable import Server

@Suite("Listen addresses")
struct ListenAddressTests {
  @Test(
    "loopback is 127.0.0.0/8, ::1 and IPv4-mapped 127.x; nothing else",
    arguments: [
      ("127.0.0.1", true), ("localhost", true), ("127.8.9.10", true), ("::1", true),
      ("[::1]", true), ("::ffff:127.0.0.1", true), ("0.0.0.0", false), ("10.0.0.1", false),
      ("::", false), ("::ffff:10.0.0.1", false), ("fe80::1", false),
    ])
  func loopback(host: String, loopback: Bool) throws {
    #expect(try ListenAddress(host: host, port: 0).isLoopback == loopback)
  }

  @Test("IPv6 hosts are written in brackets; bad hosts and ports are refused with the reason")
  func parsing() throws {
    #expect(try ListenAddress(host: "[::1]", port: 80).description == "[::1]:80")
    #expect(try ListenAddress(host: "127.0.0.1", port: 80).description == "127.0.0.1:80")
    #expect(throws: ServerError.self) { try ListenAddress(host: "example.org", port: 80) }
    #expect {
      try ListenAddress(host: "127.0.0.1", port: 70000)
    } throws: { error in
      (error as? ServerError)?.description == "port 70000 is not from 0 to 65535"
    }
  }
}
