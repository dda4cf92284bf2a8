import Foundation
import Screenshots

/// PNG decoding, libpng against the fast path (``PNGDecoder``), on the same files in the same
/// run: every round reads and decodes every file both ways, one after the other, so load on the
/// machine weighs on both alike. Prints the median ms per image for each image size.
enum DecodeBenchmark {
  static func run(files: [String], rounds: Int) throws {
    var images: [(path: String, size: String)] = []
    for path in files {
      let info = try PNGInfo(contentsOfPNG: path)
      let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
      let reference = try RGBAImage(pngData: [UInt8](bytes), source: path, decoder: .libpng)
      guard try RGBAImage(pngData: [UInt8](bytes), source: path) == reference else {
        throw BenchmarkFailure("\(path): the fast path's pixels differ from libpng's")
      }
      images.append((path, "\(info.width)x\(info.height)"))
    }
    guard !images.isEmpty else { throw BenchmarkFailure("no PNG files given") }
    var times: [String: [PNGDecoder: [Double]]] = [:]
    var sink = 0
    for _ in 0..<rounds {
      for image in images {
        for decoder in [PNGDecoder.libpng, .automatic] {
          let elapsed = try seconds {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: image.path))
            sink &+= try RGBAImage(pngData: [UInt8](bytes), source: image.path, decoder: decoder)
              .pixels[0].hashValue
          }
          times[image.size, default: [:]][decoder, default: []].append(elapsed)
        }
      }
    }
    print("\(images.count) PNGs, \(rounds) rounds, read + decode, median ms per image:")
    print("size        images  libpng ms  fast ms  libpng/fast")
    for size in times.keys.sorted() {
      let libpng = median(times[size]![.libpng]!) * 1000
      let fast = median(times[size]![.automatic]!) * 1000
      let count = images.filter { $0.size == size }.count
      print(
        size.padding(toLength: 12, withPad: " ", startingAt: 0)
          + String(format: "%6d  %9.2f  %7.2f  %10.2fx", count, libpng, fast, libpng / fast))
    }
    if sink == 42 { print("") }
  }
}
