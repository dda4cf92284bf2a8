import Screenshots

/// How a screen is read: languages, layout analysis and the limits that keep a hostile or
/// unlucky image from taking the machine.
public struct RecognitionSettings: Sendable, Hashable {
  /// The languages read.
  public var languages: RecognitionLanguages
  /// How Tesseract finds text on the page.
  public var pageSegmentation: PageSegmentation
  /// How Tesseract tells ink from background.
  public var thresholding: Thresholding
  /// The most pixels an image may have to be recognised (the `--max-image-pixels` limit).
  public var maximumPixels: Int
  /// The most seconds recognition of one image may take (`--ocr-timeout`); Tesseract checks it
  /// between words and stops.
  public var timeout: Double
  /// Words Tesseract is less sure of than this (0–100) are dropped; a line keeps the rest.
  public var minimumConfidence: Double
  /// The folder holding `<code>.traineddata`.
  public var dataPath: String
  /// Each image is read on the calling thread alone. Tesseract's LSTM otherwise starts up to
  /// four OpenMP threads per image; set this when several threads read images at once (ingest
  /// with `--jobs` > 1) so that they do not oversubscribe the cores. `OMP_THREAD_LIMIT` in the
  /// environment caps the threads whatever this says.
  public var oneThreadPerImage = false
  /// Whether a second pass reads light text on darker ground (white labels on a wallpaper or
  /// a coloured bar, dark mode) from a polarity-fixed image (`LightTextImage`); its lines join
  /// the first pass's where they add text or Tesseract is surer of them (README, OCR).
  public var readsLightText: Bool

  /// The default time limit per image, in seconds.
  public static let defaultTimeout = 30.0

  /// Settings for `languages`, with the defaults measured on real screens (README, OCR).
  public init(
    languages: RecognitionLanguages = .english, pageSegmentation: PageSegmentation = .sparseText,
    thresholding: Thresholding = .otsu,
    maximumPixels: Int = RGBAImage.defaultMaximumPixels, timeout: Double = defaultTimeout,
    minimumConfidence: Double = 30, dataPath: String = RecognitionLanguages.defaultDataPath,
    readsLightText: Bool = true
  ) {
    self.languages = languages
    self.pageSegmentation = pageSegmentation
    self.thresholding = thresholding
    self.maximumPixels = maximumPixels
    self.timeout = timeout
    self.minimumConfidence = minimumConfidence
    self.dataPath = dataPath
    self.readsLightText = readsLightText
  }

  /// Tesseract's page-segmentation modes that suit screens.
  public enum PageSegmentation: String, Sendable, Hashable, CaseIterable {
    /// Tesseract's `PSM_SPARSE_TEXT` (11): as much text as possible in no particular order, the
    /// layout of a screen (scattered labels, buttons, icons with captions).
    case sparseText = "sparse"
    /// Tesseract's `PSM_AUTO` (3): columns and paragraphs, the layout of a document.
    case automatic = "auto"
  }

  /// Tesseract's ways of binarising a page (its `thresholding_method`).
  public enum Thresholding: String, Sendable, Hashable, CaseIterable {
    /// One Otsu threshold for the whole page (Tesseract's default, 0).
    case otsu
    /// Otsu thresholds per tile (Leptonica's, 1).
    case tiledOtsu = "tiled-otsu"
    /// Sauvola's local threshold from each pixel's neighbourhood mean and deviation (2).
    case sauvola

    /// The value of Tesseract's `thresholding_method`.
    var tesseractValue: String {
      switch self {
      case .otsu: "0"
      case .tiledOtsu: "1"
      case .sauvola: "2"
      }
    }
  }
}
