import Screenshots

/// The last few decoded screenshots, by the digest of their PNG bytes, so a run of visits of
/// the same screens does not decode them again; bounded, so memory does not grow with the graph.
struct ScreenshotCache {
  let capacity: Int
  private var entries: [(digest: Int64, image: RGBAImage)] = []

  init(capacity: Int) { self.capacity = capacity }

  /// The decoded image with this digest; `load` supplies the PNG bytes on a miss (nil when
  /// there are none).
  /// - Throws: ``ScreenshotError`` when the bytes do not decode.
  mutating func image(digest: Int64, source: String, load: () -> [UInt8]?) throws -> RGBAImage? {
    if let index = entries.firstIndex(where: { $0.digest == digest }) {
      let entry = entries.remove(at: index)
      entries.append(entry)
      return entry.image
    }
    guard let bytes = load() else { return nil }
    let image = try RGBAImage(pngData: bytes, source: source)
    entries.append((digest, image))
    if entries.count > capacity { entries.removeFirst() }
    return image
  }
}
