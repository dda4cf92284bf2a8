import FileIO
import Foundation
import GraphStore
import UIHierarchy

/// Writes samples into a corpus folder: one training file per split in the chosen format,
/// `samples.jsonl` (every sample with its task, split, pages, target and source files),
/// `images/` (screenshots linked or copied, named by app and a hash of their source path so
/// two files never collide) and, at the end, `summary.json`.
///
/// Image paths inside the training files are relative to the corpus folder. Every file is
/// written beside its final name and renamed into place by ``finish(summary:settings:)``: a
/// build that fails (a full disk, a file-size limit) leaves no partial file, and the files of
/// an earlier build as they were.
public final class CorpusWriter {
  /// The corpus folder.
  public let folder: URL
  private let format: CorpusFormat
  private let images: ImageMode
  private let inputs: [String]
  private var files: [CorpusSplit: (file: OutputFile, output: FileTextOutput)] = [:]
  private var firstInFile: Set<CorpusSplit> = []
  private let samplesFile: OutputFile
  private var samples: FileTextOutput
  private var imageNames: [String: String] = [:]

  /// Makes the corpus folder and starts its files.
  /// - Parameter inputs: files the build reads (the graph): no output may replace one.
  /// - Throws: ``OutputError`` when the folder cannot be made or a file cannot be written.
  public init(folder: URL, format: CorpusFormat, images: ImageMode, inputs: [String] = []) throws {
    self.folder = folder
    self.format = format
    self.images = images
    self.inputs = inputs
    try Self.makeFolder(folder.appendingPathComponent("images"))
    samplesFile = try OutputFile(
      path: folder.appendingPathComponent("samples.jsonl").path, inputs: inputs)
    samples = FileTextOutput(samplesFile)
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
    try files[split]!.output.check()
    samples.write(Self.metadata(sample) + "\n")
    try samples.check()
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

  /// Completes the files, writes `summary.json` and renames every file into place.
  public func finish(summary: CorpusSummary, settings: [String: String]) throws {
    for split in files.keys {
      if format == .qwen { files[split]!.output.write("\n]\n") }
      try files[split]!.output.flush()
    }
    try samples.flush()
    struct SummaryFile: Encodable {
      var settings: [String: String]
      var summary: CorpusSummary
      var total: Int
    }
    let pretty = JSONEncoder()
    pretty.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    let summaryFile = try OutputFile(
      path: folder.appendingPathComponent("summary.json").path, inputs: inputs)
    try summaryFile.write(
      pretty.encode(SummaryFile(settings: settings, summary: summary, total: summary.total)))
    for split in files.keys.sorted(by: { $0.rawValue < $1.rawValue }) {
      try files[split]!.file.commit()
    }
    try samplesFile.commit()
    try summaryFile.commit()
  }

  private func open(_ split: CorpusSplit) throws {
    let name = split.rawValue + (format == .qwen ? ".json" : ".jsonl")
    let file = try OutputFile(path: folder.appendingPathComponent(name).path, inputs: inputs)
    var output = FileTextOutput(file)
    if format == .qwen { output.write("[") }
    files[split] = (file, output)
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
      try Self.makeFolder(destination.deletingLastPathComponent())
      let absolute = URL(fileURLWithPath: source).standardizedFileURL
      if images == .link {
        try? FileManager.default.removeItem(at: destination)
        do {
          try FileManager.default.createSymbolicLink(at: destination, withDestinationURL: absolute)
        } catch {
          throw OutputError(path: destination.path, reason: PlainErrorText.reason(error))
        }
      } else {
        let bytes: Data
        do {
          bytes = try InputFile.contents(absolute.path)
        } catch let error as InputError {
          throw TaskError(source: source, reason: "cannot copy the screenshot: \(error.reason)")
        }
        // A link left by an earlier `--images link` build is replaced, not written through.
        if (try? FileManager.default.destinationOfSymbolicLink(atPath: destination.path)) != nil {
          try? FileManager.default.removeItem(at: destination)
        }
        try OutputFile.write(bytes, to: destination.path, inputs: inputs)
      }
    }
    imageNames[source] = relative
    return relative
  }

  /// Makes `folder` and those above it.
  /// - Throws: ``OutputError`` naming the folder and the reason.
  private static func makeFolder(_ folder: URL) throws {
    try OutputPath.checkFolder(folder.path)
    do {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    } catch {
      throw OutputError(
        path: folder.path, reason: "cannot make the folder: \(PlainErrorText.reason(error))")
    }
  }

}
