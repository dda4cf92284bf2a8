import Foundation

/// Any error as one plain line: the file and the reason, never a Foundation error domain or
/// code (`out/x.png: no space left on device` rather than `NSCocoaErrorDomain Code=640`).
public enum PlainErrorText {
  /// The error in plain words. m3m's own errors keep their description; Foundation and POSIX
  /// errors become "path: reason"; decoding errors say where in the document and what.
  public static func describe(_ error: any Error) -> String {
    switch error {
    case let error as OutputError: return error.description
    case let error as InputError: return error.description
    case let error as DecodingError: return describe(error)
    default: break
    }
    // Foundation's errors are told by their domain (on Linux any NSError casts to CocoaError).
    let bridged = error as NSError
    switch bridged.domain {
    case NSCocoaErrorDomain: return describe(cocoa: cocoaError(bridged))
    case NSPOSIXErrorDomain: return posixReason(bridged)
    case NSURLErrorDomain: return describe(url: urlError(bridged))
    default: return String(describing: error)
    }
  }

  /// The reason alone (no path) of a Foundation file error.
  public static func reason(_ error: any Error) -> String {
    if let error = error as? DecodingError { return describe(error) }
    let bridged = error as NSError
    switch bridged.domain {
    case NSCocoaErrorDomain: return reason(cocoa: cocoaError(bridged))
    case NSPOSIXErrorDomain: return posixReason(bridged)
    case NSURLErrorDomain: return describe(url: urlError(bridged))
    default: return describe(error)
    }
  }

  private static func cocoaError(_ error: NSError) -> CocoaError {
    CocoaError(CocoaError.Code(rawValue: error.code), userInfo: error.userInfo)
  }

  private static func urlError(_ error: NSError) -> URLError {
    URLError(URLError.Code(rawValue: error.code) ?? .unknown, userInfo: error.userInfo)
  }

  private static func posixReason(_ error: NSError) -> String {
    Int32(exactly: error.code).map(SystemError.reason) ?? "system error \(error.code)"
  }

  private static func describe(cocoa error: CocoaError) -> String {
    let path = error.filePath ?? error.url?.path
    return (path.map { "\($0): " } ?? "") + reason(cocoa: error)
  }

  private static func reason(cocoa error: CocoaError) -> String {
    if let underlying = error.userInfo[NSUnderlyingErrorKey] as? any Error,
      (underlying as NSError).domain == NSPOSIXErrorDomain
    {
      return posixReason(underlying as NSError)
    }
    switch error.code {
    case .fileNoSuchFile, .fileReadNoSuchFile: return "no such file or folder"
    case .fileReadNoPermission, .fileWriteNoPermission: return "permission denied"
    case .fileWriteOutOfSpace: return "no space left on device"
    case .fileWriteVolumeReadOnly: return "read-only file system"
    case .fileWriteFileExists: return "a file of that name already exists"
    case .fileReadTooLarge: return "the file is too large"
    case .fileReadInapplicableStringEncoding, .fileWriteInapplicableStringEncoding:
      return "not text in the expected encoding (UTF-8)"
    case .fileReadCorruptFile, .propertyListReadCorrupt: return "not in the expected format"
    case .fileWriteInvalidFileName, .fileReadInvalidFileName: return "not a valid file name"
    case .fileLocking: return "the file is locked"
    default:
      return error.code.rawValue >= 512 && error.code.rawValue < 1024
        ? "the file could not be written" : "the file could not be read"
    }
  }

  private static func describe(url error: URLError) -> String {
    let reason: String
    switch error.code {
    case .timedOut: reason = "timed out"
    case .cannotFindHost, .dnsLookupFailed: reason = "unknown host"
    case .cannotConnectToHost: reason = "cannot connect to the server (connection refused)"
    case .networkConnectionLost: reason = "the connection was lost"
    case .notConnectedToInternet: reason = "no network"
    case .badURL, .unsupportedURL: reason = "not a valid URL"
    case .badServerResponse: reason = "the server's response is not valid HTTP"
    case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
      .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot:
      reason = "the secure connection failed"
    case .cancelled: reason = "cancelled"
    default: reason = "network error \(error.code.rawValue)"
    }
    return (error.failingURL.map { "\($0.absoluteString): " } ?? "") + reason
  }

  private static func describe(_ error: DecodingError) -> String {
    func place(_ context: DecodingError.Context) -> String {
      let path = context.codingPath.map { key in
        key.intValue.map { "[\($0)]" } ?? key.stringValue
      }
      return path.isEmpty ? "" : " at " + path.joined(separator: ".")
    }
    switch error {
    case .typeMismatch(let type, let context):
      return "expected \(type)\(place(context))"
    case .valueNotFound(let type, let context):
      return "missing \(type) value\(place(context))"
    case .keyNotFound(let key, let context):
      return "missing key '\(key.stringValue)'\(place(context))"
    case .dataCorrupted(let context):
      if context.codingPath.isEmpty { return "not valid JSON" }
      return context.debugDescription.prefix(1).lowercased()
        + context.debugDescription.dropFirst() + place(context)
    @unknown default:
      return "not the expected JSON"
    }
  }
}
