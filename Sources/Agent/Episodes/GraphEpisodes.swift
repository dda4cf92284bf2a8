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
    let ends = try db.visits(atDepthOfAtLeast: minimumDepth)
    var episodes: [Episode] = []
    for end in ends where episodes.count < limit {
      let chain = try db.visitChain(to: end)
      // Crawl paths may pass a page twice (the action did nothing, or came back); an episode
      // is a path that does not, so every step makes progress.
      guard !chain.isEmpty, Set(chain.map(\.page)).count == chain.count else { continue }
      var steps: [EpisodeStep] = []
      var lastLabel = ""
      var lastTyped: String?
      for (from, to) in zip(chain, chain.dropFirst()) {
        guard let step = try db.chainStep(from: from.visit, to: to.visit),
          let xml = step.xmlPath
        else { break }
        let (width, height) = EpisodeLoader.screenSize(xml: xml) ?? (720, 1280)
        var element: NormalizedBox?
        if let box = step.actedElement?.box, let left = Int(exactly: box.left),
          let top = Int(exactly: box.top), let right = Int(exactly: box.right),
          let bottom = Int(exactly: box.bottom)
        {
          element = NormalizedBox(
            pixels: Bounds(left: left, top: top, right: right, bottom: bottom),
            width: width, height: height)
        }
        let gold: CanonicalAction
        switch ActionType(spelling: step.action.type) {
        case .click:
          guard let element else { continue }
          gold = CanonicalAction(.tap, point: element.center, element: element)
        case .input:
          gold = CanonicalAction(
            .type, point: element?.center, text: step.action.text ?? "", element: element)
        case .scroll:
          if let swipe = step.action.mobile3MString.flatMap(PageAction.init(mobile3MString:))?
            .swipe
          {
            gold = .swipe(
              from: NormalizedPoint(
                pixelX: swipe.start.x, pixelY: swipe.start.y, width: width, height: height),
              to: NormalizedPoint(
                pixelX: swipe.end.x, pixelY: swipe.end.y, width: width, height: height))
          } else {
            gold = CanonicalAction(
              .swipe, direction: step.action.direction.flatMap(CanonicalAction.Direction.init))
          }
        case .back: gold = CanonicalAction(.back)
        case .longPress, .home, .enter, nil: continue
        }
        steps.append(
          EpisodeStep(
            xml: xml, screenshot: step.screenshotPath, width: width, height: height, gold: gold,
            next: step.nextXMLPath))
        let acted = step.actedElement
        lastLabel =
          acted.flatMap { $0.text.isEmpty ? nil : $0.text } ?? acted?.contentDescription ?? ""
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
      let name = try db.visitName(end)
      episodes.append(
        Episode(id: name ?? "visit \(end)", goal: goal, source: "mobile3m", steps: steps))
    }
    return episodes
  }
}
