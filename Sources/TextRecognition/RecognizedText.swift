import Geometry

/// The text found on one screen: lines of words, each with its box in screen pixels and
/// Tesseract's confidence (0–100).
public struct RecognizedText: Sendable, Hashable {
  /// The image's size in pixels.
  public var width: Int
  /// The image's size in pixels.
  public var height: Int
  /// The languages it was read in.
  public var languages: RecognitionLanguages
  /// The lines in Tesseract's reading order.
  public var lines: [RecognizedLine]

  /// Text from its parts.
  public init(width: Int, height: Int, languages: RecognitionLanguages, lines: [RecognizedLine]) {
    self.width = width
    self.height = height
    self.languages = languages
    self.lines = lines
  }

  /// Every word of every line.
  public var words: [RecognizedWord] { lines.flatMap(\.words) }
}

/// One line of text: its words, their box and the mean of their confidences.
public struct RecognizedLine: Sendable, Hashable, Codable {
  /// The words joined as Tesseract spaces them.
  public var text: String
  /// The box around the line's words, in screen pixels.
  public var bounds: Bounds
  /// Tesseract's confidence in the line, 0–100.
  public var confidence: Double
  /// The words, left to right.
  public var words: [RecognizedWord]

  /// A line from its parts.
  public init(text: String, bounds: Bounds, confidence: Double, words: [RecognizedWord]) {
    self.text = text
    self.bounds = bounds
    self.confidence = confidence
    self.words = words
  }
}

/// One word, with its box in screen pixels and Tesseract's confidence (0–100).
public struct RecognizedWord: Sendable, Hashable, Codable {
  /// The word's text.
  public var text: String
  /// Its box in screen pixels.
  public var bounds: Bounds
  /// Tesseract's confidence, 0–100.
  public var confidence: Double

  /// A word from its parts.
  public init(text: String, bounds: Bounds, confidence: Double) {
    self.text = text
    self.bounds = bounds
    self.confidence = confidence
  }
}
