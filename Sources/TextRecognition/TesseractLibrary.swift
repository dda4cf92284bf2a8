internal import CTesseract

/// Tesseract's C API, opened with `dlopen` the first time a recogniser starts (m3m does not
/// link it: loading Tesseract, Leptonica and what they bring cost every run about 20 ms of CPU,
/// OCR or not). Every function m3m calls is looked up once; a library or function that is
/// missing is a ``TextRecognitionError`` naming it and the Debian package to install.
struct TesseractLibrary: @unchecked Sendable {
  let create: ctess_BaseAPICreate
  let delete: ctess_BaseAPIDelete
  let end: ctess_BaseAPIEnd
  let initialize: ctess_BaseAPIInit2
  let setVariable: ctess_BaseAPISetVariable
  let setPageSegMode: ctess_BaseAPISetPageSegMode
  let setImage: ctess_BaseAPISetImage
  let recognize: ctess_BaseAPIRecognize
  let clear: ctess_BaseAPIClear
  let iterator: ctess_BaseAPIGetIterator
  let monitorCreate: ctess_MonitorCreate
  let monitorDelete: ctess_MonitorDelete
  let monitorSetDeadline: ctess_MonitorSetDeadlineMSecs
  let iteratorDelete: ctess_ResultIteratorDelete
  let iteratorNext: ctess_ResultIteratorNext
  let iteratorText: ctess_ResultIteratorGetUTF8Text
  let iteratorConfidence: ctess_ResultIteratorConfidence
  let pageIterator: ctess_ResultIteratorGetPageIteratorConst
  let isAtBeginning: ctess_PageIteratorIsAtBeginningOf
  let boundingBox: ctess_PageIteratorBoundingBox
  let deleteText: ctess_DeleteText

  /// The library, opened on first use (the outcome is kept: a missing library is reported
  /// again, not looked for again).
  static func loaded() throws -> TesseractLibrary { try opened.get() }

  private static let opened = Result {
    () throws(TextRecognitionError) -> TesseractLibrary in try TesseractLibrary()
  }

  /// The Debian package that installs the shared library.
  static let package = "libtesseract5"

  private init() throws(TextRecognitionError) {
    // The versioned name is what the runtime package installs; the bare one comes with -dev.
    var reason = ""
    var handle: UnsafeMutableRawPointer?
    for name in ["libtesseract.so.5", "libtesseract.so"] {
      handle = ctess_open(name)
      if handle != nil { break }
      if reason.isEmpty, let error = ctess_error() { reason = String(cString: error) }
    }
    guard let library = handle else {
      throw TextRecognitionError(
        source: "OCR",
        reason: .engineFailed(
          "its library did not load (\(reason)); install the Debian package \(Self.package)"))
    }
    func symbol<Function>(_ name: String, as type: Function.Type) throws(TextRecognitionError)
      -> Function
    {
      guard let address = ctess_symbol(library, name) else {
        throw TextRecognitionError(
          source: "OCR",
          reason: .engineFailed(
            "its library has no \(name) (install the Debian package \(Self.package))"))
      }
      return unsafeBitCast(address, to: type)
    }
    create = try symbol("TessBaseAPICreate", as: ctess_BaseAPICreate.self)
    delete = try symbol("TessBaseAPIDelete", as: ctess_BaseAPIDelete.self)
    end = try symbol("TessBaseAPIEnd", as: ctess_BaseAPIEnd.self)
    initialize = try symbol("TessBaseAPIInit2", as: ctess_BaseAPIInit2.self)
    setVariable = try symbol("TessBaseAPISetVariable", as: ctess_BaseAPISetVariable.self)
    setPageSegMode = try symbol("TessBaseAPISetPageSegMode", as: ctess_BaseAPISetPageSegMode.self)
    setImage = try symbol("TessBaseAPISetImage", as: ctess_BaseAPISetImage.self)
    recognize = try symbol("TessBaseAPIRecognize", as: ctess_BaseAPIRecognize.self)
    clear = try symbol("TessBaseAPIClear", as: ctess_BaseAPIClear.self)
    iterator = try symbol("TessBaseAPIGetIterator", as: ctess_BaseAPIGetIterator.self)
    monitorCreate = try symbol("TessMonitorCreate", as: ctess_MonitorCreate.self)
    monitorDelete = try symbol("TessMonitorDelete", as: ctess_MonitorDelete.self)
    monitorSetDeadline = try symbol(
      "TessMonitorSetDeadlineMSecs", as: ctess_MonitorSetDeadlineMSecs.self)
    iteratorDelete = try symbol("TessResultIteratorDelete", as: ctess_ResultIteratorDelete.self)
    iteratorNext = try symbol("TessResultIteratorNext", as: ctess_ResultIteratorNext.self)
    iteratorText = try symbol(
      "TessResultIteratorGetUTF8Text", as: ctess_ResultIteratorGetUTF8Text.self)
    iteratorConfidence = try symbol(
      "TessResultIteratorConfidence", as: ctess_ResultIteratorConfidence.self)
    pageIterator = try symbol(
      "TessResultIteratorGetPageIteratorConst", as: ctess_ResultIteratorGetPageIteratorConst.self)
    isAtBeginning = try symbol(
      "TessPageIteratorIsAtBeginningOf", as: ctess_PageIteratorIsAtBeginningOf.self)
    boundingBox = try symbol(
      "TessPageIteratorBoundingBox", as: ctess_PageIteratorBoundingBox.self)
    deleteText = try symbol("TessDeleteText", as: ctess_DeleteText.self)
    // Leptonica's notes on stderr turned off (errors still reach m3m as Tesseract's results);
    // found through Tesseract, which loaded it.
    let silence = try symbol("setMsgSeverity", as: ctess_SetMsgSeverity.self)
    _ = silence(CTESS_LEPTONICA_SILENT)
  }
}
