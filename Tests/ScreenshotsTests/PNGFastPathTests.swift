import Foundation
import Geometry
import TestSupport
import Testing

@testable import Screenshots

/// PNGs built by hand: rows filtered here with a chosen filter type each, compressed as stored
/// (uncompressed) deflate blocks, in chunks with their CRCs, so every byte the decoders see is
/// under the test's control.
enum HandBuiltPNG {
  /// The PNG of `width`×`height` pixels of `channels` 8-bit samples (`samples` row by row), row
  /// `y` filtered with `filters[y % filters.count]` (0 None … 4 Paeth). `rawRows` replaces the
  /// filtered data (to make it too short, too long or carry a bad filter type); `extraChunks`
  /// go between IHDR and IDAT; `idatSplit` cuts the compressed data into that many IDAT chunks.
  static func png(
    width: Int, height: Int, channels: Int, samples: [UInt8], filters: [UInt8],
    rawRows: [UInt8]? = nil, extraChunks: [(String, [UInt8])] = [], idatSplit: Int = 1
  ) -> [UInt8] {
    let colorType: UInt8 = [1: 0, 2: 4, 3: 2, 4: 6][channels]!
    let rows = rawRows ?? filtered(samples, width: width, height: height, bpp: channels, filters)
    var png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    png += chunk("IHDR", bigEndian(width) + bigEndian(height) + [8, colorType, 0, 0, 0])
    for (type, data) in extraChunks { png += chunk(type, data) }
    let stream = zlibStored(rows)
    let piece = (stream.count + idatSplit - 1) / idatSplit
    for start in stride(from: 0, to: stream.count, by: piece) {
      png += chunk("IDAT", Array(stream[start..<min(stream.count, start + piece)]))
    }
    png += chunk("IEND", [])
    return png
  }

  /// Each row prefixed by its filter type and filtered with it, as an encoder does.
  static func filtered(
    _ samples: [UInt8], width: Int, height: Int, bpp: Int, _ filters: [UInt8]
  ) -> [UInt8] {
    let rowBytes = width * bpp
    var out: [UInt8] = []
    for y in 0..<height {
      let filter = filters[y % filters.count]
      out.append(filter)
      for i in 0..<rowBytes {
        let x = Int(samples[y * rowBytes + i])
        let a = i >= bpp ? Int(samples[y * rowBytes + i - bpp]) : 0
        let b = y > 0 ? Int(samples[(y - 1) * rowBytes + i]) : 0
        let c = y > 0 && i >= bpp ? Int(samples[(y - 1) * rowBytes + i - bpp]) : 0
        let predicted: Int
        switch filter {
        case 1: predicted = a
        case 2: predicted = b
        case 3: predicted = (a + b) / 2
        case 4:
          let p = a + b - c
          let (pa, pb, pc) = (abs(p - a), abs(p - b), abs(p - c))
          predicted = pa <= pb && pa <= pc ? a : (pb <= pc ? b : c)
        default: predicted = 0
        }
        out.append(UInt8(truncatingIfNeeded: x - predicted))
      }
    }
    return out
  }

  /// A zlib stream of stored deflate blocks (no compression) with its Adler-32.
  static func zlibStored(_ data: [UInt8]) -> [UInt8] {
    var out: [UInt8] = [0x78, 0x01]
    var start = 0
    repeat {
      let end = min(data.count, start + 65_535)
      let length = end - start
      out.append(end == data.count ? 1 : 0)
      out += [
        UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8 & 0xFF),
      ]
      out += data[start..<end]
      start = end
    } while start < data.count
    var (s1, s2): (UInt32, UInt32) = (1, 0)
    for byte in data {
      s1 = (s1 + UInt32(byte)) % 65_521
      s2 = (s2 + s1) % 65_521
    }
    return out + bigEndian(Int(s2 << 16 | s1))
  }

  static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
    let typed = Array(type.utf8) + data
    return bigEndian(data.count) + typed + bigEndian(Int(CRC32.checksum(typed[...])))
  }

  static func bigEndian(_ value: Int) -> [UInt8] {
    [
      UInt8(value >> 24 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF),
      UInt8(value & 0xFF),
    ]
  }

  /// The PNG with the chunk starting at `offset` given a correct CRC again (after a change).
  static func fixingCRC(_ png: [UInt8], chunkAt offset: Int) -> [UInt8] {
    var png = png
    let length = png[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
    let end = offset + 8 + length
    png.replaceSubrange(
      end..<(end + 4), with: bigEndian(Int(CRC32.checksum(png[(offset + 4)..<end]))))
    return png
  }

  /// Samples that exercise every predictor: gradients, edges and noise.
  static func samples(width: Int, height: Int, channels: Int, seed: UInt64) -> [UInt8] {
    var generator = SeededGenerator(seed: seed)
    return (0..<(width * height * channels)).map { index in
      let pixel = index / channels
      let (x, y) = (pixel % width, pixel / width)
      switch (x + y) % 3 {
      case 0: return UInt8(truncatingIfNeeded: x * 37 + y * 11 + index % channels * 60)
      case 1: return UInt8.random(in: 0...255, using: &generator)
      default: return y % 2 == 0 ? 255 : 0
      }
    }
  }
}

/// The fast PNG path against libpng: the same pixels or the same typed error, on every input.
@Suite("PNG fast path (libdeflate) decodes as libpng does")
struct PNGFastPathTests {
  /// Decodes `bytes` both ways and requires the same outcome; returns the fast path's own
  /// outcome.
  @discardableResult
  static func expectSameAsLibPNG(
    _ bytes: [UInt8], source: String = "shot.png", _ label: String? = nil
  ) -> PNGDecoder.FastPathOutcome? {
    let label = label ?? source
    let reference = Result { try RGBAImage(pngData: bytes, source: source, decoder: .libpng) }
    let automatic = Result { try RGBAImage(pngData: bytes, source: source) }
    switch (reference, automatic) {
    case (.success(let expected), .success(let got)):
      #expect(got == expected, "\(label): pixels differ from libpng's")
    case (.failure(let expected), .failure(let got)):
      let expected = expected as? ScreenshotError
      let got = got as? ScreenshotError
      #expect(got != nil && got == expected, "\(label): \(String(describing: got))")
      #expect(got?.description.hasPrefix(source + ": ") == true)
    default:
      Issue.record("\(label): libpng \(reference), fast path \(automatic)")
    }
    guard let info = try? PNGInfo(pngData: bytes, source: source),
      let pixelCount = info.pixelCount, pixelCount <= RGBAImage.defaultMaximumPixels
    else { return nil }
    let (outcome, pixels) = PNGDecoder.fastPathPixels(bytes, width: info.width, height: info.height)
    if let pixels {
      // Whatever the fast path decodes, libpng decodes too, to the same pixels.
      #expect(pixels == (try? reference.get())?.pixels, "\(label)")
    }
    return outcome
  }

  @Test("the chunk CRC-32 is ISO 3309's (the standard check value, and an empty input)")
  func crc32() {
    #expect(CRC32.checksum(Array("123456789".utf8)[...]) == 0xCBF4_3926)
    #expect(CRC32.checksum([][...]) == 0)
  }

  @Test(
    "each filter type, first row included, for grey, grey+alpha, RGB and RGBA",
    arguments: [1, 2, 3, 4])
  func filterTypes(channels: Int) throws {
    let (width, height) = (13, 11)
    let samples = HandBuiltPNG.samples(
      width: width, height: height, channels: channels, seed: UInt64(channels))
    var expected = [UInt8]()
    for pixel in 0..<(width * height) {
      let s = Array(samples[(pixel * channels)..<((pixel + 1) * channels)])
      switch channels {
      case 1: expected += [s[0], s[0], s[0], 255]
      case 2: expected += [s[0], s[0], s[0], s[1]]
      case 3: expected += s + [255]
      default: expected += s
      }
    }
    // Every filter on the first row once (its above row is zeros), then rows mixing all five.
    for first in UInt8(0)...4 {
      let filters = (0..<5).map { (first + UInt8($0)) % 5 }
      let png = HandBuiltPNG.png(
        width: width, height: height, channels: channels, samples: samples, filters: filters,
        idatSplit: Int(first) + 1)
      let (outcome, pixels) = PNGDecoder.fastPathPixels(png, width: width, height: height)
      #expect(outcome == .decoded)
      #expect(pixels == expected, "filters \(filters)")
      #expect(try RGBAImage(pngData: png, source: "f.png", decoder: .libpng).pixels == expected)
    }
    // One filter type for the whole image, wide enough for the SIMD loops.
    let wide = HandBuiltPNG.samples(width: 67, height: 9, channels: channels, seed: 99)
    for filter in UInt8(0)...4 {
      let png = HandBuiltPNG.png(
        width: 67, height: 9, channels: channels, samples: wide, filters: [filter])
      #expect(Self.expectSameAsLibPNG(png, "filter \(filter)") == .decoded)
    }
  }

  @Test("palette, 16-bit, low-depth, interlaced and tRNS images are left to libpng")
  func unsupportedKinds() throws {
    let samples = [UInt8](repeating: 1, count: 12 * 4)
    func encode(channels: Int, depth: Int = 8, palette: Int = 0, interlace: Bool = false) throws
      -> [UInt8]
    {
      try PNGEncoder.encode(
        Array(samples.prefix(3 * 2 * channels * max(1, depth / 8))), width: 3, height: 2,
        channels: channels, bitDepth: depth, palette: palette, interlace: interlace, fast: false,
        source: "fixture")
    }
    let kinds = [
      try encode(channels: 1, palette: 4), try encode(channels: 3, depth: 16),
      try encode(channels: 1, depth: 4), try encode(channels: 4, interlace: true),
      HandBuiltPNG.png(
        width: 2, height: 1, channels: 3, samples: [9, 9, 9, 1, 2, 3], filters: [0],
        extraChunks: [("tRNS", [0, 9, 0, 9, 0, 9])]),
    ]
    for png in kinds { #expect(Self.expectSameAsLibPNG(png) == .unsupported) }
    // tRNS made the matching colour transparent, as libpng does.
    let transparent = try RGBAImage(pngData: kinds[4], source: "t.png")
    #expect(transparent.pixel(x: 0, y: 0).a == 0 && transparent.pixel(x: 1, y: 0).a == 255)
  }

  /// RGBA Paeth rows go four at a time where the processor has AVX2 (fewer at a run's end).
  @Test("runs of 1 to 7 Paeth rows between other filters, 1 to 9 pixels wide and wide")
  func paethRuns() throws {
    // Runs of every length up to 7 (a full four and 1, 2 or 3 more), each ended by another
    // filter, and the image's last rows Paeth.
    let filters: [UInt8] = [2, 4, 1, 4, 4, 3, 4, 4, 4, 0, 4, 4, 4, 4, 2, 4, 4, 4, 4, 4, 4, 4]
    for width in Array(1...9) + [67, 1080] {
      for channels in [4, 3] {
        let height = filters.count
        let samples = HandBuiltPNG.samples(
          width: width, height: height, channels: channels, seed: UInt64(width))
        let png = HandBuiltPNG.png(
          width: width, height: height, channels: channels, samples: samples, filters: filters)
        #expect(Self.expectSameAsLibPNG(png, "\(width) wide, \(channels) channels") == .decoded)
        // Rows of extremes: every tie between the predictor's distances.
        let extremes = samples.map { [0, 255, 128, 1][Int($0) % 4] as UInt8 }
        let tied = HandBuiltPNG.png(
          width: width, height: height, channels: channels, samples: extremes, filters: filters)
        #expect(Self.expectSameAsLibPNG(tied, "\(width) wide, extremes") == .decoded)
      }
    }
  }

  @Test("images m3m encodes (Sub filter, and libpng's adaptive filters) decode on the fast path")
  func ownEncoder() throws {
    var image = RGBAImage(width: 301, height: 203, fill: .lightGray)
    image.fill(Bounds(left: 10, top: 20, right: 200, bottom: 90), with: .blue)
    image.draw("Settings 12:45", at: Point(x: 12, y: 120), scale: 3)
    for y in 150..<203 {
      for x in 0..<301 { image.pixels[(y * 301 + x) * 4] = UInt8(truncatingIfNeeded: x * y) }
    }
    for fast in [true, false] {
      let png = try image.pngData(fast: fast)
      #expect(Self.expectSameAsLibPNG(png) == .decoded)
      #expect(try RGBAImage(pngData: png, source: "own.png") == image)
    }
  }

  @Test("wrong row data: short, long, a bad filter type: libpng's verdict stands")
  func wrongRowData() throws {
    let samples = HandBuiltPNG.samples(width: 8, height: 6, channels: 4, seed: 5)
    let rows = HandBuiltPNG.filtered(samples, width: 8, height: 6, bpp: 4, [4, 1, 2])
    var badFilter = rows
    badFilter[3 * 33] = 5
    let cases: [(String, [UInt8])] = [
      ("a row short", Array(rows.dropLast(33))), ("a byte short", Array(rows.dropLast())),
      ("a byte long", rows + [0]), ("a row long", rows + rows.suffix(33)),
      ("filter type 5", badFilter), ("empty", []),
    ]
    for (name, raw) in cases {
      let png = HandBuiltPNG.png(
        width: 8, height: 6, channels: 4, samples: samples, filters: [0], rawRows: raw)
      #expect(Self.expectSameAsLibPNG(png, "\(name)") == .declined, "\(name)")
    }
    // Too little data is a typed truncation, a bad filter type a typed corruption, naming the file.
    let short = HandBuiltPNG.png(
      width: 8, height: 6, channels: 4, samples: samples, filters: [0], rawRows: cases[0].1)
    #expect(throws: ScreenshotError.self) { try RGBAImage(pngData: short, source: "s.png") }
  }

  @Test(
    "a wrong Adler-32 under right CRCs decodes on the fast path, as libpng (told to) decodes it")
  func adlerNotChecked() throws {
    let samples = HandBuiltPNG.samples(width: 40, height: 9, channels: 4, seed: 11)
    let good = HandBuiltPNG.png(
      width: 40, height: 9, channels: 4, samples: samples, filters: [4, 1, 3, 2, 0])
    let idat = try #require(Self.offset(of: "IDAT", in: good))
    let length = good[idat..<(idat + 4)].reduce(0) { $0 << 8 | Int($1) }
    var wrong = good
    // The stream's last four bytes are its Adler-32.
    for index in (idat + 8 + length - 4)..<(idat + 8 + length) { wrong[index] ^= 0x5A }
    let bytes = HandBuiltPNG.fixingCRC(wrong, chunkAt: idat)
    #expect(Self.expectSameAsLibPNG(bytes, "wrong Adler-32") == .decoded)
    #expect(
      try RGBAImage(pngData: bytes, source: "a.png") == RGBAImage(pngData: good, source: "g.png"))
    // Without the checksum's four bytes after the stream, libpng judges (as zlib would).
    var short = good
    short.removeSubrange((idat + 8 + length - 4)..<(idat + 8 + length))
    short.replaceSubrange(idat..<(idat + 4), with: HandBuiltPNG.bigEndian(length - 4))
    #expect(Self.expectSameAsLibPNG(HandBuiltPNG.fixingCRC(short, chunkAt: idat)) == .declined)
  }

  @Test(
    "truncated, bit-flipped and rewritten PNGs never crash and match libpng", arguments: [1, 3, 4])
  func damaged(channels: Int) throws {
    let samples = HandBuiltPNG.samples(width: 19, height: 7, channels: channels, seed: 7)
    let stored = HandBuiltPNG.png(
      width: 19, height: 7, channels: channels, samples: samples, filters: [4, 3, 1, 2, 0],
      idatSplit: 3)
    var image = RGBAImage(width: 37, height: 23, fill: .white)
    image.draw("Hi", at: Point(x: 2, y: 2), scale: 2)
    let compressed = try image.pngData(fast: false)
    var generator = SeededGenerator(seed: UInt64(channels))
    for good in [stored, compressed] {
      #expect(Self.expectSameAsLibPNG(good) == .decoded)
      // Cut anywhere.
      for cut in stride(from: 0, to: good.count, by: max(1, good.count / 60)) {
        Self.expectSameAsLibPNG(Array(good.prefix(cut)), "cut at \(cut)")
      }
      // Bits flipped: the CRCs catch them.
      for _ in 0..<60 {
        var bytes = good
        bytes[Int.random(in: 8..<bytes.count, using: &generator)] ^=
          1
          << UInt8.random(
            in: 0...7, using: &generator)
        Self.expectSameAsLibPNG(bytes, "bit flip")
      }
      // Bytes rewritten inside the first IDAT with its CRC made right again: the damage reaches
      // the inflater and the unfiltering.
      let idat = try #require(Self.offset(of: "IDAT", in: good))
      let length = good[idat..<(idat + 4)].reduce(0) { $0 << 8 | Int($1) }
      for _ in 0..<60 {
        var bytes = good
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
          bytes[idat + 8 + Int.random(in: 0..<length, using: &generator)] = UInt8.random(
            in: 0...255, using: &generator)
        }
        Self.expectSameAsLibPNG(HandBuiltPNG.fixingCRC(bytes, chunkAt: idat), "IDAT rewritten")
      }
      // Lengths that point past the end, a second IHDR, an unknown critical chunk, no IEND.
      var huge = good
      huge.replaceSubrange(idat..<(idat + 4), with: [0x7F, 0xFF, 0xFF, 0xF0])
      var unknown = good
      unknown.replaceSubrange((idat + 4)..<(idat + 8), with: Array("IDAX".utf8))
      let ihdr = Array(good[8..<33])
      let extra: [[UInt8]] = [
        huge, HandBuiltPNG.fixingCRC(unknown, chunkAt: idat),
        Array(good[..<33]) + ihdr + Array(good[33...]), Array(good.dropLast(12)),
      ]
      for bytes in extra { #expect(Self.expectSameAsLibPNG(bytes) == .declined) }
    }
  }

  static func offset(of type: String, in png: [UInt8]) -> Int? {
    var offset = 8
    while offset + 12 <= png.count {
      let length = png[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
      if png[(offset + 4)..<(offset + 8)].elementsEqual(type.utf8) { return offset }
      offset += length + 12
    }
    return nil
  }
}

/// Every real PNG screenshot decodes to the same bytes on the fast path as with libpng.
@Suite(
  "Real screenshots: fast path = libpng (../shared/realdata, evaldata)",
  .enabled(if: Fixtures.hasRealData, "\(Fixtures.realDataMissing)"))
struct RealScreenshotFastPathTests {
  @Test("byte-identical pixels (or the same error) on every real PNG")
  func everyRealPNG() throws {
    var files = Fixtures.files(under: Fixtures.realData, suffixes: [".png"])
    if FileManager.default.fileExists(atPath: Fixtures.evalData.path) {
      files += Fixtures.files(under: Fixtures.evalData, suffixes: [".png"])
    } else {
      print("evaldata skipped: \(Fixtures.evalData.path) is absent")
    }
    var outcomes: [PNGDecoder.FastPathOutcome: Int] = [:]
    for url in files {
      let bytes = [UInt8](try Data(contentsOf: url))
      guard ImageFormat(sniffing: bytes) == .png else { continue }  // DroidBot's JPEGs
      if let outcome = PNGFastPathTests.expectSameAsLibPNG(bytes, source: url.path) {
        outcomes[outcome, default: 0] += 1
      }
    }
    // The real screenshots are RGBA and RGB: they take the fast path.
    #expect(outcomes[.decoded] ?? 0 >= 100, "\(outcomes)")
  }
}
