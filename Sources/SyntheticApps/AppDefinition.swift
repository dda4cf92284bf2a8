import UIHierarchy

/// A small synthetic app, as `graphs/*.json` describes it: pages, their elements, and which
/// page each element leads to.
///
/// ```json
/// {"name": "notes", "package": "com.example.notes", "root": "home", "keywords": ["milk"],
///  "pages": {"home": {"title": "Notes", "clock": true,
///                     "elements": [{"text": "Settings", "to": "settings"},
///                                  {"kind": "scroll", "id": "list", "to": "home"}]}}}
/// ```
public struct AppDefinition: Codable, Sendable, Hashable {
  /// Short app name (Mobile3M's `name_en`, used in page names: `notes0_3_7`).
  public var name: String
  /// Android package.
  public var package: String
  /// The launch page.
  public var root: String
  /// Input keywords (Mobile3M typed each of an app's keywords into every text field).
  public var keywords: [String]?
  /// Pages by id.
  public var pages: [String: Page]

  /// An app from its parts.
  public init(
    name: String, package: String, root: String, keywords: [String]? = nil, pages: [String: Page]
  ) {
    self.name = name
    self.package = package
    self.root = root
    self.keywords = keywords
    self.pages = pages
  }

  /// One screen.
  public struct Page: Codable, Sendable, Hashable {
    /// The toolbar title.
    public var title: String
    /// Elements top to bottom.
    public var elements: [Element]
    /// Show a status-bar clock that changes between captures (a volatile element).
    public var clock: Bool?

    /// A page from its parts.
    public init(title: String, elements: [Element], clock: Bool? = nil) {
      self.title = title
      self.elements = elements
      self.clock = clock
    }
  }

  /// One interactive element.
  public struct Element: Codable, Sendable, Hashable {
    /// `click` (default), `scroll` or `input`: an ``ActionType`` raw value.
    public var kind: String?
    /// Visible text (empty for icons and lists).
    public var text: String?
    /// Resource-id suffix (`<package>:id/<id>`).
    public var id: String?
    /// Content description.
    public var desc: String?
    /// The page this element leads to; nil or the page itself when it changes nothing.
    public var to: String?

    /// The action the element takes, ``kind`` read (`click` when absent or unknown; an unknown
    /// kind is refused by ``AppDefinition/validate(source:)``).
    public var action: ActionType { kind.flatMap(ActionType.init(rawValue:)) ?? .click }

    /// The kinds an element may have.
    public static let kinds: [ActionType] = [.click, .scroll, .input]

    /// An element from its parts.
    public init(
      kind: String? = nil, text: String? = nil, id: String? = nil, desc: String? = nil,
      to: String? = nil
    ) {
      self.kind = kind
      self.text = text
      self.id = id
      self.desc = desc
      self.to = to
    }
  }

  /// Checks that the root and every `to` name a page, and that every page has elements.
  public func validate(source: String) throws {
    func fail(_ reason: String) -> SyntheticAppError {
      SyntheticAppError(source: source, reason: reason)
    }
    guard pages[root] != nil else { throw fail("root page '\(root)' is not defined") }
    for (id, page) in pages {
      for element in page.elements {
        if let to = element.to, to != "@external", pages[to] == nil {
          throw fail("page '\(id)': element leads to unknown page '\(to)'")
        }
        if let kind = element.kind,
          !Element.kinds.contains(where: { $0.rawValue == kind })
        {
          throw fail("page '\(id)': unknown element kind '\(kind)'")
        }
      }
    }
  }
}

/// A synthetic app definition that cannot be used.
public struct SyntheticAppError: Error, CustomStringConvertible, Sendable {
  /// The definition file.
  public var source: String
  /// What is wrong.
  public var reason: String

  public var description: String { "\(source): \(reason)" }
}
