import Screenshots

/// The decoded screenshots of the few unique pages compared last, so a run of similar visits
/// does not decode the same page again; bounded, so memory does not grow with the graph.
struct ScreenshotCache {
  let capacity: Int
  private var entries: [(page: Int64, image: RGBAImage)] = []

  init(capacity: Int) { self.capacity = capacity }

  mutating func image(for page: Int64, path: String) -> RGBAImage? {
    if let index = entries.firstIndex(where: { $0.page == page }) {
      let entry = entries.remove(at: index)
      entries.append(entry)
      return entry.image
    }
    guard let image = try? RGBAImage(contentsOfPNG: path) else { return nil }
    entries.append((page, image))
    if entries.count > capacity { entries.removeFirst() }
    return image
  }
}
