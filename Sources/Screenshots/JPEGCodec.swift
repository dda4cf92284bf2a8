internal import CTurboJPEG

/// libjpeg-turbo's TurboJPEG API, wrapped once: header reading, decoding to RGBA, and (for
/// tests) encoding. TurboJPEG catches libjpeg's `longjmp` itself and returns -1, so no C
/// support code is needed.
///
/// Warnings are refusals. libjpeg reports a stream that ends early ("Premature end of JPEG
/// file") or has damaged entropy data ("Corrupt JPEG data: …") as a *warning* and fills the
/// rest with grey; such an image would give the pixel test a difference that is not on the
/// screen. Decoding stops at the first warning (`TJFLAG_STOPONWARNING`) and throws.
enum JPEGCodec {
  /// The size in the frame header (SOF), read without decoding.
  /// - Throws: ``ScreenshotError`` (`.truncatedJPEG`, `.corruptJPEG`) naming `source`.
  static func header(_ bytes: [UInt8], source: String) throws -> (width: Int, height: Int) {
    guard let handle = tjInitDecompress() else {
      throw ScreenshotError(source: source, reason: .corruptJPEG("cannot start libjpeg-turbo"))
    }
    defer { tjDestroy(handle) }
    var width: Int32 = 0
    var height: Int32 = 0
    var subsampling: Int32 = 0
    var colorspace: Int32 = 0
    let status = bytes.withUnsafeBufferPointer { buffer in
      tjDecompressHeader3(
        handle, buffer.baseAddress, UInt(buffer.count), &width, &height, &subsampling,
        &colorspace)
    }
    guard status == 0 else { throw failure(handle, source: source) }
    guard width > 0, height > 0 else {
      throw ScreenshotError(source: source, reason: .corruptJPEG("zero width or height"))
    }
    // Print colours: converting them to a screen's RGB needs a colour profile, and no phone
    // writes a screenshot that way.
    guard colorspace != CTJ_CS_CMYK, colorspace != CTJ_CS_YCCK else {
      throw ScreenshotError(
        source: source,
        reason: .unsupportedJPEG("CMYK colour (print colours; a screenshot is RGB or grey)"))
    }
    return (Int(width), Int(height))
  }

  /// Decodes to 8-bit RGBA (alpha 255) after checking the header's size against
  /// `maximumPixels`: a JPEG claiming 65535×65535 is refused before anything is allocated.
  static func decode(_ bytes: [UInt8], source: String, maximumPixels: Int) throws -> RGBAImage {
    let (width, height) = try header(bytes, source: source)
    try ImageInfo(format: .jpeg, width: width, height: height)
      .checkPixelCount(maximumPixels, source: source)
    guard let handle = tjInitDecompress() else {
      throw ScreenshotError(source: source, reason: .corruptJPEG("cannot start libjpeg-turbo"))
    }
    defer { tjDestroy(handle) }
    var status: Int32 = 0
    // Both sides are at most 65535 (16-bit header fields): width * 4 fits in an Int32.
    let pixels = [UInt8](unsafeUninitializedCapacity: width * height * 4) { buffer, count in
      status = bytes.withUnsafeBufferPointer {
        tjDecompress2(
          handle, $0.baseAddress, UInt($0.count), buffer.baseAddress, Int32(width),
          Int32(width * 4), Int32(height), CTJ_PF_RGBA, CTJ_DECODE_FLAGS)
      }
      count = status == 0 ? buffer.count : 0
    }
    guard status == 0 else { throw failure(handle, source: source) }
    guard let image = RGBAImage(width: width, height: height, pixels: pixels) else {
      throw ScreenshotError(source: source, reason: .corruptJPEG("decoded size mismatch"))
    }
    return image
  }

  /// Encodes RGBA pixels as a baseline 4:2:0 JPEG (used by tests to make fixtures); with
  /// `cmyk`, each pixel's four bytes are taken as C, M, Y, K (a YCCK JPEG).
  static func encode(_ image: RGBAImage, quality: Int, cmyk: Bool = false, source: String)
    throws -> [UInt8]
  {
    guard let handle = tjInitCompress() else {
      throw ScreenshotError(source: source, reason: .encodeFailed("cannot start libjpeg-turbo"))
    }
    defer { tjDestroy(handle) }
    guard let width = Int32(exactly: image.width), let height = Int32(exactly: image.height),
      let pitch = Int32(exactly: image.width * 4), let quality = Int32(exactly: quality)
    else { throw ScreenshotError(source: source, reason: .encodeFailed("image too large")) }
    var jpeg: UnsafeMutablePointer<UInt8>?
    var size: UInt = 0
    let status = image.pixels.withUnsafeBufferPointer {
      tjCompress2(
        handle, $0.baseAddress, width, pitch, height, cmyk ? CTJ_PF_CMYK : CTJ_PF_RGBA, &jpeg,
        &size, CTJ_SAMP_420,
        quality, 0)
    }
    defer { tjFree(jpeg) }
    guard status == 0, let jpeg else {
      throw ScreenshotError(source: source, reason: .encodeFailed(message(handle)))
    }
    return Array(UnsafeBufferPointer(start: jpeg, count: Int(size)))
  }

  /// The handle's last error as a ``ScreenshotError``: truncated when libjpeg says the file
  /// ended early, corrupt otherwise (a warning included, see the type's comment; "premature
  /// end of data segment" is damaged data inside a file that goes on).
  private static func failure(_ handle: tjhandle, source: String) -> ScreenshotError {
    let text = message(handle)
    let truncated = text.contains("Premature end of JPEG file")
    return ScreenshotError(
      source: source, reason: truncated ? .truncatedJPEG(text) : .corruptJPEG(text))
  }

  private static func message(_ handle: tjhandle) -> String {
    guard let text = tjGetErrorStr2(handle) else { return "unknown libjpeg-turbo error" }
    return String(cString: text)
  }
}
