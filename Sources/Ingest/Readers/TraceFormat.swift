import Foundation

/// The trace layouts `m3m ingest` reads, and how a folder's layout is recognised.
public enum TraceFormat: String, Sendable, CaseIterable {
  /// A recorded episode folder with `record.json` (InterDroid layout).
  case episode
  /// An AppAgent task folder (`<task>_N.xml`, `<task>_N.png`, `log_*.txt`).
  case appagent
  /// One app of the Mobile3M release layout (`<app>_graph_<id>/`).
  case mobile3m
  /// m3m's own trace folder (`steps.jsonl`).
  case trace
  /// DroidBot output (`states/`, `events/`, `utg.js`).
  case droidbot
  /// A LlamaTouch trace (`0.xml`, `0.png`, …, `eventStructs.txt`).
  case llamatouch
  /// A folder of bare dumps (`*.xml`, with `*.png` of the same names) and no action log: each
  /// dump an unconnected screen.
  case dumps
  /// Android-in-the-Zoo episodes (`<episode>.json` steps with `result_action_type`, and one
  /// screenshot per step; no dumps): AITW's fields in JSON.
  case aitz

  /// The formats whose reader is built.
  public static let built: [TraceFormat] = [
    .episode, .appagent, .trace, .droidbot, .mobile3m, .llamatouch, .dumps, .aitz,
  ]

  /// Recognises a folder's layout.
  /// - Throws: ``IngestError`` when the folder is missing or matches no known layout.
  public static func detect(_ path: String) throws -> TraceFormat {
    switch FileLookup.kind(path) {
    case nil: throw IngestError(source: path, reason: "no such file or folder")
    case .file: throw IngestError(source: path, reason: "expected a trace folder, got a file")
    case .folder: break
    }
    // Listed once for every layout's test. A file a layout is recognised by (its reader's
    // `recognises`) is looked up only when listed (all are when the folder cannot be listed).
    let names = FileLookup.names(in: path)
    let listing = names ?? []
    let holds = { (name: String) in
      names?.contains(name) != false && FileLookup.exists(path + "/" + name)
    }
    if holds(EpisodeReader.recordFile) { return .episode }
    // Before AppAgent: an AitZ folder `E/` holds `E_0.png`, … as AppAgent's task folders do.
    if AitZReader.recognises(path, listing: listing) { return .aitz }
    if AppAgentReader.recognises(path, listing: listing) { return .appagent }
    if holds(Mobile3MReader.pageIndexFile) { return .mobile3m }
    if holds(TraceFolderReader.stepsFile) { return .trace }
    if DroidBotReader.recognises(path) { return .droidbot }
    if LlamaTouchReader.recognises(path) { return .llamatouch }
    if DumpFolderReader.recognises(path) { return .dumps }
    throw IngestError(
      source: path,
      reason:
        "unknown trace layout (expected record.json, log_*.txt, steps.jsonl, all_page_id.json, "
        + "utg.js, eventStructs.txt, *.xml dumps or an AitZ episode .json)"
    )
  }

  /// The sources inside `path`: the folder itself, or, for a folder that holds Mobile3M app
  /// folders (`<app>_graph_<id>/`) side by side, each of them, or, for one that holds AitZ
  /// episode folders (AitZ's `split/category/episode/`), each episode folder, or, for a folder
  /// of trace folders (AppAgent's `tasks/`), each of its folders whose layout is recognised.
  public static func expand(_ path: String) -> [String] {
    sources(in: path).map(\.path)
  }

  /// ``expand(_:)`` with the layout each source was recognised as while expanding (nil when it
  /// was not detected on the way: ``detect(_:)`` then tells it, or why it cannot be read), so a
  /// caller reading many small folders looks at each one once.
  public static func sources(in path: String) -> [(path: String, format: TraceFormat?)] {
    if let format = try? detect(path) { return [(path, format)] }
    let names = FileLookup.names(in: path) ?? []
    let apps = names.sorted().map { path + "/" + $0 }.filter(Mobile3MReader.recognises)
    if !apps.isEmpty { return apps.map { ($0, nil) } }
    let episodes = AitZReader.episodeFolders(under: path)
    if !episodes.isEmpty { return episodes.map { ($0, nil) } }
    let traces: [(path: String, format: TraceFormat?)] = names.sorted {
      $0.localizedStandardCompare($1) == .orderedAscending
    }.compactMap { name in
      let child = path + "/" + name
      return (try? detect(child)).map { (child, $0) }
    }
    return traces.isEmpty ? [(path, nil)] : traces
  }

  /// The steps of a source in this format.
  /// - Throws: ``IngestError`` for a format whose reader is not built yet, or an unreadable
  ///   source.
  public func steps(in path: String) throws -> AnySequence<TraceStep> {
    switch self {
    case .episode:
      return AnySequence(try EpisodeReader.steps(in: path))
    case .appagent:
      return AnySequence(try AppAgentReader.steps(in: path))
    case .trace:
      return AnySequence(try TraceFolderReader.steps(in: path))
    case .droidbot:
      return AnySequence(try DroidBotReader.steps(in: path))
    case .mobile3m:
      return AnySequence(try Mobile3MReader.steps(in: path))
    case .llamatouch:
      return AnySequence(try LlamaTouchReader.steps(in: path))
    case .dumps:
      return AnySequence(try DumpFolderReader.steps(in: path))
    case .aitz:
      return AnySequence(try AitZReader.steps(in: path))
    }
  }
}
