import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The IPv4 address and port the server listens on.
public struct ListenAddress: Sendable, CustomStringConvertible {
  /// The host as given (`127.0.0.1`, `localhost`, `0.0.0.0`).
  public var host: String
  /// The port; 0 lets the kernel pick a free one.
  public var port: Int
  /// The address in host byte order.
  var ipv4: UInt32

  /// Parses `host` (an IPv4 address or `localhost`) and checks `port`.
  /// - Throws: ``ServerError`` naming what is wrong.
  public init(host: String, port: Int) throws(ServerError) {
    guard (0...65535).contains(port) else {
      throw ServerError("port \(port) is not from 0 to 65535")
    }
    var address = in_addr()
    let numeric = host == "localhost" ? "127.0.0.1" : host
    guard inet_pton(AF_INET, numeric, &address) == 1 else {
      throw ServerError("'\(host)' is not an IPv4 address (for example 127.0.0.1 or 0.0.0.0)")
    }
    self.host = host
    self.port = port
    ipv4 = UInt32(bigEndian: address.s_addr)
  }

  /// True for 127.0.0.0/8: only this machine can connect.
  public var isLoopback: Bool { ipv4 >> 24 == 127 }

  public var description: String { "\(host):\(port)" }
}
