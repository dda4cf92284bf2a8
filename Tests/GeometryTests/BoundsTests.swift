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

@Suite("Coordinates from input are checked, never trapped on")
struct PixelCoordinateTests {
  @Test(
    "bounds beyond ±100,000,000 are malformed, however many digits",
    arguments: [
      "[99999999999999999999999,0][0,0]", "[0,0][100000001,1]", "[-100000001,0][1,1]",
      "[0,0][9999999999,9999999999]", "[0,0][1,1000000000000000000000000000000000000000]",
    ])
  func outOfRange(text: String) {
    #expect(Bounds(parsing: text) == nil)
  }

  @Test("the range's edges parse, and their area does not overflow")
  func edges() throws {
    let box = try #require(Bounds(parsing: "[-100000000,-100000000][100000000,100000000]"))
    #expect(box.area == 40_000_000_000_000_000)
    #expect(box.intersectionOverUnion(box) == 1)
    // Leading zeros do not grow the value: read as written.
    #expect(
      Bounds(parsing: "[0,0][1,000000000000000000000000000001]")
        == Bounds(left: 0, top: 0, right: 1, bottom: 1))
  }

  @Test("decimal coordinates: NaN, infinities and huge values are nil")
  func decimals() {
    #expect(PixelCoordinate.checked(360.9) == 360)
    #expect(PixelCoordinate.checked(-0.5, rounding: .toNearestOrAwayFromZero) == -1)
    for bad in [Double.nan, .infinity, -.infinity, 1e23, -1e300, 100_000_000.5 + 1] {
      #expect(PixelCoordinate.checked(bad) == nil)
    }
    #expect(Point(checkedX: 1e30, y: 0) == nil)
    #expect(Point(checkedX: 12.7, y: 3) == Point(x: 12, y: 3))
    #expect(Bounds(checkedLeft: 0, top: 0, right: Int.max, bottom: 1) == nil)
  }
}
