import Foundation
import HummingbirdTesting
import PromptPresets
@testable import PromptPresetsServer
import Testing

/// The routes served through the generated `APIProtocol` refuse what the document does not allow
/// with a message naming the field, and change nothing when they do.
@Suite struct GeneratedRouteTests {
    @Test(arguments: [
        (#"{"name": "Claude", "colour": "blue"}"#, "Unknown field 'colour'."),
        (#"{"api": "anthropic"}"#, "Field 'name' is required."),
        (#"{"name": 3}"#, "Field 'name': "),
        (#"{"name": "Claude""#, "Malformed JSON body"),
    ])
    func aBodyTheDocumentRefusesNamesWhatIsWrong(body: String, message: String) async throws {
        let server = try await TestServer()
        let before = try server.stored()
        try await server.test { client in
            let response = try await client.send(.post, "/api/v1/connections", body: body)
            #expect(response.status == .badRequest)
            #expect(response.json["error"] == .string("bad_request"))
            let text = response.json["message"]?.stringValue ?? ""
            #expect(text.hasPrefix(message), "message: \(text)")
        }
        #expect(try server.stored().connectionProfiles == before.connectionProfiles)
    }

    @Test func aScopeTheDocumentDoesNotListIsRefused() async throws {
        let server = try await TestServer()
        try await server.test { client in
            let put = try await client.send(
                .put, "/api/v1/bindings", json: .object(["scope": "planet", "key": "k", "preset": "default"]))
            #expect(put.status == .badRequest)
            #expect(put.json["message"]?.stringValue?.contains("'scope'") == true)
            let missing = try await client.send(.delete, "/api/v1/bindings?key=k")
            #expect(missing.status == .badRequest)
            #expect(missing.json["message"]?.stringValue?.hasPrefix("A parameter of 'clearBinding' is missing") == true)
        }
        #expect(try server.stored().bindings.all.isEmpty)
    }

    @Test func bindingsAreListedByScopeAndByKey() async throws {
        let server = try await TestServer()
        try await server.test { client in
            let created = try await client.send(.post, "/api/v1/presets", json: .object(["name": "Mine"]))
            let id = try #require(created.json["id"]?.stringValue)
            for (scope, key) in [("chat", "alice"), ("character", "alice"), ("chat", "bob")] {
                _ = try await client.send(.put, "/api/v1/bindings", json: .object(["scope": .string(scope), "key": .string(key), "preset": .string(id)]))
            }
            let alice = try await client.send(.get, "/api/v1/bindings?key=alice")
            #expect(alice.json.arrayValue?.compactMap { $0["scope"]?.stringValue } == ["character", "chat"])
            let aliceChat = try await client.send(.get, "/api/v1/bindings?scope=chat&key=alice")
            #expect(aliceChat.json.arrayValue?.count == 1)
            #expect(aliceChat.json[0]?["presetName"] == .string("Mine"))
            let chats = try await client.send(.get, "/api/v1/bindings?scope=chat")
            #expect(chats.json.arrayValue?.compactMap { $0["key"]?.stringValue } == ["alice", "bob"])
            let nobody = try await client.send(.get, "/api/v1/bindings?scope=profile&key=alice")
            #expect(nobody.json == .array([]))
        }
    }

    @Test func anAnswerLeavesOutWhatHasNoValue() async throws {
        let server = try await TestServer()
        try await server.test { client in
            let created = try await client.send(.post, "/api/v1/presets", json: .object(["name": "Mine"]))
            let id = try #require(created.json["id"]?.stringValue)
            let bound = try await client.send(
                .put, "/api/v1/bindings", json: .object(["scope": "chat", "key": "c1", "preset": .string(id)]))
            #expect(bound.json["presetName"] == .string("Mine"))
            let cleared = try await client.send(.delete, "/api/v1/bindings?scope=chat&key=c1")
            #expect(cleared.status == .ok)
            #expect(cleared.json["preset"] == .string(id))
            let audit = try await client.send(.get, "/api/v1/audit?limit=1")
            let entry = try #require(audit.json[0]?.objectValue)
            #expect(entry["action"] == .string("binding.clear"))
            #expect(entry["before"] == .string(id))
            #expect(entry["after"] == nil, "a cleared binding points nowhere: the property is left out, not null")
        }
    }
}
