import Screenshots

/// The decoded screenshots of unique pages, by page, so the visits compared with a page do not
/// decode its screenshot again. Kept as ``CompactFrame``s (runs of equal rows and of equal
/// pixels stored once: a real 1080×2400 screen's 10.4 MB become 0.4–9.7 MB, 1.8 MB on average)
/// and bounded in the bytes they hold (not in images), least recently used evicted first, so
/// memory does not grow with the graph or with the size of the screenshots.
///
/// Only a page's own frame is kept: a visit's screenshot is decoded outside the cache and goes
/// into it only when the visit becomes a new page.
///
/// ```swift
/// var cache = PageFrameCache(byteBudget: 96 << 20)
/// cache.insert(CompactFrame(image), page: 7, digest: digest)
/// cache.frame(page: 7)   // the frame, now the most recently used
/// ```
struct PageFrameCache {
  /// A page's decoded screenshot and the digest of the file it was decoded from.
  struct Entry {
    var page: Int64
    var digest: Int64
    var frame: CompactFrame
  }

  /// The most decoded bytes kept; a frame larger than this on its own is not kept.
  let byteBudget: Int
  private var entries: [Entry] = []
  /// The decoded bytes kept (never above ``byteBudget``).
  private(set) var bytes = 0

  init(byteBudget: Int) {
    self.byteBudget = max(byteBudget, 0)
  }

  /// The frame of `page` decoded from a file with `digest` (a page's screenshot never changes,
  /// but a graph rolled back and written again may reuse the id); nil when not kept.
  mutating func frame(page: Int64, digest: Int64) -> CompactFrame? {
    guard let index = entries.lastIndex(where: { $0.page == page }) else { return nil }
    let entry = entries.remove(at: index)
    guard entry.digest == digest else {
      bytes -= entry.frame.byteCount
      return nil
    }
    entries.append(entry)
    return entry.frame
  }

  /// Keeps `frame` as the frame of `page`, evicting the least recently used until the budget
  /// holds.
  mutating func insert(_ frame: CompactFrame, page: Int64, digest: Int64) {
    let size = frame.byteCount
    guard size <= byteBudget else { return }
    if let index = entries.firstIndex(where: { $0.page == page }) {
      bytes -= entries.remove(at: index).frame.byteCount
    }
    var evicted = 0
    while bytes + size > byteBudget {
      bytes -= entries[evicted].frame.byteCount
      evicted += 1
    }
    entries.removeFirst(evicted)
    entries.append(Entry(page: page, digest: digest, frame: frame))
    bytes += size
  }

  /// Forgets every frame (the pages they belong to may be rolled back).
  mutating func removeAll() {
    entries.removeAll()
    bytes = 0
  }

  /// The pages kept, least recently used first.
  var pages: [Int64] { entries.map(\.page) }
}
