/// The training-file formats `m3m corpus build` writes.
public enum CorpusFormat: String, Sendable, CaseIterable, Codable {
  /// Qwen-VL finetune JSON, as the original trained on: a JSON array of
  /// `{"id", "conversations": [{"from": "user", "value": "Picture 1: <img>…</img>\n…"},
  /// {"from": "assistant", "value": …}]}`, one file per split (`train.json`, …).
  case qwen
  /// LLaVA / ShareGPT-style JSONL: `{"id", "image" | "images", "conversations":
  /// [{"from": "human", "value": "<image>\n…"}, {"from": "gpt", "value": …}]}`, one file per
  /// split (`train.jsonl`, …).
  case llava
}

/// How screenshots reach the corpus folder.
public enum ImageMode: String, Sendable, CaseIterable, Codable {
  /// Symbolic links to the screenshots where ingest found them.
  case link
  /// Copies.
  case copy
  /// No files: image paths still name where they would be (for benchmarks and dry runs).
  case none
}
