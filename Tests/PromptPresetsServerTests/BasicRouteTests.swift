import Hummingbird
import HummingbirdTesting
import PromptPresets
@testable import PromptPresetsServer
import Testing

@Suite struct BasicRouteTests {
    @Test func healthzAnswersOK() async throws {
        try await TestServer().test { client in
            let response = try await client.send(.get, "/healthz", token: nil)
            #expect(response.status == .ok)
            #expect(response.json == .object(["status": .string("ok")]))
        }
    }

    @Test func unknownRoutesAreJSON404() async throws {
        try await TestServer().test { client in
            for (method, uri) in [(HTTPRequest.Method.get, "/api/v1/nope"), (.get, "/nothing/here"), (.post, "/api/v1/catalog")] {
                let response = try await client.send(method, uri)
                #expect(response.status == .notFound, "\(method) \(uri)")
                #expect(response.errorCode == "not_found")
                #expect(response.json["message"]?.stringValue?.isEmpty == false)
            }
        }
    }

    @Test func everyResponseCarriesSecurityHeaders() async throws {
        try await TestServer().test { client in
            for uri in ["/", "/api/v1/catalog", "/api/v1/nope"] {
                let response = try await client.send(.get, uri, token: nil)
                #expect(response.headers[.contentSecurityPolicy] == "default-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'")
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
            }
        }
    }

    @Test func catalogListsEveryOperation() async throws {
        try await TestServer().test { client in
            let response = try await client.send(.get, "/api/v1/catalog", token: nil)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json; charset=utf-8")
            let operations = response.json["operations"]?.arrayValue ?? []
            #expect(operations.count == 13)
            #expect(operations.first?["key"] == .string("scene_recap"))
            #expect(operations.first?["fields"]?.arrayValue?.count == 5)
        }
    }

    @Test func openAPIDocumentIsServed() async throws {
        try await TestServer(configuration: ServerConfiguration(openReads: false)).test { client in
            let response = try await client.send(.get, "/api/v1/openapi.json", token: nil)
            #expect(response.status == .ok)
            #expect(response.json["openapi"] == .string("3.1.0"))
        }
    }
}
