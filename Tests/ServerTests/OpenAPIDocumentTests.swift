import Foundation
import TestSupport
import Testing

@testable import Server

@Suite("GET /openapi.json describes exactly the router's routes")
struct OpenAPIDocumentTests {
  let server: GraphServer
  let document: [String: Any]

  init() throws {
    server = try GraphServer(
      ServerConfiguration(
        databasePath: Fixtures.sampleGraph.get(),
        address: ListenAddress(host: "127.0.0.1", port: 0), version: "test"))
    let response = GraphServer.respond(
      to: HTTPRequest(method: "GET", path: "/openapi.json"), router: server.router, tokens: nil)
    #expect(response.status == 200)
    #expect(response.contentType == "application/json")
    document = try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any])
  }

  var paths: [String: [String: [String: Any]]] {
    (document["paths"] as? [String: [String: [String: Any]]]) ?? [:]
  }

  @Test("every route is an operation of the document and every operation a route")
  func sameEndpoints() throws {
    #expect((document["openapi"] as? String)?.hasPrefix("3.0") == true)
    let routes = Set(server.router.routes.map { "\($0.method.lowercased()) \($0.pattern)" })
    let operations = Set(paths.flatMap { path, methods in methods.keys.map { "\($0) \(path)" } })
    #expect(routes == operations)
    #expect(routes.contains("get /openapi.json"))
    #expect(routes.contains("post /v1/act"))
    #expect(routes.contains("post /v1/sessions/{session}/steps"))
    for route in server.router.routes {
      #expect(!route.documentation.summary.isEmpty, "\(route.pattern) has no summary")
    }
  }

  @Test("operations name their path parameters, tokens and error answers by the error schema")
  func operations() throws {
    for (path, methods) in paths {
      for (method, operation) in methods {
        let name = "\(method) \(path)"
        let parameters = operation["parameters"] as? [[String: Any]] ?? []
        let inPath = Set(
          parameters.filter { $0["in"] as? String == "path" }.compactMap {
            $0["name"] as? String
          })
        let placeholders = Set(
          path.split(separator: "/").filter { $0.hasPrefix("{") }.map {
            String($0.dropFirst().dropLast())
          })
        #expect(inPath == placeholders, "\(name)")
        let responses = try #require(operation["responses"] as? [String: Any], "\(name)")
        #expect(responses["200"] != nil, "\(name)")
        let security = try #require(operation["security"] as? [[String: [String]]], "\(name)")
        if path == "/v1/health" {
          #expect(security.isEmpty)
          #expect(responses["401"] == nil)
        } else {
          let scope = path.hasPrefix("/v1/sessions") ? "write" : "read"
          #expect(security.first?.keys.first == scope, "\(name)")
          for status in ["401", "403"] {
            let error = try #require(responses[status] as? [String: Any], "\(name) \(status)")
            let schema = (error["content"] as? [String: [String: [String: String]]])?[
              "application/json"]?["schema"]
            #expect(schema?["$ref"] == "#/components/schemas/Error", "\(name) \(status)")
          }
        }
        if method == "post" {
          #expect(operation["requestBody"] != nil, "\(name)")
          #expect(responses["400"] != nil && responses["413"] != nil, "\(name)")
        }
      }
    }
    #expect(
      paths["/v1/pages/{page}"]?["get"].flatMap { $0["responses"] as? [String: Any] }?["404"] != nil
    )
    let schemes = (document["components"] as? [String: Any])?["securitySchemes"] as? [String: Any]
    #expect(Set(schemes?.keys.map { $0 } ?? []) == ["read", "write"])
  }

  @Test("every $ref names a schema of components/schemas")
  func referencesResolve() throws {
    let schemas = try #require(
      (document["components"] as? [String: Any])?["schemas"] as? [String: Any])
    var references: [String] = []
    func collect(_ value: Any) {
      if let object = value as? [String: Any] {
        if let reference = object["$ref"] as? String { references.append(reference) }
        object.values.forEach(collect)
      } else if let array = value as? [Any] {
        array.forEach(collect)
      }
    }
    collect(document)
    #expect(references.count > 20)
    for reference in Set(references) {
      let prefix = "#/components/schemas/"
      #expect(reference.hasPrefix(prefix))
      #expect(schemas[String(reference.dropFirst(prefix.count))] != nil, "\(reference)")
    }
  }
}
