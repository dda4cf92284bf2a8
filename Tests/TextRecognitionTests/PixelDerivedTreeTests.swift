import Geometry
import Testing
import UIHierarchy

@testable import TextRecognition

@Suite("A screen from pixels: OCR lines as a UITree")
struct PixelDerivedTreeTests {
  let recognized = RecognizedText(
    width: 1080, height: 2400, languages: .chineseAndEnglish,
    lines: [
      RecognizedLine(
        text: "设置", bounds: Bounds(left: 40, top: 100, right: 200, bottom: 160), confidence: 91,
        words: []),
      RecognizedLine(
        text: "Wi-Fi", bounds: Bounds(left: 40, top: 300, right: 220, bottom: 350),
        confidence: 88.25, words: []),
    ])

  @Test("a root the size of the screen and one OCR text element per line, marked as OCR")
  func tree() throws {
    let tree = try UITree(recognized: recognized, package: "com.android.settings", source: "s.png")
    #expect(tree.isPixelDerived)
    #expect(tree.nodes.count == 3)
    #expect(tree.windows == [0])
    #expect(tree.nodes[0].className == UITree.ocrScreenClass)
    #expect(tree.nodes[0].bounds == Bounds(left: 0, top: 0, right: 1080, bottom: 2400))
    #expect(tree.nodes[0][attribute: "ocr-languages"] == "chi_sim+eng")
    let line = tree.nodes[2]
    #expect(line.className == "m3m.OCRTextView")
    #expect(line.text == "Wi-Fi")
    #expect(line.bounds == Bounds(left: 40, top: 300, right: 220, bottom: 350))
    #expect(line.isClickable && line.isLeaf && line.parent == 0)
    #expect(line.package == "com.android.settings")
    #expect(
      line[attribute: "ocr-confidence"] == "88.2" || line[attribute: "ocr-confidence"] == "88.3")
    #expect(tree.source == "s.png")
  }

  @Test("its compact HTML and action space treat lines as tappable text")
  func compactHTML() throws {
    let tree = try UITree(recognized: recognized, source: "s.png")
    let html = CompactHTML(tree)
    #expect(
      html.lines == [
        #"<p class="m3m.OCRTextView" clickable="true"> 设置 </p>"#,
        #"<p class="m3m.OCRTextView" clickable="true"> Wi-Fi </p>"#,
      ])
    #expect(ActionSpace(html, tree: tree).actions.count == 2)
  }

  @Test("a screen where OCR found nothing is still a tree (one empty root)")
  func emptyScreen() throws {
    let tree = try UITree(
      recognized: RecognizedText(width: 10, height: 20, languages: .english, lines: []),
      source: "blank.png")
    #expect(tree.nodes.count == 1 && tree.isPixelDerived)
    #expect(CompactHTML(tree).lines.isEmpty)
  }

  @Test("a dump's tree is not pixel-derived")
  func dumpTree() throws {
    let tree = try UITree(
      parsing: Array(
        #"<hierarchy><node class="android.widget.FrameLayout" bounds="[0,0][10,10]"/></hierarchy>"#
          .utf8), source: "d.xml")
    #expect(!tree.isPixelDerived)
  }
}

@Suite("OCR compared with a dump's visible text")
struct TextComparisonTests {
  @Test("normalised edit similarity: case and spacing ignored, characters counted")
  func similarity() {
    #expect(editSimilarity("Choose from Gallery", "choose  fromgallery") == 1)
    #expect(editSimilarity("Settings", "Settlngs") == 1 - 1.0 / 8)
    #expect(editSimilarity("设置", "设直") == 0.5)
    #expect(editSimilarity("", "") == 1)
    #expect(editSimilarity("abc", "") == 0)
  }

  @Test("recall over visible text nodes, precision over lines, IoU of matches")
  func scores() throws {
    let xml = """
      <hierarchy>
      <node class="android.widget.FrameLayout" bounds="[0,0][1000,2000]">
        <node class="android.widget.TextView" text="Add picture" bounds="[0,100][400,160]"/>
        <node class="android.widget.TextView" text="Take photo" bounds="[0,300][400,360]"/>
        <node class="android.widget.TextView" text="A long caption wrapped over two lines"
              bounds="[0,500][600,640]"/>
        <node class="android.widget.TextView" text="Hidden" visible-to-user="false" bounds="[0,700][400,760]"/>
        <node class="android.widget.TextView" text="Off screen" bounds="[0,3000][400,3060]"/>
        <node class="android.widget.TextView" text="   " bounds="[0,800][400,860]"/>
      </node>
      </hierarchy>
      """
    let tree = try UITree(parsing: Array(xml.utf8), source: "t.xml")
    func line(_ text: String, _ box: Bounds) -> RecognizedLine {
      RecognizedLine(text: text, bounds: box, confidence: 90, words: [])
    }
    let recognized = RecognizedText(
      width: 1000, height: 2000, languages: .english,
      lines: [
        line("Add picture", Bounds(left: 0, top: 100, right: 400, bottom: 160)),
        line("Tke phto", Bounds(left: 0, top: 300, right: 200, bottom: 360)),
        line("A long caption wrapped", Bounds(left: 0, top: 500, right: 600, bottom: 560)),
        line("over two lines", Bounds(left: 0, top: 580, right: 400, bottom: 640)),
        line("12:30", Bounds(left: 900, top: 0, right: 990, bottom: 40)),
      ])
    let comparison = TextComparison(tree: tree, recognized: recognized)
    #expect(comparison.nodes == 3)
    #expect(
      comparison.details.map(\.text) == [
        "Add picture", "Take photo", "A long caption wrapped over two lines",
      ])
    #expect(comparison.details.map(\.found) == [true, false, true])
    #expect(comparison.found == 2)
    #expect(abs(comparison.recall - 2.0 / 3) < 1e-9)
    #expect(comparison.lines == 5 && comparison.matchedLines == 3)
    #expect(abs(comparison.precision - 0.6) < 1e-9)
    #expect(comparison.details[0].iou == 1)
    #expect(comparison.details[2].iou == 1)
    #expect(comparison.meanIoU == 1)
    #expect(comparison.details[1].iou == nil)
    #expect(comparison.details[1].similarity < 0.8)
  }

  @Test("a container whose text sums up its children's is not a reference node")
  func containers() throws {
    let xml = """
      <hierarchy>
      <node class="android.view.ViewGroup" text="Unread, Reddit, This is a joke" bounds="[0,0][1000,300]">
        <node class="android.widget.TextView" text="Reddit" bounds="[100,20][400,80]"/>
        <node class="android.widget.TextView" text="This is a joke" bounds="[100,100][600,160]"/>
      </node>
      </hierarchy>
      """
    let tree = try UITree(parsing: Array(xml.utf8), source: "t.xml")
    let recognized = RecognizedText(width: 1000, height: 2000, languages: .english, lines: [])
    let comparison = TextComparison(tree: tree, recognized: recognized)
    #expect(comparison.details.map(\.text) == ["Reddit", "This is a joke"])
  }

  @Test("a node is found in a run of a line's words over its box, or cut short by an ellipsis")
  func runsAndEllipses() throws {
    let xml = """
      <hierarchy>
      <node class="android.widget.FrameLayout" bounds="[0,0][1000,2000]">
        <node class="android.widget.TextView" text="Reading mode" bounds="[0,100][500,160]"/>
        <node class="android.widget.TextView" text="On" bounds="[800,100][900,160]"/>
        <node class="android.widget.TextView" text="Amazon Shopping" bounds="[0,300][300,360]"/>
        <node class="android.widget.TextView" text="Amazon Shopping" bounds="[0,500][300,560]"/>
        <node class="android.widget.TextView" text="mode On" bounds="[220,100][400,160]"/>
      </node>
      </hierarchy>
      """
    let tree = try UITree(parsing: Array(xml.utf8), source: "t.xml")
    func word(_ text: String, _ left: Int, _ right: Int, _ top: Int) -> RecognizedWord {
      RecognizedWord(
        text: text, bounds: Bounds(left: left, top: top, right: right, bottom: top + 60),
        confidence: 90)
    }
    func line(_ words: [RecognizedWord]) -> RecognizedLine {
      RecognizedLine(joining: words)!
    }
    let recognized = RecognizedText(
      width: 1000, height: 2000, languages: .english,
      lines: [
        // Tesseract ran the label into its switch's state.
        line([
          word("Reading", 0, 200, 100), word("mode", 220, 400, 100), word("On", 820, 880, 100),
        ]),
        line([word("Amazon", 0, 150, 300), word("Sh…", 160, 290, 300)]),
        // Three characters before the ellipsis are too few to say which text was cut.
        line([word("Am…", 0, 100, 500)]),
      ])
    let comparison = TextComparison(tree: tree, recognized: recognized)
    // "mode On" is not found: its box holds "mode" only, and a run counts only over the box.
    #expect(comparison.details.map(\.found) == [true, true, true, false, false])
    #expect(comparison.details[0].ocrText == "Reading mode")
    #expect(comparison.details[1].ocrText == "On")
    #expect(comparison.details[1].iou == 0.6)
    #expect(comparison.details[2].ocrText == "Amazon Sh…")
    #expect(comparison.matchedLines == 2)
  }
}
