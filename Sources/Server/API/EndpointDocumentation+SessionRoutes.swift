/// What `/openapi.json` says about each of ``SessionRoutes``.
extension EndpointDocumentation {
  static let createSession = EndpointDocumentation(
    "Starts a live ingest session (write scope); its steps are pushed to "
      + "/v1/sessions/{session}/steps",
    body: "SessionRequest", json: .reference("Session"), errors: [400, 413])
  static let pushStep = EndpointDocumentation(
    "Records one screen of a session by the ingest rule and answers, once committed, the page "
      + "it folded into and whether it is new; a step id sent again adds nothing and gets the "
      + "same answer",
    body: "StepRequest", json: .reference("StepAnswer"), errors: [400, 404, 413])
}

/// The schemas of ``SessionRoutes``' bodies and answers.
extension APISchemas {
  static let sessions: [String: JSONSchema] = [
    "SessionRequest": .object(
      [
        "app": .text, "name": .text,
      ], required: []),
    "Session": .object(["id": .text, "app": .text], required: ["id"]),
    "StepRequest": .object(
      [
        "id": .string(), "xml": .string(), "screenshot": .string(format: "byte"),
        "from": .string(), "app": .string(), "name": .string(),
        "action": .object(
          [
            "type": .string(), "x": .number, "y": .number, "bounds": .string(),
            "text": .string(), "direction": .string(), "mobile3m": .string(),
          ], required: []),
      ], required: ["id", "xml"]),
    "StepAnswer": .object(
      [
        "session": .text, "step": .text, "page": .identifier, "name": .text, "app": .text,
        "newPage": .boolean, "visit": .identifier,
      ], required: ["session", "step", "page", "app", "newPage", "visit"]),
  ]
}
