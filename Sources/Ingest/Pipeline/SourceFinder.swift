import Foundation

/// The sources of a command's paths, found on a thread of their own while the command opens
/// its database and records the first ones: each path made absolute
/// (``IngestSource/standardPath(_:)``) and expanded with the layout of each source
/// (``TraceFormat/sources(in:)``), in the order of the paths.
///
/// Recognising the layouts of hundreds of small folders one after the other, before anything
/// else, took as long as opening the database and recording the first sources, with the
/// pipeline's workers idle; found here, they are ready as the pipeline reaches them (it waits
/// only for one not found yet). What is found, and its order, is what expanding the paths in
/// turn gives.
///
/// ```swift
/// let sources = SourceFinder(paths: arguments)   // starts looking
/// try openDatabase()
/// for (path, format) in sources { … }            // in order, each as soon as it is found
/// ```
public final class SourceFinder: Sequence, @unchecked Sendable {
  /// A source and the layout it was recognised as (nil when ``TraceFormat/detect(_:)`` is left
  /// to tell it, or why it cannot be read).
  public typealias Element = (path: String, format: TraceFormat?)

  // Guarded by `condition`.
  private let condition = NSCondition()
  private var found: [Element] = []
  private var isDone = false

  /// Starts finding the sources of `paths`.
  public init(paths: [String]) {
    Thread { [self] in
      for path in paths {
        let sources = TraceFormat.sources(in: IngestSource.standardPath(path))
        condition.withLock {
          found += sources
          condition.broadcast()
        }
      }
      condition.withLock {
        isDone = true
        condition.broadcast()
      }
    }.start()
  }

  /// The source at `index` once it is found; nil when there are not that many.
  public func source(at index: Int) -> Element? {
    condition.withLock {
      while index >= found.count && !isDone { condition.wait() }
      return index < found.count ? found[index] : nil
    }
  }

  /// All the sources, once every path is expanded.
  public var all: [Element] {
    condition.withLock {
      while !isDone { condition.wait() }
      return found
    }
  }

  /// True when there is more than one source (known once two are found).
  public var hasMany: Bool { source(at: 1) != nil }

  /// Iterates the sources in order, each as soon as it is found.
  public func makeIterator() -> Iterator { Iterator(finder: self) }

  /// The sources in order, waiting for each one not found yet.
  public struct Iterator: IteratorProtocol {
    let finder: SourceFinder
    var index = 0

    /// The next source, or nil after the last.
    public mutating func next() -> Element? {
      defer { index += 1 }
      return finder.source(at: index)
    }
  }
}
