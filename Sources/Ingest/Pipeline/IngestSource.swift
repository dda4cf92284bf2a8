/// One source of an ingest of many (``GraphIngester/ingest(sources:)``): its steps, in recorded
/// order, and what the graph records about it.
public struct IngestSource {
  /// The steps, read lazily (a step's parent must come before it).
  public var steps: AnySequence<TraceStep>
  /// The path the steps came from (recorded, and part of the fingerprint).
  public var path: String
  /// The reader's name.
  public var format: String
  /// What makes the source itself when it is not a file (a merged graph's source); by default
  /// the source's absolute path.
  public var identity: String?

  /// A source of `steps` read from `path` by the `format` reader.
  public init(
    steps: some Sequence<TraceStep>, path: String, format: String, identity: String? = nil
  ) {
    self.steps = AnySequence(steps)
    self.path = path
    self.format = format
    self.identity = identity
  }
}
