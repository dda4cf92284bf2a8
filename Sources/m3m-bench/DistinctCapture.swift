import Foundation
import Screenshots

/// Makes every capture of a benchmark distinct, as a real crawl records revisits: never the
/// same bytes twice, yet the same page to the Mobile3M rule.
///
/// - XML: boolean state attributes (`focused`, `selected`, `checked`) of the first nodes spell
///   the capture's serial number in binary; none of them is read by the compact HTML, so the
///   page's line set is unchanged while its bytes are not.
/// - Screenshot: the top-left pixel takes a colour spelling the serial number (one pixel of
///   millions, far below the 0.3 pixel-difference threshold); the image is then re-encoded.
enum DistinctCapture {
  /// The attributes whose `"false"` values carry the serial's bits, in document order.
  static let stateAttributes = ["focused=\"false\"", "selected=\"false\"", "checked=\"false\""]

  /// The dump with serial `serial` (≥ 1) written into its state attributes.
  /// - Throws: ``BenchmarkError`` when the dump has too few such attributes to hold the number.
  static func markXML(_ bytes: [UInt8], serial: Int, source: String) throws -> [UInt8] {
    precondition(serial >= 1, "serials start at 1")
    let needed = Int.bitWidth - serial.leadingZeroBitCount
    let positions = occurrences(in: bytes).prefix(needed)
    guard positions.count == needed else {
      throw BenchmarkError(
        "\(source): only \(positions.count) focused/selected/checked attributes, "
          + "\(needed) needed to make capture \(serial) distinct")
    }
    var output: [UInt8] = []
    output.reserveCapacity(bytes.count)
    var copied = 0
    for (bit, position) in positions.enumerated() where serial & (1 << bit) != 0 {
      // `name="false"` becomes `name="true"`: copy up to the opening quote's content.
      let quote = bytes[position...].firstIndex(of: UInt8(ascii: "\""))! + 1
      output += bytes[copied..<quote]
      output += Array("true\"".utf8)
      copied = quote + "false\"".utf8.count
    }
    output += bytes[copied...]
    return output
  }

  /// The image with serial `serial` (≥ 1) in its top-left pixel's colour.
  static func markImage(_ image: inout RGBAImage, serial: Int) {
    image.pixels[0] = UInt8(truncatingIfNeeded: serial)
    image.pixels[1] = UInt8(truncatingIfNeeded: serial >> 8)
    image.pixels[2] = UInt8(truncatingIfNeeded: serial >> 16)
    image.pixels[3] = 255
  }

  /// Offsets of every state attribute, in document order.
  private static func occurrences(in bytes: [UInt8]) -> [Int] {
    let patterns = stateAttributes.map { Array($0.utf8) }
    var found: [Int] = []
    bytes.withUnsafeBufferPointer { buffer in
      var index = 0
      while index < buffer.count {
        if buffer[index] == UInt8(ascii: "f") || buffer[index] == UInt8(ascii: "s")
          || buffer[index] == UInt8(ascii: "c"), index == 0 || buffer[index - 1] == 0x20
        {
          for pattern in patterns where index + pattern.count <= buffer.count {
            if buffer[index] == pattern[0],
              pattern.indices.allSatisfy({ buffer[index + $0] == pattern[$0] })
            {
              found.append(index)
              break
            }
          }
        }
        index += 1
      }
    }
    return found
  }
}

/// A benchmark input that cannot be used, with the file and the reason.
struct BenchmarkError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}
