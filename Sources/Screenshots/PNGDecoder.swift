internal import CPNGSupport

/// Which code decodes a PNG's pixels
/// (``RGBAImage/init(pngData:source:maximumPixels:decoder:)``).
///
/// Screenshots are 8-bit RGBA or RGB PNGs, and decoding them is most of the pixel path's time:
/// libpng inflates through zlib in small steps and unfilters a row at a time. The fast path
/// inflates all the image data with one libdeflate call into the output itself and unfilters
/// it in place (Paeth rows four at a time with AVX2 where present, else two with SSE2), about
/// three times as fast on real 1080×2400 screenshots; it gives the same pixels byte for byte
/// (tested on every real screenshot).
public enum PNGDecoder: Sendable, Hashable {
  /// The fast path for 8-bit grey, grey+alpha, RGB and RGBA images, not interlaced, without
  /// palette or `tRNS`; libpng for every other image, and for any file in which the fast path
  /// finds anything wrong (a bad length, CRC, filter type or compressed stream, a row count
  /// that is not the header's): libpng's pixels or typed error then stand.
  case automatic
  /// libpng for every image: the reference the fast path is tested and benchmarked against.
  case libpng

  /// What the fast path made of a PNG.
  enum FastPathOutcome: Sendable, Hashable {
    /// The pixels are decoded.
    case decoded
    /// Not the common case (palette, 16-bit or under 8 bits, interlaced, `tRNS`).
    case unsupported
    /// Something is wrong with the file: libpng decides.
    case declined
  }

  /// Runs the fast path over `bytes` for a `width`×`height` image (from the header) into
  /// `pixels`, which holds at least `width * height * 4` bytes (with `height` more, RGBA is
  /// inflated in place); `pixels` holds anything unless the outcome is `.decoded`.
  static func fastPath(
    _ bytes: UnsafeBufferPointer<UInt8>, width: Int, height: Int,
    into pixels: UnsafeMutableBufferPointer<UInt8>
  ) -> FastPathOutcome {
    guard let width = UInt32(exactly: width), let height = UInt32(exactly: height) else {
      return .unsupported
    }
    let status = cpng_fast_decode_rgba(
      bytes.baseAddress, bytes.count, width, height, pixels.baseAddress, pixels.count)
    switch status {
    case CPNG_FAST_DONE: return .decoded
    case CPNG_FAST_UNSUPPORTED: return .unsupported
    default: return .declined
    }
  }

  /// The fast path alone (tests and the benchmark's checks): the pixels, or the outcome that
  /// kept it from giving them.
  static func fastPathPixels(_ bytes: [UInt8], width: Int, height: Int) -> (
    FastPathOutcome, [UInt8]?
  ) {
    var outcome = FastPathOutcome.declined
    let count = width * height * 4
    let pixels = [UInt8](unsafeUninitializedCapacity: count + height) { buffer, initialized in
      outcome = bytes.withUnsafeBufferPointer {
        fastPath($0, width: width, height: height, into: buffer)
      }
      initialized = outcome == .decoded ? count : 0
    }
    return (outcome, outcome == .decoded ? pixels : nil)
  }
}
