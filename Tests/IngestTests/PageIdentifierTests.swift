import Ingest
import Testing

@Suite("Page identity (Mobile3M rule)")
struct PageIdentifierTests {
  let header = ["<p> Settings </p>", "<button> Back </button>", "<div> list </div>"]

  func page(_ extra: [String]) -> LineHashes { LineHashes(header + extra) }

  @Test("a clock that changed is the same page; a different list is a new page")
  func nearDuplicates() {
    var identifier = PageIdentifier(rule: PageIdentityRule())
    identifier.register(
      page: 1, lines: page(["<p> 12:30 </p>", "<p> Wi-Fi </p>", "<p> Bluetooth </p>"]))
    let clock = identifier.identify(
      page(["<p> 12:31 </p>", "<p> Wi-Fi </p>", "<p> Bluetooth </p>"]), parent: nil
    ) { _ in 0.01 }
    #expect(clock.page == 1 && clock.kind == .retrieved)
    let other = identifier.identify(
      page([
        "<p> Apps </p>", "<p> Battery </p>", "<p> Storage </p>", "<p> Sound </p>",
        "<p> Display </p>", "<p> About </p>", "<p> Privacy </p>",
      ]),
      parent: nil
    ) { _ in 0.01 }
    #expect(other.page == nil && other.kind == .new)
  }

  @Test("the pixel test rejects a page whose screenshot changed too much")
  func pixels() {
    var identifier = PageIdentifier(rule: PageIdentityRule())
    identifier.register(page: 1, lines: page([]))
    #expect(identifier.identify(page([]), parent: nil) { _ in 0.29 }.page == 1)
    #expect(identifier.identify(page([]), parent: nil) { _ in 0.3 }.page == nil)
    #expect(identifier.identify(page([]), parent: nil) { _ in nil }.kind == .exact)
  }

  @Test("the parent is tried before retrieval, and an unchanged screen is a self-loop")
  func parent() {
    var identifier = PageIdentifier(rule: PageIdentityRule())
    identifier.register(page: 1, lines: page(["<p> a </p>"]))
    identifier.register(page: 2, lines: page(["<p> a </p>", "<p> b </p>"]))
    let match = identifier.identify(page(["<p> a </p>", "<p> b </p>", "<p> c </p>"]), parent: 1) {
      _ in 0
    }
    #expect(match.page == 1 && match.kind == .parent)
    let same = identifier.identify(page(["<p> a </p>"]), parent: 1) { _ in 0 }
    #expect(same.page == 1 && same.kind == .parent)
  }

  @Test("thresholds are options: Jaccard must be strictly greater")
  func thresholds() {
    var strict = PageIdentifier(rule: PageIdentityRule(jaccard: 0.9, pixel: 0.3, topK: 5))
    strict.register(page: 1, lines: LineHashes(["a", "b", "c", "d"]))
    #expect(strict.identify(LineHashes(["a", "b", "c", "e"]), parent: nil) { _ in 0 }.page == nil)
    var loose = PageIdentifier(rule: PageIdentityRule(jaccard: 0.5, pixel: 0.3, topK: 5))
    loose.register(page: 1, lines: LineHashes(["a", "b", "c", "d"]))
    // 3 shared of 5 distinct = 0.6 > 0.5
    #expect(loose.identify(LineHashes(["a", "b", "c", "e"]), parent: nil) { _ in 0 }.page == 1)
    // 2 of 6 = 0.33: no
    #expect(loose.identify(LineHashes(["a", "b", "x", "y"]), parent: nil) { _ in 0 }.page == nil)
  }
}
