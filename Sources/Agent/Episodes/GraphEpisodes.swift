import Foundation
import Geometry
import GraphStore
import Tasks
import UIHierarchy

/// Episodes from a graph's recorded paths (Mobile3M page names are action traces from the app's
/// root): for every visit at depth 3 or more whose path visits no unique page twice, the chain
/// of visits from its root to it, each step the screen and the recorded action to the next; the goal is a navigation instruction (the
/// original's templates) naming the last step's element, or the text it typed.
public enum GraphEpisodes {
  /// Up to `limit` episodes, deepest visits first (then by id), deterministic for `seed`.
  public static func episodes(
    in db: Database, language: PromptTemplates.Language = .zh, limit: Int = 100,
    minimumDepth: Int = 3, seed: UInt64 = 0
  ) throws -> [Episode] {
    let templates = try PromptTemplates.load(language)
    let ends = try db.fetchAll(
      "SELECT id FROM visit WHERE depth >= ? ORDER BY depth DESC, id",
      [.integer(Int64(minimumDepth))]
    ).compactMap { $0.first?.int64 }
    var episodes: [Episode] = []
    for end in ends where episodes.count < limit {
      var chain: [Int64] = [end]
      while let parent = try db.scalar(
        "SELECT parent_visit_id FROM visit WHERE id = ?", [.integer(chain[0])])
      {
        chain.insert(parent, at: 0)
      }
      // Crawl paths may pass a page twice (the action did nothing, or came back); an episode
      // is a path that does not, so every step makes progress.
      var pages: Set<Int64> = []
      let simple = try chain.allSatisfy { visit in
        let page = try db.scalar("SELECT page_id FROM visit WHERE id = ?", [.integer(visit)])
        return page.map { pages.insert($0).inserted } ?? false
      }
      guard simple else { continue }
      var steps: [EpisodeStep] = []
      var lastLabel = ""
      var lastTyped: String?
      for (from, to) in zip(chain, chain.dropFirst()) {
        guard
          let row = try db.fetchOne(
            """
            SELECT v.xml_path, v.screenshot_path, a.type, a.mobile3m, a.text, a.direction,
                   el.x1, el.y1, el.x2, el.y2, el.text, el.content_desc,
                   (SELECT xml_path FROM visit WHERE id = e.to_visit)
            FROM visit_edge e JOIN visit v ON v.id = e.from_visit JOIN action a ON a.id = e.action_id
            LEFT JOIN element el ON el.id = e.element_id
            WHERE e.from_visit = ? AND e.to_visit = ?
            """, [.integer(from), .integer(to)]),
          let xml = row[0].string
        else { break }
        let (width, height) = EpisodeLoader.screenSize(xml: xml) ?? (720, 1280)
        var element: NormalizedBox?
        if let x1 = row[6].int64, let y1 = row[7].int64, let x2 = row[8].int64,
          let y2 = row[9].int64
        {
          element = NormalizedBox(
            pixels: Bounds(left: Int(x1), top: Int(y1), right: Int(x2), bottom: Int(y2)),
            width: width, height: height)
        }
        let gold: CanonicalAction
        switch row[2].string.flatMap(ActionType.init(spelling:)) {
        case .click:
          guard let element else { continue }
          gold = CanonicalAction(.tap, point: element.center, element: element)
        case .input:
          gold = CanonicalAction(
            .type, point: element?.center, text: row[4].string ?? "", element: element)
        case .scroll:
          if let swipe = row[3].string.flatMap(PageAction.init(mobile3MString:))?.swipe {
            gold = .swipe(
              from: NormalizedPoint(
                pixelX: swipe.start.x, pixelY: swipe.start.y, width: width, height: height),
              to: NormalizedPoint(
                pixelX: swipe.end.x, pixelY: swipe.end.y, width: width, height: height))
          } else {
            gold = CanonicalAction(
              .swipe, direction: row[5].string.flatMap(CanonicalAction.Direction.init))
          }
        case .back: gold = CanonicalAction(.back)
        case .longPress, .home, .enter, nil: continue
        }
        steps.append(
          EpisodeStep(
            xml: xml, screenshot: row[1].string, width: width, height: height, gold: gold,
            next: row[12].string))
        lastLabel = row[10].string.flatMap { $0.isEmpty ? nil : $0 } ?? row[11].string ?? ""
        lastTyped = gold.kind == .type ? gold.text : nil
      }
      guard steps.count >= minimumDepth - 1 else { continue }
      var random = SeededGenerator(seed: seed &+ UInt64(bitPattern: end))
      let goal: String
      if let typed = lastTyped {
        goal = PromptTemplates.fill(
          templates.navigationInput.randomElement(using: &random)!, text: typed)
      } else {
        goal = PromptTemplates.fill(
          templates.navigationClick.randomElement(using: &random)!, text: lastLabel)
      }
      let name = try db.fetchOne(
        "SELECT coalesce(name, record) FROM visit WHERE id = ?", [.integer(end)])?.first?.string
      episodes.append(
        Episode(id: name ?? "visit \(end)", goal: goal, source: "mobile3m", steps: steps))
    }
    return episodes
  }
}
