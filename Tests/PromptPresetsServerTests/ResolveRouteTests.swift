import Hummingbird
import HummingbirdTesting
import PromptPresets
@testable import PromptPresetsServer
import Testing

@Suite struct ResolveRouteTests {
    @Test func resolvesOneOperationAsTheCLIDoes() async throws {
        let server = try await TestServer()
        try await server.test { client in
            let response = try await client.send(.get, "/api/v1/resolve?operation=scene_recap", token: nil)
            #expect(response.status == .ok)
            let expected = try server.library.snapshot.resolve("scene_recap", in: Context()).jsonValue
            #expect(response.json == expected)
            #expect(response.json["source"] == .string("default"))
            #expect(response.headers[.eTag]?.hasPrefix("\"") == true)
        }
    }

    @Test func resolvesEveryOperationWithoutAnOperation() async throws {
        try await TestServer().test { client in
            let response = try await client.send(.get, "/api/v1/resolve?chat=c1&profile=Default", token: nil)
            #expect(response.status == .ok)
            #expect(response.json.arrayValue?.count == 13)
        }
    }

    @Test func answers304WhenTheETagStillMatches() async throws {
        try await TestServer().test { client in
            let first = try await client.send(.get, "/api/v1/resolve?operation=scene_recap&chat=c1")
            let tag = try #require(first.headers[.eTag])
            let second = try await client.send(.get, "/api/v1/resolve?operation=scene_recap&chat=c1", headers: [.ifNoneMatch: tag])
            #expect(second.status == .notModified)
            #expect(second.body.readableBytes == 0)
            #expect(second.headers[.eTag] == tag)

            // Binding the chat changes the answer, so the old tag no longer matches.
            let preset = try await client.send(.post, "/api/v1/presets", json: .object(["name": "Chatty"]))
            let id = try #require(preset.json["id"]?.stringValue)
            let bound = try await client.send(.put, "/api/v1/bindings", json: .object(["scope": "chat", "key": "c1", "preset": .string(id)]))
            #expect(bound.status == .ok)
            let third = try await client.send(.get, "/api/v1/resolve?operation=scene_recap&chat=c1", headers: [.ifNoneMatch: tag])
            #expect(third.status == .ok)
            #expect(third.json["preset"] == .string("Chatty"))
            #expect(third.json["source"] == .string("chat"))
            #expect(third.headers[.eTag] != tag)
        }
    }

    @Test func unknownOperationIs404() async throws {
        try await TestServer().test { client in
            let response = try await client.send(.get, "/api/v1/resolve?operation=nope")
            #expect(response.status == .notFound)
            #expect(response.json["message"]?.stringValue?.contains("Unknown operation 'nope'") == true)
        }
    }

    @Test func contextKeysAreDecodedFromTheQuery() async throws {
        try await TestServer().test { client in
            let key = "chat/with spaces & ünïcode?"
            let preset = try await client.send(.post, "/api/v1/presets", json: .object(["name": "P"]))
            let id = try #require(preset.json["id"]?.stringValue)
            _ = try await client.send(.put, "/api/v1/bindings", json: .object(["scope": "chat", "key": .string(key), "preset": .string(id)]))
            let response = try await client.send(.get, "/api/v1/resolve?operation=scene_recap&chat=\(encoded(key))")
            #expect(response.json["preset"] == .string("P"))
        }
    }
}
