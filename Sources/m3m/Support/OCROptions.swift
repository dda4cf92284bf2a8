import TextRecognition

/// The OCR options shared by `ocr`, `ingest` and `inspect`: languages, time limit, and (for
/// commands that read screenshot-only screens) turning OCR off.
enum OCROptions {
  /// `--ocr-lang` of the commands where OCR is a side path (`ocr` itself takes `--lang`).
  static let language = CommandSpec.Option(
    name: "--ocr-lang", value: "L",
    help: "OCR languages for screens without a dump, joined by + (eng; chi_sim+eng).")
  static let timeout = CommandSpec.Option(
    name: "--ocr-timeout", value: "S",
    help: "Stop reading one screenshot after S seconds with an error (30).")
  static let off = CommandSpec.Option(
    name: "--no-ocr", help: "Reject screens without a dump instead of reading them by OCR.")

  /// The settings the options give, from the defaults; `languageOption` names the option that
  /// holds the languages (`--lang` or `--ocr-lang`).
  static func settings(
    _ arguments: ParsedArguments, command: String, languageOption: OptionName = "--ocr-lang"
  ) throws -> RecognitionSettings {
    var settings = RecognitionSettings()
    if let list = arguments.value(languageOption) {
      do {
        settings.languages = try RecognitionLanguages(parsing: list)
      } catch is TextRecognitionError {
        throw UsageError(
          command: command,
          message: "\(languageOption) '\(list)' is not a language list "
            + "(expected codes such as eng, chi_sim or chi_sim+eng)")
      }
    }
    settings.timeout = try arguments.number(
      timeout.name, default: settings.timeout, command: command)
    guard settings.timeout > 0 else {
      throw UsageError(command: command, message: "'\(timeout.name)' must be more than 0")
    }
    settings.maximumPixels = try LimitOptions.maximumImagePixels(arguments, command: command)
    return settings
  }

  /// A recogniser pool for screens without a dump, or nil with `--no-ocr`. When the languages
  /// were not chosen and are not installed, OCR is off with a warning (a trace with dumps needs
  /// none); when they were chosen, the missing pack is an error. With `jobs` > 1 threads
  /// reading at once, each image is read on one thread (``RecognitionSettings/oneThreadPerImage``).
  static func pool(_ arguments: ParsedArguments, command: String, jobs: Int = 1) throws
    -> TextRecognizerPool?
  {
    guard !arguments.flag(off.name) else { return nil }
    var settings = try settings(arguments, command: command)
    settings.oneThreadPerImage = jobs > 1
    do {
      return try TextRecognizerPool(settings)
    } catch let error as TextRecognitionError where arguments.value(language.name) == nil {
      Output.error("m3m \(command): \(error); screens without a dump will be rejected")
      return nil
    }
  }
}
