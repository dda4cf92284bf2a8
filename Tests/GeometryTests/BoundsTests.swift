import Geometry
import Testing

@Suite("Bounds")
struct BoundsTests {
  @Test(
    "parses Android bounds and prints them back",
    arguments: [
      "[0,0][1080,2400]", "[0,130][720,1184]", "[-5,10][20,-3]", "[7,7][7,7]",
    ])
  func roundTrip(text: String) throws {
    let box = try #require(Bounds(parsing: text))
    #expect(box.description == text)
  }

  @Test(
    "rejects malformed text",
    arguments: [
      "", "[0,0]", "[0,0][1,]", "[a,0][1,1]", "0,0,1,1", "[0,0][1,1]x", "[0;0][1,1]",
    ])
  func rejects(text: String) {
    #expect(Bounds(parsing: text) == nil)
  }

  @Test("flags inverted and zero-area boxes without repairing them")
  func flags() throws {
    let inverted = try #require(Bounds(parsing: "[0,500][100,400]"))
    #expect(inverted.isInverted)
    #expect(inverted.isEmpty)
    #expect(inverted.area == 0)
    #expect(inverted.top == 500)
    let flat = try #require(Bounds(parsing: "[10,10][10,50]"))
    #expect(!flat.isInverted)
    #expect(flat.isEmpty)
    let normal = Bounds(left: 0, top: 0, right: 10, bottom: 20)
    #expect(!normal.isEmpty && normal.area == 200)
  }

  @Test("centre rounds down like Python's //")
  func center() {
    #expect(Bounds(left: 0, top: 0, right: 5, bottom: 5).center == Point(x: 2, y: 2))
    #expect(Bounds(left: -5, top: -5, right: 0, bottom: 0).center == Point(x: -3, y: -3))
    #expect((-7).floorDivided(by: 4) == -2)
    #expect(7.floorDivided(by: 4) == 1)
  }

  @Test("IoU of identical, disjoint and half-overlapping boxes")
  func iou() {
    let a = Bounds(left: 0, top: 0, right: 10, bottom: 10)
    #expect(a.intersectionOverUnion(a) == 1)
    #expect(a.intersectionOverUnion(Bounds(left: 20, top: 20, right: 30, bottom: 30)) == 0)
    let b = Bounds(left: 5, top: 0, right: 15, bottom: 10)
    #expect(abs(a.intersectionOverUnion(b) - 50.0 / 150.0) < 1e-12)
    #expect(a.contains(Point(x: 0, y: 0)) && !a.contains(Point(x: 10, y: 5)))
  }
}
