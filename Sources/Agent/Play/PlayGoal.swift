import Foundation
import Geometry
import GraphStore
import Tasks

/// A goal for closed-loop play: a navigation instruction naming the element whose action leads
/// to a page of the app, and that page.
public struct PlayGoal: Sendable, Codable, Hashable {
  /// 1, 2, … in draw order.
  public var number: Int
  /// The instruction the agent is given ("Tap Reviews").
  public var instruction: String
  /// The goal page (a unique page of the reference graph).
  public var page: Int64
  /// A name of the goal page.
  public var pageName: String?
  /// The element label, or the typed text, the instruction names.
  public var target: String
  /// Actions on the shortest recorded path from the launch page to the goal page.
  public var depth: Int

  /// A goal from its parts.
  public init(
    number: Int, instruction: String, page: Int64, pageName: String?, target: String, depth: Int
  ) {
    self.number = number
    self.instruction = instruction
    self.page = page
    self.pageName = pageName
    self.target = target
    self.depth = depth
  }
}

extension PlayGoal {
  /// Every goal the reference graph offers for app `app`, in page order: each page reachable
  /// from the launch page whose shortest path ends with a tap on a labelled element or an input
  /// of a text, when that label leads to this page only (an instruction that names it cannot mean
  /// another page: "Back" is never a goal). The instruction is one of `language`'s navigation
  /// templates (Tasks), chosen by `seed`.
  public static func candidates(
    app: Int64, in reference: Database, language: PromptTemplates.Language, seed: UInt64
  ) throws -> [PlayGoal] {
    let templates = try PromptTemplates.load(language)
    let pages = try reference.pageIDs(ofApp: app)
    guard let first = pages.first, let launch = try reference.launchPage(ofAppOf: first) else {
      return []
    }
    var goals: [PlayGoal] = []
    for page in pages where page != launch {
      guard let path = try reference.shortestPaths(from: launch, to: page).first,
        let last = path.steps.last
      else { continue }
      let input = last.actionType == "input"
      let label: String
      if input {
        label = last.text ?? ""
      } else if last.actionType == "click" || last.actionType == "long_press",
        let element = last.element
      {
        label = element.text.isEmpty ? element.contentDescription : element.text
      } else {
        continue
      }
      let trimmed = label.trimmingCharacters(in: .whitespacesAndNewlines)
      guard !trimmed.isEmpty, try reference.pagesReached(byActionOn: trimmed, app: app) == [page]
      else { continue }
      var random = SeededGenerator(seed: seed &+ UInt64(bitPattern: page))
      let choices = input ? templates.navigationInput : templates.navigationClick
      guard let template = choices.randomElement(using: &random) else { continue }
      goals.append(
        PlayGoal(
          number: 0, instruction: PromptTemplates.fill(template, text: trimmed), page: page,
          pageName: try reference.pageDetails(page)?.names.first,
          target: trimmed, depth: path.length))
    }
    return goals
  }

  /// `count` goals drawn from ``candidates(app:in:language:seed:)`` without replacement (all of
  /// them when there are fewer), the same for the same graph and seed; numbered in draw order.
  public static func draw(
    _ count: Int, app: Int64, in reference: Database, language: PromptTemplates.Language,
    seed: UInt64
  ) throws -> [PlayGoal] {
    var random = SeededGenerator(seed: seed)
    let all = try candidates(app: app, in: reference, language: language, seed: seed)
    return all.shuffled(using: &random).prefix(max(0, count)).enumerated().map { index, goal in
      var goal = goal
      goal.number = index + 1
      return goal
    }
  }

  /// The goal an instruction names: the element (or typed text) in its template slot, else the
  /// whole instruction, must lead to pages of app `app`; the one nearest the launch page is
  /// the goal page. Nil when nothing recorded leads anywhere under that name.
  public static func named(_ instruction: String, app: Int64, in reference: Database) throws
    -> PlayGoal?
  {
    let templates = PromptTemplates.Language.allCases.compactMap { try? PromptTemplates.load($0) }
    let trimmed = instruction.trimmingCharacters(in: .whitespacesAndNewlines)
    let slot = PromptTemplates.slotText(
      in: trimmed, templates: templates.flatMap { $0.navigationClick + $0.navigationInput })
    let pages = try reference.pageIDs(ofApp: app)
    guard let first = pages.first, let launch = try reference.launchPage(ofAppOf: first) else {
      return nil
    }
    for label in [slot, trimmed].compactMap({ $0 }) {
      var best: (page: Int64, depth: Int)?
      for page in try reference.pagesReached(byActionOn: label, app: app) {
        guard let path = try reference.shortestPaths(from: launch, to: page).first else { continue }
        if best.map({ path.length < $0.depth }) ?? true { best = (page, path.length) }
      }
      if let best {
        return PlayGoal(
          number: 1, instruction: trimmed, page: best.page,
          pageName: try reference.pageDetails(best.page)?.names.first, target: label,
          depth: best.depth)
      }
    }
    return nil
  }
}
