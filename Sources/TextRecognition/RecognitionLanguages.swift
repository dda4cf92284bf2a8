import Foundation

/// The languages Tesseract reads a screen in: one trained-data code or several joined by `+`
/// (`eng`, `chi_sim`, `chi_sim+eng`), as Tesseract's `-l` takes them.
public struct RecognitionLanguages: Sendable, Hashable, CustomStringConvertible {
  /// The codes in order; the first is Tesseract's primary language.
  public let codes: [String]

  /// English.
  public static let english = RecognitionLanguages(validCodes: ["eng"])
  /// Simplified Chinese.
  public static let chinese = RecognitionLanguages(validCodes: ["chi_sim"])
  /// Simplified Chinese and English (Mobile3M's apps mix both).
  public static let chineseAndEnglish = RecognitionLanguages(validCodes: ["chi_sim", "eng"])

  private init(validCodes: [String]) { codes = validCodes }

  /// Parses `chi_sim+eng`.
  /// - Throws: ``TextRecognitionError`` `.badLanguageList` when a code is empty or holds
  ///   anything but ASCII letters, digits and `_` (a code becomes a file name).
  public init(parsing list: String) throws {
    let codes = list.split(separator: "+", omittingEmptySubsequences: false).map(String.init)
    let valid = codes.allSatisfy { code in
      !code.isEmpty && code.count <= 32
        && code.utf8.allSatisfy { byte in
          (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A)
            || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F
        }
    }
    guard valid else {
      throw TextRecognitionError(source: "--lang", reason: .badLanguageList(list))
    }
    self.codes = codes
  }

  public var description: String { codes.joined(separator: "+") }

  /// Debian's package for a code: `tesseract-ocr-chi-sim` for `chi_sim`.
  public static func debianPackage(for code: String) -> String {
    "tesseract-ocr-" + code.lowercased().replacingOccurrences(of: "_", with: "-")
  }

  /// Where trained data is looked for: `TESSDATA_PREFIX` when set, else Debian's folder.
  public static var defaultDataPath: String {
    if let prefix = ProcessInfo.processInfo.environment["TESSDATA_PREFIX"], !prefix.isEmpty {
      return prefix
    }
    return "/usr/share/tesseract-ocr/5/tessdata"
  }

  /// Throws naming the first code whose `.traineddata` is not in `dataPath`.
  func checkInstalled(in dataPath: String) throws {
    for code in codes {
      let file = (dataPath as NSString).appendingPathComponent(code + ".traineddata")
      guard FileManager.default.isReadableFile(atPath: file) else {
        throw TextRecognitionError(
          source: "--lang \(description)",
          reason: .missingLanguage(code: code, file: file, package: Self.debianPackage(for: code)))
      }
    }
  }
}
