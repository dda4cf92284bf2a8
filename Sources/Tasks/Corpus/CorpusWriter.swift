import Foundation
import UIHierarchy

/// Writes samples into a corpus folder: one training file per split in the chosen format,
/// `samples.jsonl` (every sample with its task, split, pages, target and source files),
/// `images/` (screenshots linked or copied, named by app and a hash of their source path so
/// two files never collide) and, at the end, `summary.json`.
///
/// Image paths inside the training files are relative to the corpus folder.
public final class CorpusWriter {
  /// The corpus folder.
  public let folder: URL
  private let format: CorpusFormat
  private let images: ImageMode
  private var files: [CorpusSplit: FileHandle] = [:]
  private var firstInFile: Set<CorpusSplit> = []
  private let samples: FileHandle
  private var imageNames: [String: String] = [:]
  private let encoder: JSONEncoder = {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return encoder
  }()

  /// Creates (or empties) the corpus folder's files.
  public init(folder: URL, format: CorpusFormat, images: ImageMode) throws {
    self.folder = folder
    self.format = format
    self.images = images
    try FileManager.default.createDirectory(
      at: folder.appendingPathComponent("images"), withIntermediateDirectories: true)
    samples = try Self.create(folder.appendingPathComponent("samples.jsonl"))
  }

  /// Adds one sample.
  public func write(_ sample: TaskSample) throws {
    let paths = try sample.images.map { try corpusImage($0, app: sample.app) }
    let line: Data
    switch format {
    case .qwen:
      let pictures = paths.enumerated().map {
        "Picture \($0.offset + 1): <img>\($0.element)</img>\n"
      }
      let record = QwenRecord(
        id: sample.id,
        conversations: [
          Turn(from: "user", value: pictures.joined() + sample.instruction),
          Turn(from: "assistant", value: sample.target),
        ])
      line = try encoder.encode(record)
    case .llava:
      let record = LLaVARecord(
        id: sample.id, image: paths.count == 1 ? paths[0] : nil,
        images: paths.count > 1 ? paths : nil,
        conversations: [
          Turn(
            from: "human",
            value: String(repeating: "<image>\n", count: paths.count) + sample.instruction),
          Turn(from: "gpt", value: sample.target),
        ])
      line = try encoder.encode(record)
    }
    let handle = try file(for: sample.split)
    switch format {
    case .qwen:
      handle.write(Data((firstInFile.insert(sample.split).inserted ? "\n" : ",\n").utf8))
      handle.write(line)
    case .llava:
      handle.write(line + Data("\n".utf8))
    }
    samples.write(try encoder.encode(sample) + Data("\n".utf8))
  }

  /// Closes the files and writes `summary.json`.
  public func finish(summary: CorpusSummary, settings: [String: String]) throws {
    for (_, handle) in files {
      if format == .qwen { handle.write(Data("\n]\n".utf8)) }
      try handle.close()
    }
    try samples.close()
    struct SummaryFile: Encodable {
      var settings: [String: String]
      var summary: CorpusSummary
      var total: Int
    }
    let pretty = JSONEncoder()
    pretty.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    try pretty.encode(SummaryFile(settings: settings, summary: summary, total: summary.total))
      .write(to: folder.appendingPathComponent("summary.json"))
  }

  private func file(for split: CorpusSplit) throws -> FileHandle {
    if let handle = files[split] { return handle }
    let name = split.rawValue + (format == .qwen ? ".json" : ".jsonl")
    let handle = try Self.create(folder.appendingPathComponent(name))
    if format == .qwen { handle.write(Data("[".utf8)) }
    files[split] = handle
    return handle
  }

  /// The screenshot's path inside the corpus, linking or copying it the first time.
  private func corpusImage(_ source: String, app: String) throws -> String {
    if let known = imageNames[source] { return known }
    let stem = ((source as NSString).lastPathComponent as NSString).deletingPathExtension
    let hash = String(FNV1a.hash(Array(source.utf8)) & 0xFFFF_FFFF, radix: 16)
    let safeApp = app.map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "_" ? $0 : "_" }
    let relative = "images/\(String(safeApp))/\(stem)-\(hash).png"
    let destination = folder.appendingPathComponent(relative)
    if images != .none {
      try FileManager.default.createDirectory(
        at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
      try? FileManager.default.removeItem(at: destination)
      let absolute = URL(fileURLWithPath: source).standardizedFileURL
      do {
        if images == .link {
          try FileManager.default.createSymbolicLink(at: destination, withDestinationURL: absolute)
        } else {
          try FileManager.default.copyItem(at: absolute, to: destination)
        }
      } catch {
        throw TaskError(
          source: source, reason: "cannot \(images.rawValue) the screenshot: \(error)")
      }
    }
    imageNames[source] = relative
    return relative
  }

  private static func create(_ url: URL) throws -> FileHandle {
    guard FileManager.default.createFile(atPath: url.path, contents: nil),
      let handle = FileHandle(forWritingAtPath: url.path)
    else { throw TaskError(source: url.path, reason: "cannot create the file") }
    return handle
  }
}
