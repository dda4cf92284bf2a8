import Foundation
import GraphStore
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
  private var files: [CorpusSplit: (handle: FileHandle, output: FileTextOutput)] = [:]
  private var firstInFile: Set<CorpusSplit> = []
  private let samplesHandle: FileHandle
  private var samples: FileTextOutput
  private var imageNames: [String: String] = [:]

  /// Creates (or empties) the corpus folder's files.
  public init(folder: URL, format: CorpusFormat, images: ImageMode) throws {
    self.folder = folder
    self.format = format
    self.images = images
    try FileManager.default.createDirectory(
      at: folder.appendingPathComponent("images"), withIntermediateDirectories: true)
    samplesHandle = try Self.create(folder.appendingPathComponent("samples.jsonl"))
    samples = FileTextOutput(samplesHandle)
  }

  /// Adds one sample.
  public func write(_ sample: TaskSample) throws {
    let paths = try sample.images.map { try corpusImage($0, app: sample.app) }
    let json = JSONText.string
    var record = "{\"conversations\":[{\"from\":"
    switch format {
    case .qwen:
      let pictures = paths.enumerated().map {
        "Picture \($0.offset + 1): <img>\($0.element)</img>\n"
      }
      record +=
        "\"user\",\"value\":\(json(pictures.joined() + sample.instruction))},"
        + "{\"from\":\"assistant\",\"value\":\(json(sample.target))}],\"id\":\(json(sample.id))}"
    case .llava:
      let user = String(repeating: "<image>\n", count: paths.count) + sample.instruction
      record +=
        "\"human\",\"value\":\(json(user))},{\"from\":\"gpt\",\"value\":\(json(sample.target))}],"
        + "\"id\":\(json(sample.id)),"
        + (paths.count == 1
          ? "\"image\":\(json(paths[0]))}"
          : "\"images\":[\(paths.map(json).joined(separator: ","))]}")
    }
    let split = sample.split
    if files[split] == nil { try open(split) }
    if format == .qwen {
      files[split]!.output.write(firstInFile.insert(split).inserted ? "\n" : ",\n")
      files[split]!.output.write(record)
    } else {
      files[split]!.output.write(record + "\n")
    }
    samples.write(Self.metadata(sample) + "\n")
  }

  /// The `samples.jsonl` line of a sample (keys sorted, as `JSONEncoder` with `.sortedKeys`).
  static func metadata(_ sample: TaskSample) -> String {
    let json = JSONText.string
    var fields: [(String, String)] = [
      ("app", json(sample.app)),
      ("hierarchies", "[" + sample.hierarchies.map(json).joined(separator: ",") + "]"),
      ("id", json(sample.id)),
      ("images", "[" + sample.images.map(json).joined(separator: ",") + "]"),
      ("instruction", json(sample.instruction)), ("page", String(sample.page)),
      ("split", json(sample.split.rawValue)), ("target", json(sample.target)),
      ("task", json(sample.task.rawValue)),
    ]
    if let parent = sample.parentPage { fields.append(("parentPage", String(parent))) }
    if let text = sample.referringText { fields.append(("referringText", json(text))) }
    if let text = sample.inputText { fields.append(("inputText", json(text))) }
    fields.sort { $0.0 < $1.0 }
    return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
  }

  /// Closes the files and writes `summary.json`.
  public func finish(summary: CorpusSummary, settings: [String: String]) throws {
    for (split, file) in files {
      if format == .qwen { files[split]!.output.write("\n]\n") }
      files[split]!.output.flush()
      try file.handle.close()
    }
    samples.flush()
    try samplesHandle.close()
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

  private func open(_ split: CorpusSplit) throws {
    let name = split.rawValue + (format == .qwen ? ".json" : ".jsonl")
    let handle = try Self.create(folder.appendingPathComponent(name))
    var output = FileTextOutput(handle)
    if format == .qwen { output.write("[") }
    files[split] = (handle, output)
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
