/// The schemas of the API's JSON documents (`components/schemas` of `/openapi.json`), written
/// after the Codable types the handlers encode: an optional property is left out when nil.
enum APISchemas {
  static let all: [String: JSONSchema] = [
    "Error": .object(
      [
        "error": .object(
          ["status": .integer(minimum: 400, maximum: 599), "code": .text, "message": .text],
          required: ["status", "code", "message"])
      ], required: ["error"]),
    "Health": .object(
      ["status": .string(values: ["ok"]), "version": .text], required: ["status", "version"]),
    "Statistics": .object(
      [
        "apps": count, "sources": count, "visits": count, "uniquePages": count,
        "uniqueEdges": count, "selfLoops": count, "transitions": count, "rejects": count,
        "visitsPerDepth": .dictionary(count),
      ],
      required: [
        "apps", "sources", "visits", "uniquePages", "uniqueEdges", "selfLoops", "transitions",
        "rejects", "visitsPerDepth",
      ]),
    "App": .object(
      [
        "id": .identifier, "name": .text, "package": .text, "pages": count, "visits": count,
      ], required: ["id", "name", "pages", "visits"]),
    "PageList": .object(
      [
        "total": count, "offset": count, "limit": count,
        "pages": .array(
          .object(
            [
              "id": .identifier, "app": .text, "name": .text, "visits": count,
              "screenshot": .boolean,
            ], required: ["id", "app", "visits", "screenshot"])),
      ], required: ["total", "offset", "limit", "pages"]),
    "ElementSummary": .object(
      [
        "id": .identifier, "className": .text, "text": .text, "contentDescription": .text,
        "resourceID": .text, "bounds": .text,
      ], required: ["id", "className", "text", "contentDescription", "resourceID"]),
    "PageDetails": .object(
      [
        "id": .identifier, "app": .text, "names": .array(.text), "visits": count, "html": .text,
        "xmlPath": .text, "screenshotPath": .text, "outgoingEdges": count,
        "incomingEdges": count,
        "elements": .array(
          .object(
            [
              "summary": .reference("ElementSummary"), "nodeIndex": .integer(),
              "box": .array(.integer()), "clickable": .boolean, "scrollable": .boolean,
              "editable": .boolean,
            ], required: ["summary", "nodeIndex", "clickable", "scrollable", "editable"])),
      ],
      required: [
        "id", "app", "names", "visits", "html", "elements", "outgoingEdges", "incomingEdges",
      ]),
    "LeadsTo": .object(
      [
        "fromPage": .identifier, "fromName": .text, "actionType": .text, "mobile3M": .text,
        "element": .reference("ElementSummary"), "count": count, "attempts": count,
        "reliability": .number,
      ], required: ["fromPage", "actionType", "count", "attempts", "reliability"]),
    "RecordedTransition": .object(
      [
        "fromPage": .identifier, "toPage": .identifier, "actionType": .text, "text": .text,
        "direction": .text, "mobile3M": .text, "element": .reference("ElementSummary"),
        "x": .integer(), "y": .integer(), "count": count,
      ], required: ["fromPage", "toPage", "actionType", "count"]),
    "LeadsFrom": .object(
      [
        "transition": .reference("RecordedTransition"), "toName": .text, "attempts": count,
        "reliability": .number,
      ], required: ["transition", "attempts", "reliability"]),
    "Path": .object(
      [
        "pages": .array(.identifier),
        "steps": .array(
          .object(
            [
              "fromPage": .identifier, "fromName": .text, "toPage": .identifier,
              "actionType": .text, "mobile3M": .text, "text": .text, "direction": .text,
              "element": .reference("ElementSummary"), "count": count,
            ], required: ["fromPage", "toPage", "actionType", "count"])),
      ], required: ["pages", "steps"]),
    "SearchHit": .object(
      [
        "page": .identifier, "pageName": .text, "app": .text,
        "element": .reference("ElementSummary"),
      ], required: ["page", "app", "element"]),
    "Identification": .object(
      [
        "page": .identifier, "app": .text,
        "matchedBy": .string(values: ["exact", "retrieved", "new"]), "jaccard": .number,
        "pixelDifference": .number, "closestPage": .identifier, "closestJaccard": .number,
      ], required: ["matchedBy"]),
    "Decision": .object(
      [
        "action": .object(
          [
            "kind": .string(values: [
              "tap", "long_press", "swipe", "type", "press_back", "press_home", "press_enter",
              "open_app", "wait", "status_complete", "status_impossible",
            ]),
            "point": point, "end": point,
            "direction": .string(values: ["up", "down", "left", "right"]), "text": .text,
            "element": .object(
              ["left": .number, "top": .number, "right": .number, "bottom": .number],
              required: ["left", "top", "right", "bottom"]),
          ], required: ["kind"]),
        "element": .object(["label": .text, "bounds": .text], required: ["label", "bounds"]),
        "confidence": .number, "reason": .text, "answer": .text, "fromMemory": .boolean,
      ], required: ["confidence", "reason", "answer", "fromMemory"]),
    "IdentifyRequest": .object(
      [
        "xml": .string(), "screenshot": .string(format: "byte"),
      ], required: ["xml"]),
    "ActRequest": .object(
      [
        "xml": .string(), "screenshot": .string(format: "byte"), "goal": .string(),
        "lang": .string(values: ["zh", "en"]),
      ], required: ["xml", "goal"]),
  ]

  /// A number of things.
  static let count = JSONSchema.integer(minimum: 0)
  /// A point in 0…1 screen units.
  static let point = JSONSchema.object(["x": .number, "y": .number], required: ["x", "y"])
}
