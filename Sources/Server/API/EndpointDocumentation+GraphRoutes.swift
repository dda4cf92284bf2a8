/// What `/openapi.json` says about each of ``GraphRoutes``.
extension EndpointDocumentation {
  static let health = EndpointDocumentation(
    "The server is up (the only endpoint that needs no token)", json: .reference("Health"))
  static let stats = EndpointDocumentation(
    "Counts over the graph, as `m3m stats --json`", json: .reference("Statistics"))
  static let apps = EndpointDocumentation(
    "The apps in the graph with their page and visit counts", json: .array(.reference("App")))
  static let pages = EndpointDocumentation(
    "Unique pages by id, of one app or all, optionally containing a text (paged)",
    query: [
      .optional("app", .text, "Only this app's pages"),
      .optional(
        "q", .text, "Only pages whose names or element texts contain this (case-insensitive)"),
      .optional("limit", .integer(minimum: 1, maximum: 1000), "Pages per answer (100)"),
      .optional("offset", .integer(minimum: 0, maximum: Int(Int32.max)), "Pages to skip (0)"),
    ],
    json: .reference("PageList"), errors: [400, 404])
  static let page = EndpointDocumentation(
    "A page's details and elements, as `m3m show --json`", json: .reference("PageDetails"),
    errors: [400, 404])
  static let leadsTo = EndpointDocumentation(
    "Which elements, on which pages, lead to the page, as `m3m leads-to --json`",
    query: [.optional("limit", .integer(minimum: 1, maximum: 1000), "Answers at most (20)")],
    json: .array(.reference("LeadsTo")), errors: [400, 404])
  static let leadsFrom = EndpointDocumentation(
    "Where the recorded actions on the page led: each action, its element, the other page it "
      + "reached, how often and how reliably (self-loops left out)",
    query: [.optional("limit", .integer(minimum: 1, maximum: 1000), "Answers at most (20)")],
    json: .array(.reference("LeadsFrom")), errors: [400, 404])
  static let screenshot = EndpointDocumentation(
    "The page's recorded screenshot, plain (PNG or JPEG, as recorded) or with its elements boxed (PNG)",
    query: [
      .optional("annotate", .string(values: ["1", "0", "true", "false"]), "Box the elements"),
      .optional(
        "highlight", .text, "A page: also box, in red, the element whose action leads there"),
    ],
    answers: ["image/png": .string(format: "binary"), "image/jpeg": .string(format: "binary")],
    errors: [400, 404])
  static let path = EndpointDocumentation(
    "The k shortest action paths between two pages, as `m3m path --json`",
    query: [
      .required("from", .text, "The page to start from (id or name)"),
      .required("to", .text, "The page to reach (id or name)"),
      .optional("k", .integer(minimum: 1, maximum: 20), "Paths at most (3)"),
    ],
    json: .array(.reference("Path")), errors: [400, 404])
  static let export = EndpointDocumentation(
    "The graph as `m3m export` writes it, streamed",
    query: [
      .required("format", .string(values: ["graphml", "dot", "json"]), "The format"),
      .optional("app", .text, "Only this app"),
      .optional(
        "unique", .string(values: ["1", "0", "true", "false"]), "Unique pages (1) or visits"),
    ],
    answers: [
      "application/graphml+xml": .text, "text/vnd.graphviz": .text,
      "application/json": .object([:], required: []),
    ], errors: [400, 404])
  static let graphSVG = EndpointDocumentation(
    "The app's unique-page graph laid out by Graphviz, as SVG: nodes link to /v1/pages/{id}, "
      + "edges are labelled by the element acted on",
    query: [.required("app", .text, "The app")],
    answers: ["image/svg+xml": .text], errors: [400, 404])
  static let identify = EndpointDocumentation(
    "The stored page a screen is, by the ingest rule, or none and the closest",
    body: "IdentifyRequest", json: .reference("Identification"), errors: [400, 413])
  static let act = EndpointDocumentation(
    "The agent's next action for a goal on a screen, as `m3m agent act --db --json`",
    body: "ActRequest", json: .reference("Decision"), errors: [400, 413])
  static let search = EndpointDocumentation(
    "Elements whose text, content-desc or resource-id contain a text, as `m3m search --json`",
    query: [
      .required("q", .text, "The text"),
      .optional("limit", .integer(minimum: 1, maximum: 1000), "Answers at most (20)"),
    ],
    json: .array(.reference("SearchHit")), errors: [400])
}
