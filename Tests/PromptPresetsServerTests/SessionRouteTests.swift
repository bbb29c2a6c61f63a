import Hummingbird
import HummingbirdTesting
import PromptPresets
@testable import PromptPresetsServer
import Testing

@Suite struct SessionRouteTests {
    @Test func openChangeFinish() async throws {
        let server = try await TestServer()
        try await server.test { client in
            let preset = try #require(try await client.send(.post, "/api/v1/presets", json: .object(["name": "P"])).json["id"]?.stringValue)
            let opened = try await client.send(.post, "/api/v1/sessions", json: .object(["preset": .string(preset), "operation": "scene_recap"]))
            #expect(opened.status == .created)
            #expect(opened.json["version"] == nil, "nothing saved yet: the property is left out")
            #expect(opened.json["createdVersion"] == .bool(false))
            let id = try #require(opened.json["session"]?["id"]?.stringValue)
            let again = try await client.send(.post, "/api/v1/sessions", json: .object(["preset": .string(preset), "operation": "scene_recap"]))
            #expect(again.status == .ok)
            #expect(again.json["session"]?["id"] == .string(id))

            let first = try await client.send(.patch, "/api/v1/sessions/\(id)", json: .object(["set": .object(["prompt": "Hello {{nope}}"])]))
            #expect(first.status == .ok)
            #expect(first.json["createdVersion"] == .bool(true))
            #expect(first.json["version"]?["name"] == .string("v1"))
            #expect(first.json["lintWarnings"]?.arrayValue?.contains { $0["variable"] == .string("nope") } == true)

            // The preset points at the new version immediately (auto-save).
            let resolved = try await client.send(.get, "/api/v1/resolve?operation=scene_recap&profile=Default")
            #expect(resolved.json["preset"] == .string("Default"))
            let presetNow = try await client.send(.get, "/api/v1/presets/\(preset)")
            #expect(presetNow.json["operations"]?[0]?["artifact"]?["name"] == .string("v1"))

            var config = try #require(first.json["session"]?["config"]?.objectValue)
            config["prefill"] = .string("Sure:")
            let second = try await client.send(.patch, "/api/v1/sessions/\(id)", json: .object(["config": .object(config)]))
            #expect(second.json["createdVersion"] == .bool(false))
            #expect(second.json["version"]?["name"] == .string("v1"))

            let got = try await client.send(.get, "/api/v1/sessions/\(id)")
            #expect(got.json["session"]?["config"]?["prefill"] == .string("Sure:"))
            let list = try await client.send(.get, "/api/v1/sessions")
            #expect(list.json.arrayValue?.count == 1)

            let finished = try await client.send(.post, "/api/v1/sessions/\(id)/finish")
            #expect(finished.status == .ok)
            #expect(finished.json["version"]?["name"] == .string("v1"))
            #expect(try server.stored().sessions.isEmpty)
            let gone = try await client.send(.get, "/api/v1/sessions/\(id)")
            #expect(gone.status == .notFound)
        }
    }

    @Test func cancelRestoresThePreviousReference() async throws {
        let server = try await TestServer()
        try await server.test { client in
            let preset = try #require(try await client.send(.post, "/api/v1/presets", json: .object(["name": "P"])).json["id"]?.stringValue)
            let opened = try await client.send(.post, "/api/v1/sessions", json: .object(["preset": .string(preset), "operation": "scene_recap"]))
            let id = try #require(opened.json["session"]?["id"]?.stringValue)
            _ = try await client.send(.patch, "/api/v1/sessions/\(id)", json: .object(["set": .object(["prompt": "changed"])]))
            let cancelled = try await client.send(.post, "/api/v1/sessions/\(id)/cancel")
            #expect(cancelled.status == .ok)
            #expect(cancelled.json["version"] == nil)
            #expect(cancelled.json["presetReference"] == nil)
            #expect(try server.stored().artifacts.isEmpty)
        }
    }

    @Test func badSessionInput() async throws {
        let server = try await TestServer()
        try await server.test { client in
            let preset = try #require(try await client.send(.post, "/api/v1/presets", json: .object(["name": "P"])).json["id"]?.stringValue)
            // Editing Default opens a session and creates nothing until the first real change.
            let onDefault = try await client.send(.post, "/api/v1/sessions", json: .object(["preset": "default", "operation": "scene_recap"]))
            #expect(onDefault.status == .created)
            #expect(try server.stored().presets.count == 1)
            let badCopy = try await client.send(.post, "/api/v1/sessions", json: .object([
                "preset": "default", "operation": "scene_recap", "editor": "tab-2", "bindCopyTo": .object(["scope": "planet", "key": "x"]),
            ]))
            #expect(badCopy.status == .badRequest)
            let unknownOperation = try await client.send(.post, "/api/v1/sessions", json: .object(["preset": .string(preset), "operation": "nope"]))
            #expect(unknownOperation.status == .notFound)
            let missing = try await client.send(.post, "/api/v1/sessions", json: .object(["preset": .string(preset)]))
            #expect(missing.status == .badRequest)

            let opened = try await client.send(.post, "/api/v1/sessions", json: .object(["preset": .string(preset), "operation": "scene_recap"]))
            let id = try #require(opened.json["session"]?["id"]?.stringValue)
            let both = try await client.send(.patch, "/api/v1/sessions/\(id)", json: .object(["config": .object([:]), "set": .object(["prompt": "x"])]))
            #expect(both.status == .badRequest)
            let wrongType = try await client.send(.patch, "/api/v1/sessions/\(id)", json: .object(["set": .object(["prompt": 12])]))
            #expect(wrongType.status == .unprocessableContent)
            #expect(wrongType.json["message"]?.stringValue?.contains("scene_recap.prompt: expected a string") == true)
            let unknownField = try await client.send(.patch, "/api/v1/sessions/\(id)", json: .object(["set": .object(["bogus": "x"])]))
            #expect(unknownField.status == .unprocessableContent)
            #expect(try server.stored().artifacts.isEmpty)
            let unknownSession = try await client.send(.patch, "/api/v1/sessions/nope", json: .object(["set": .object(["prompt": "x"])]))
            #expect(unknownSession.status == .notFound)
            let finishUnknown = try await client.send(.post, "/api/v1/sessions/nope/finish")
            #expect(finishUnknown.status == .notFound)
            let cancelUnknown = try await client.send(.post, "/api/v1/sessions/nope/cancel")
            #expect(cancelUnknown.status == .notFound)
        }
    }
}

@Suite struct BindingRouteTests {
    @Test func setListClear() async throws {
        let server = try await TestServer()
        try await server.test { client in
            let preset = try #require(try await client.send(.post, "/api/v1/presets", json: .object(["name": "P"])).json["id"]?.stringValue)
            let key = "Chat #1 / with?odd&chars"
            let set = try await client.send(.put, "/api/v1/bindings", json: .object(["scope": "chat", "key": .string(key), "preset": .string(preset)]))
            #expect(set.status == .ok)
            #expect(set.json["presetName"] == .string("P"))
            _ = try await client.send(.put, "/api/v1/bindings", json: .object(["scope": "profile", "key": "Default", "preset": "default"]))
            let list = try await client.send(.get, "/api/v1/bindings")
            #expect(list.json.arrayValue?.count == 2)
            let chats = try await client.send(.get, "/api/v1/bindings?scope=chat")
            #expect(chats.json.arrayValue?.map { $0["key"] } == [.string(key)])

            let cleared = try await client.send(.delete, "/api/v1/bindings?scope=chat&key=\(encoded(key))")
            #expect(cleared.status == .ok)
            #expect(cleared.json["key"] == .string(key))
            #expect(try server.stored().bindings.chats.isEmpty)
            let again = try await client.send(.delete, "/api/v1/bindings?scope=chat&key=\(encoded(key))")
            #expect(again.status == .notFound)
        }
    }

    @Test func badBindingInput() async throws {
        let server = try await TestServer()
        try await server.test { client in
            let badScope = try await client.send(.put, "/api/v1/bindings", json: .object(["scope": "planet", "key": "x", "preset": "default"]))
            #expect(badScope.status == .badRequest)
            let unknownPreset = try await client.send(.put, "/api/v1/bindings", json: .object(["scope": "chat", "key": "x", "preset": "nope"]))
            #expect(unknownPreset.status == .notFound)
            let emptyKey = try await client.send(.put, "/api/v1/bindings", json: .object(["scope": "chat", "key": "  ", "preset": "default"]))
            #expect(emptyKey.status == .unprocessableContent)
            let missingKey = try await client.send(.delete, "/api/v1/bindings?scope=chat")
            #expect(missingKey.status == .badRequest)
            #expect(try server.stored().bindings.count == 0)
        }
    }
}
