import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The IPv4 or IPv6 address and the port the server listens on.
public struct ListenAddress: Sendable, CustomStringConvertible {
  /// The host as given, without brackets (`127.0.0.1`, `localhost`, `0.0.0.0`, `::1`).
  public var host: String
  /// The port; 0 lets the kernel pick a free one.
  public var port: Int
  /// The address bytes in network order: 4 for IPv4, 16 for IPv6.
  let bytes: [UInt8]

  /// Parses `host` (an IPv4 or IPv6 address, `[::1]`, or `localhost`) and checks `port`.
  /// - Throws: ``ServerError`` naming what is wrong.
  public init(host: String, port: Int) throws(ServerError) {
    guard (0...65535).contains(port) else {
      throw ServerError("port \(port) is not from 0 to 65535")
    }
    var bare = host
    if bare.hasPrefix("["), bare.hasSuffix("]") { bare = String(bare.dropFirst().dropLast()) }
    let numeric = bare == "localhost" ? "127.0.0.1" : bare
    var v4 = in_addr()
    var v6 = in6_addr()
    if inet_pton(AF_INET, numeric, &v4) == 1 {
      bytes = withUnsafeBytes(of: v4) { Array($0) }
    } else if inet_pton(AF_INET6, numeric, &v6) == 1 {
      bytes = withUnsafeBytes(of: v6) { Array($0) }
    } else {
      throw ServerError(
        "'\(host)' is not an IP address (for example 127.0.0.1, 0.0.0.0, ::1 or ::)")
    }
    self.host = bare
    self.port = port
  }

  /// True for an IPv6 address.
  public var isIPv6: Bool { bytes.count == 16 }

  /// True for 127.0.0.0/8, ::1 and IPv4-mapped 127.x: only this machine can connect.
  public var isLoopback: Bool {
    if !isIPv6 { return bytes[0] == 127 }
    if bytes == [UInt8](repeating: 0, count: 15) + [1] { return true }
    let mapped = [UInt8](repeating: 0, count: 10) + [0xFF, 0xFF]
    return Array(bytes[0..<12]) == mapped && bytes[12] == 127
  }

  /// The host as a URL writes it (IPv6 in brackets).
  public var urlHost: String { isIPv6 ? "[\(host)]" : host }

  public var description: String { "\(urlHost):\(port)" }

  /// The address as a `sockaddr_in` or `sockaddr_in6`, for `body`.
  func withSocketAddress<T>(_ body: (UnsafePointer<sockaddr>) -> T) -> T {
    if isIPv6 {
      var address = sockaddr_in6()
      address.sin6_family = sa_family_t(AF_INET6)
      address.sin6_port = in_port_t(port).bigEndian
      withUnsafeMutableBytes(of: &address.sin6_addr) { $0.copyBytes(from: bytes) }
      return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1, body)
      }
    }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(port).bigEndian
    withUnsafeMutableBytes(of: &address.sin_addr) { $0.copyBytes(from: bytes) }
    return withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1, body)
    }
  }
}
