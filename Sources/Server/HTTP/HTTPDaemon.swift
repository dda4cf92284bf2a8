internal import CMicroHTTPD
import Foundation
import Synchronization

/// libmicrohttpd, wrapped once: an epoll thread pool that hands each complete request to a
/// Swift handler on one of its threads. Bodies over `maxBodyBytes` are answered 413 without
/// being kept. No C type leaves this file.
final class HTTPDaemon: Sendable {
  /// Answers one request; runs on a pool thread.
  typealias Handler = @Sendable (HTTPRequest) -> HTTPResponse

  private let handler: Handler
  private let maxBodyBytes: Int
  /// The running daemon's address (0 when stopped): a pointer is not Sendable, its bits are.
  private let daemon = Mutex<Int>(0)

  init(maxBodyBytes: Int, handler: @escaping Handler) {
    self.maxBodyBytes = maxBodyBytes
    self.handler = handler
  }

  deinit { stop() }

  /// Starts listening on `address` with `threads` pool threads; the port it listens on.
  /// - Throws: ``ServerError`` when libmicrohttpd cannot listen there, or it already runs.
  func start(_ address: ListenAddress, threads: Int) throws(ServerError) -> Int {
    guard daemon.withLock({ $0 }) == 0 else { throw ServerError("the server is already started") }
    let context = Unmanaged.passUnretained(self).toOpaque()
    let started = address.withSocketAddress { socketAddress in
      cmhd_start(
        socketAddress, address.isIPv6 ? 1 : 0, UInt32(clamping: threads), 60,
        { context, connection, url, method, _, upload, uploadSize, requestState in
          guard let context, let connection, let url, let method, let uploadSize, let requestState
          else { return .NO }
          return Unmanaged<HTTPDaemon>.fromOpaque(context).takeUnretainedValue().access(
            connection, url: String(cString: url), method: String(cString: method),
            upload: upload, uploadSize: uploadSize, state: requestState)
        }, context,
        { _, _, requestState, _ in
          guard let requestState, let state = requestState.pointee else { return }
          Unmanaged<RequestState>.fromOpaque(state).release()
          requestState.pointee = nil
        })
    }
    guard let started else {
      throw ServerError(
        "cannot listen on \(address): the port is taken or the address is not this machine's")
    }
    daemon.withLock { $0 = Int(bitPattern: started) }
    return Int(cmhd_bound_port(started))
  }

  /// Stops accepting, closes every connection and joins the pool threads.
  func stop() {
    let address = daemon.withLock { value in
      defer { value = 0 }
      return value
    }
    guard let running = OpaquePointer(bitPattern: address) else { return }
    _ = MHD_quiesce_daemon(running)
    MHD_stop_daemon(running)
  }

  // MARK: - One request, across libmicrohttpd's calls

  /// The body received so far, kept in the connection's `con_cls` between calls.
  private final class RequestState {
    var body = Data()
    var tooLarge = false
  }

  /// libmicrohttpd calls this first with the headers, then once per chunk of body, then once
  /// more with nothing: the request is complete and gets its answer.
  private func access(
    _ connection: OpaquePointer, url: String, method: String,
    upload: UnsafePointer<CChar>?, uploadSize: UnsafeMutablePointer<Int>,
    state pointer: UnsafeMutablePointer<UnsafeMutableRawPointer?>
  ) -> MHD_Result {
    guard let existing = pointer.pointee else {
      let state = RequestState()
      pointer.pointee = Unmanaged.passRetained(state).toOpaque()
      let declared = MHD_lookup_connection_value(connection, .HEADER_KIND, "Content-Length")
        .flatMap { Int(String(cString: $0)) }
      if let declared, declared > maxBodyBytes {
        // Answered before the body is read: libmicrohttpd then closes the connection.
        state.tooLarge = true
        return queue(.error(.payloadTooLarge(limit: maxBodyBytes)), on: connection)
      }
      return .YES
    }
    let state = Unmanaged<RequestState>.fromOpaque(existing).takeUnretainedValue()
    if uploadSize.pointee > 0 {
      if !state.tooLarge, let upload {
        if state.body.count + uploadSize.pointee > maxBodyBytes {
          state.tooLarge = true
          state.body = Data()
        } else {
          upload.withMemoryRebound(to: UInt8.self, capacity: uploadSize.pointee) {
            state.body.append($0, count: uploadSize.pointee)
          }
        }
      }
      uploadSize.pointee = 0
      return .YES
    }
    if state.tooLarge {
      return queue(.error(.payloadTooLarge(limit: maxBodyBytes)), on: connection)
    }
    let request = HTTPRequest(
      method: method, path: url, query: values(of: connection, kind: .GET_ARGUMENT_KIND),
      headers: values(of: connection, kind: .HEADER_KIND), body: state.body)
    return queue(handler(request), on: connection)
  }

  /// The decoded headers (names lower-cased) or query arguments of a request.
  private func values(of connection: OpaquePointer, kind: MHD_ValueKind) -> [String: String] {
    final class Collected { var values: [String: String] = [:] }
    let collected = Collected()
    withExtendedLifetime(collected) {
      _ = MHD_get_connection_values(
        connection, kind,
        { context, kind, key, value in
          guard let context, let key else { return .YES }
          let name = String(cString: key)
          Unmanaged<Collected>.fromOpaque(context).takeUnretainedValue().values[
            kind == .HEADER_KIND ? name.lowercased() : name] =
            value.map { String(cString: $0) } ?? ""
          return .YES
        }, Unmanaged.passUnretained(collected).toOpaque())
    }
    return collected.values
  }

  private func queue(_ response: HTTPResponse, on connection: OpaquePointer) -> MHD_Result {
    let created: OpaquePointer?
    if let producer = response.producer {
      created = streamedResponse(producer)
    } else {
      var body = response.body
      created = body.withUnsafeMutableBytes { bytes in
        MHD_create_response_from_buffer(bytes.count, bytes.baseAddress, .RESPMEM_MUST_COPY)
      }
    }
    guard let created else { return .NO }
    defer { MHD_destroy_response(created) }
    _ = MHD_add_response_header(created, "Content-Type", response.contentType)
    for (name, value) in response.headers {
      _ = MHD_add_response_header(created, name, value)
    }
    return MHD_queue_response(connection, UInt32(clamping: response.status), created)
  }

  /// A response read from a pipe that `producer` writes on a thread of its own; libmicrohttpd
  /// closes the reading end when the body is sent or the client is gone.
  private func streamedResponse(_ producer: @escaping HTTPResponse.Producer) -> OpaquePointer? {
    var ends: [Int32] = [-1, -1]
    guard pipe(&ends) == 0 else { return nil }
    // Not inherited by a process the server might start.
    _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
    _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
    guard let created = MHD_create_response_from_pipe(ends[0]) else {
      close(ends[0])
      close(ends[1])
      return nil
    }
    let writing = ends[1]
    Thread {
      var stream = ResponseStream(descriptor: writing)
      try? producer(&stream)
      stream.flush()
      close(writing)
    }.start()
    return created
  }
}
