import FileIO
import Foundation
import GraphStore
import UIHierarchy

/// Writes samples into a corpus folder: one training file per split in the chosen format,
/// `samples.jsonl` (every sample with its task, split, pages, target and source files),
/// `images/` (screenshots linked or copied, named by app and a hash of their source path so
/// two files never collide) and, at the end, `summary.json`. A preference corpus
/// (``write(_:)-(PreferenceSample)``) has DPO files per split instead of the training files,
/// `pairs.jsonl` and LLaMA-Factory's `dataset_info.json`.
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
  /// Open training files by name; JSON-array files are closed with `]` at the end.
  private var files: [String: (file: OutputFile, output: FileTextOutput, array: Bool)] = [:]
  private var firstInFile: Set<String> = []
  private var pairsFile: (file: OutputFile, output: FileTextOutput)?
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
    try append(record, to: sample.split.rawValue + (format == .qwen ? ".json" : ".jsonl"))
    samples.write(Self.metadata(sample) + "\n")
    try samples.check()
  }

  /// Adds a sample's preference pairs (a DPO corpus): one record per rejected answer in
  /// `SPLIT.dpo.sharegpt.json` (LLaMA-Factory's ShareGPT preference format: `conversations`
  /// with `<image>` tokens, `chosen` and `rejected` messages, `images`) and in
  /// `SPLIT.dpo.trl.jsonl` (TRL's conversational vision preference format: `prompt`, `chosen`
  /// and `rejected` message lists with `{"type": "image"}` parts, `images`), in the same order;
  /// `pairs.jsonl` says for each pair why the rejected answer is wrong, and `samples.jsonl`
  /// holds the sample.
  public func write(_ preference: PreferenceSample) throws {
    let sample = preference.sample
    let paths = try sample.images.map { try corpusImage($0, app: sample.app) }
    let json = JSONText.string
    let images = "\"images\":[" + paths.map(json).joined(separator: ",") + "]"
    let human = String(repeating: "<image>\n", count: paths.count) + sample.instruction
    let prompt =
      "[{\"role\":\"user\",\"content\":["
      + String(repeating: "{\"type\":\"image\"},", count: paths.count)
      + "{\"type\":\"text\",\"text\":\(json(sample.instruction))}]}]"
    func assistant(_ text: String) -> String {
      "[{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\(json(text))}]}]"
    }
    if pairsFile == nil {
      let file = try OutputFile(
        path: folder.appendingPathComponent("pairs.jsonl").path, inputs: inputs)
      pairsFile = (file, FileTextOutput(file))
    }
    for (number, rejected) in preference.rejected.enumerated() {
      try append(
        "{\"conversations\":[{\"from\":\"human\",\"value\":\(json(human))}],"
          + "\"chosen\":{\"from\":\"gpt\",\"value\":\(json(preference.chosen))},"
          + "\"rejected\":{\"from\":\"gpt\",\"value\":\(json(rejected.answer))},\(images)}",
        to: sample.split.rawValue + ".dpo.sharegpt.json", array: true)
      try append(
        "{\"prompt\":\(prompt),\"chosen\":\(assistant(preference.chosen)),"
          + "\"rejected\":\(assistant(rejected.answer)),\(images)}",
        to: sample.split.rawValue + ".dpo.trl.jsonl", array: false)
      var fields = [
        ("app", json(sample.app)), ("chosen", json(preference.chosen)),
        ("id", json("\(sample.id)/\(number + 1)")), ("page", String(sample.page)),
        ("reason", json(rejected.reason.rawValue)), ("rejected", json(rejected.answer)),
        ("sample", json(sample.id)), ("split", json(sample.split.rawValue)),
        ("task", json(sample.task.rawValue)), ("why", json(rejected.why)),
      ]
      if let parent = sample.parentPage { fields.append(("parentPage", String(parent))) }
      fields.sort { $0.0 < $1.0 }
      pairsFile!.output.write(
        "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}\n")
      try pairsFile!.output.check()
    }
    samples.write(Self.metadata(sample) + "\n")
    try samples.check()
  }

  /// Appends one record to the training file `name` (opened on first use): a JSON-array
  /// element for qwen and LLaMA-Factory files, a line otherwise.
  private func append(_ record: String, to name: String, array: Bool? = nil) throws {
    if files[name] == nil {
      let file = try OutputFile(path: folder.appendingPathComponent(name).path, inputs: inputs)
      var output = FileTextOutput(file)
      let isArray = array ?? (format == .qwen)
      if isArray { output.write("[") }
      files[name] = (file, output, isArray)
    }
    if files[name]!.array {
      files[name]!.output.write(firstInFile.insert(name).inserted ? "\n" : ",\n")
      files[name]!.output.write(record)
    } else {
      files[name]!.output.write(record + "\n")
    }
    try files[name]!.output.check()
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
    for name in files.keys {
      if files[name]!.array { files[name]!.output.write("\n]\n") }
      try files[name]!.output.flush()
    }
    try pairsFile?.output.flush()
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
    // LLaMA-Factory finds preference files through a dataset_info.json in the same folder.
    let preferenceFiles = files.keys.filter { $0.hasSuffix(".dpo.sharegpt.json") }.sorted()
    var datasetInfo: OutputFile?
    if !preferenceFiles.isEmpty {
      let entries = preferenceFiles.map { name in
        let split = String(name.prefix { $0 != "." })
        return "  \"m3m_dpo_\(split)\": {\"file_name\": \"\(name)\", \"formatting\": \"sharegpt\", "
          + "\"ranking\": true, \"columns\": {\"messages\": \"conversations\", "
          + "\"chosen\": \"chosen\", \"rejected\": \"rejected\", \"images\": \"images\"}}"
      }
      let file = try OutputFile(
        path: folder.appendingPathComponent("dataset_info.json").path, inputs: inputs)
      try file.write(Data(("{\n" + entries.joined(separator: ",\n") + "\n}\n").utf8))
      datasetInfo = file
    }
    for name in files.keys.sorted() { try files[name]!.file.commit() }
    try pairsFile?.file.commit()
    try datasetInfo?.commit()
    try samplesFile.commit()
    try summaryFile.commit()
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
