import Screenshots

/// The most recently used decoded screenshots, by the digest of their file bytes, so a run of
/// visits of the same screens does not decode them again. Bounded in bytes of decoded pixels
/// (not in images: one 4-megapixel screenshot is 16 MB), least recently used evicted first, so
/// memory does not grow with the graph or with the size of the screenshots.
struct ScreenshotCache {
  /// The most decoded bytes kept; an image larger than this on its own is decoded but not kept.
  let byteBudget: Int
  /// The most pixels a screenshot may have to be decoded at all (see
  /// ``RGBAImage/defaultMaximumPixels``).
  let maximumPixels: Int
  private var entries: [(digest: Int64, image: RGBAImage)] = []
  private(set) var bytes = 0

  init(
    byteBudget: Int = GraphIngester.Options.defaultImageCacheBytes,
    maximumPixels: Int = RGBAImage.defaultMaximumPixels
  ) {
    self.byteBudget = byteBudget
    self.maximumPixels = maximumPixels
  }

  /// The decoded image with this digest; `load` supplies the PNG or JPEG bytes on a miss (nil when
  /// there are none).
  /// - Throws: ``ScreenshotError`` when the bytes do not decode.
  mutating func image(digest: Int64, source: String, load: () -> [UInt8]?) throws -> RGBAImage? {
    if let index = entries.firstIndex(where: { $0.digest == digest }) {
      let entry = entries.remove(at: index)
      entries.append(entry)
      return entry.image
    }
    guard let bytes = load() else { return nil }
    let image = try RGBAImage(imageData: bytes, source: source, maximumPixels: maximumPixels)
    insert(image, digest: digest)
    return image
  }

  /// Keeps `image`, evicting the least recently used until the budget holds.
  mutating func insert(_ image: RGBAImage, digest: Int64) {
    let size = image.pixels.count
    guard size <= byteBudget else { return }
    entries.append((digest, image))
    bytes += size
    var evicted = 0
    while bytes > byteBudget {
      bytes -= entries[evicted].image.pixels.count
      evicted += 1
    }
    entries.removeFirst(evicted)
  }

  /// The digests kept, least recently used first.
  var digests: [Int64] { entries.map(\.digest) }
}
