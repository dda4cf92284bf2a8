import Foundation
import Screenshots
import TextRecognition
import UIHierarchy

/// OCR against the hierarchy's visible text over every dump/screenshot pair under some folders:
/// recall, precision, box IoU and milliseconds per screen, per language and per folder group.
enum OCRBenchmark {
  /// A dump and the screenshot taken with it.
  struct Pair {
    var dump: String
    var screenshot: String
    /// The top folder under the root it was found in (the dataset), for per-dataset figures.
    var group: String
  }

  /// Every pair under `root`: `X.xml` + `X.png` (AppAgent, LlamaTouch, uiautomator2 scripts),
  /// InterDroid's `ui_trees/step_N_ui.xml` + `screenshots/step_N.png`, and the Mobile3M
  /// layout's `X-xml.txt` + `X-screen.png`.
  static func pairs(under root: String) -> [Pair] {
    var pairs: [Pair] = []
    let walker = FileManager.default.enumerator(atPath: root)
    while let relative = walker?.nextObject() as? String {
      let path = (root as NSString).appendingPathComponent(relative)
      let candidates: [String]
      if relative.hasSuffix("-xml.txt") {
        candidates = [String(path.dropLast("-xml.txt".count)) + "-screen.png"]
      } else if relative.lowercased().hasSuffix(".xml") {
        let stem = String(path.dropLast(4))
        let name = (stem as NSString).lastPathComponent
        let folder = (stem as NSString).deletingLastPathComponent
        candidates =
          [stem + ".png"]
          + (name.hasSuffix("_ui") && folder.hasSuffix("ui_trees")
            ? [
              (folder as NSString).deletingLastPathComponent + "/screenshots/"
                + name.dropLast(3) + ".png"
            ] : [])
      } else {
        continue
      }
      guard let screenshot = candidates.first(where: { FileManager.default.fileExists(atPath: $0) })
      else { continue }
      let group = relative.split(separator: "/").first.map(String.init) ?? relative
      pairs.append(Pair(dump: path, screenshot: screenshot, group: group))
    }
    return pairs.sorted { $0.dump < $1.dump }
  }

  /// Totals over a set of screens.
  struct Totals {
    var screens = 0
    var nodes = 0
    var found = 0
    var lines = 0
    var matchedLines = 0
    var iouSum = 0.0
    var ious = 0
    var milliseconds: [Double] = []
    var failures = 0

    mutating func add(_ comparison: TextComparison, milliseconds ms: Double) {
      screens += 1
      nodes += comparison.nodes
      found += comparison.found
      lines += comparison.lines
      matchedLines += comparison.matchedLines
      for detail in comparison.details {
        if let iou = detail.iou {
          iouSum += iou
          ious += 1
        }
      }
      milliseconds.append(ms)
    }

    var row: String {
      let recall = nodes == 0 ? 0 : Double(found) / Double(nodes)
      let precision = lines == 0 ? 0 : Double(matchedLines) / Double(lines)
      let iou = ious == 0 ? 0 : iouSum / Double(ious)
      let mean = milliseconds.isEmpty ? 0 : milliseconds.reduce(0, +) / Double(milliseconds.count)
      return String(
        format: "%4d screens  recall %.3f (%d/%d)  precision %.3f (%d/%d)  IoU %.3f  "
          + "ms/screen median %.0f mean %.0f max %.0f%@",
        screens, recall, found, nodes, precision, matchedLines, lines, iou,
        median(milliseconds), mean, milliseconds.max() ?? 0,
        failures > 0 ? "  (\(failures) failed)" as NSString : "" as NSString)
    }
  }

  /// `(Chinese screens)` when most letters of the dump's visible text are CJK, else
  /// `(English screens)`: a per-script figure over all datasets.
  static func script(of tree: UITree) -> String {
    var cjk = 0
    var other = 0
    for node in tree.nodes where node.isVisibleToUser != false {
      for scalar in node.text.unicodeScalars where scalar.properties.isAlphabetic {
        if (0x3400...0x9FFF).contains(scalar.value) { cjk += 1 } else { other += 1 }
      }
    }
    return cjk > other ? "(Chinese screens)" : "(English screens)"
  }

  /// Runs every pair through every language, and through each light-text setting (the
  /// second pass on or off) in turn on the same screen, so that timings taken under load compare.
  static func run(
    roots: [String], languages: [RecognitionLanguages],
    pageSegmentation: RecognitionSettings.PageSegmentation, minimumConfidence: Double,
    lightText: [Bool]
  ) throws {
    let pairs = roots.flatMap { Self.pairs(under: $0) }
    print(
      "\(pairs.count) dump/screenshot pairs under \(roots.joined(separator: " ")); "
        + "page segmentation \(pageSegmentation.rawValue), min confidence \(minimumConfidence)")
    for language in languages {
      let recognizers = try lightText.map {
        try TextRecognizer(
          RecognitionSettings(
            languages: language, pageSegmentation: pageSegmentation,
            minimumConfidence: minimumConfidence, readsLightText: $0))
      }
      var byGroup = [[String: Totals]](repeating: [:], count: recognizers.count)
      var all = [Totals](repeating: Totals(), count: recognizers.count)
      var largest: (pixels: Int, milliseconds: [[Double]]) = (0, [])
      for pair in pairs {
        do {
          let tree = try UITree(contentsOf: pair.dump)
          let image = try RGBAImage(contentsOfImage: pair.screenshot)
          let pixels = image.width * image.height
          if pixels > largest.pixels { largest = (pixels, recognizers.map { _ in [] }) }
          for (index, recognizer) in recognizers.enumerated() {
            var recognized: RecognizedText?
            let elapsed = try seconds {
              recognized = try recognizer.recognize(image, source: pair.screenshot)
            }
            guard let recognized else { continue }
            let comparison = TextComparison(tree: tree, recognized: recognized)
            let ms = elapsed * 1000
            byGroup[index][pair.group, default: Totals()].add(comparison, milliseconds: ms)
            byGroup[index][script(of: tree), default: Totals()].add(comparison, milliseconds: ms)
            all[index].add(comparison, milliseconds: ms)
            if pixels == largest.pixels { largest.milliseconds[index].append(ms) }
          }
        } catch {
          for index in recognizers.indices {
            byGroup[index][pair.group, default: Totals()].failures += 1
            all[index].failures += 1
          }
          try? FileHandle.standardError.write(contentsOf: Data("skipped \(error)\n".utf8))
        }
      }
      for (index, light) in lightText.enumerated() {
        print("\n--lang \(language) --light-text \(light ? "on" : "off")")
        for group in byGroup[index].keys.sorted() {
          print(
            "  " + group.padding(toLength: 44, withPad: " ", startingAt: 0)
              + byGroup[index][group]!.row)
        }
        print("  " + "all".padding(toLength: 44, withPad: " ", startingAt: 0) + all[index].row)
        print(
          String(
            format: "  largest screens (%d pixels): median %.0f ms over %d", largest.pixels,
            median(largest.milliseconds[index]), largest.milliseconds[index].count))
      }
    }
  }
}
