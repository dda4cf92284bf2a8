import FileIO
import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `readBlock(from:upTo:)`: reads to the capacity or the end of the file, whichever comes
/// first, and says when a read fails.
@Suite("readBlock")
struct DescriptorReadingTests {
  @Test("a block stops at the capacity, or short of it at the end of the file")
  func capacityAndEnd() throws {
    let folder = try Fixtures.temporaryDirectory("read-block")
    let path = folder.appendingPathComponent("bytes").path
    let content = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
    try Data(content).write(to: URL(fileURLWithPath: path))
    for (capacity, expected) in [(0, 0), (10, 10), (100_000, 100_000), (100_001, 100_000)] {
      let file = open(path, O_RDONLY)
      #expect(file >= 0)
      defer { close(file) }
      let block = try #require(readBlock(from: file, upTo: capacity))
      #expect(block.count == expected)
      #expect(block == Array(content.prefix(expected)))
    }
    // Read on from where the last block stopped.
    let file = open(path, O_RDONLY)
    defer { close(file) }
    let first = try #require(readBlock(from: file, upTo: 60_000))
    let rest = try #require(readBlock(from: file, upTo: 60_000))
    #expect(first + rest == content)
  }

  @Test("a read that fails (a folder, a closed descriptor) gives nil")
  func failedRead() throws {
    let folder = try Fixtures.temporaryDirectory("read-block-fails")
    let directory = open(folder.path, O_RDONLY | O_DIRECTORY)
    #expect(directory >= 0)
    defer { close(directory) }
    #expect(readBlock(from: directory, upTo: 16) == nil)
    #expect(readBlock(from: -1, upTo: 16) == nil)
  }
}
