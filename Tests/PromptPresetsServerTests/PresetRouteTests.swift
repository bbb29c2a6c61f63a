import Hummingbird
import HummingbirdTesting
import PromptPresets
@testable import PromptPresetsServer
import Testing

@Suite struct PresetRouteTests {
    @Test func createListGetRenameDescribeDuplicateDelete() async throws {
        let server = try await TestServer()
        try await server.test { client in
            let created = try await client.send(.post, "/api/v1/presets", json: .object(["name": "Alice", "description": "for Alice"]))
            #expect(created.status == .created)
            #expect(created.headers[.eTag] == "\"1\"")
            let id = try #require(created.json["id"]?.stringValue)
            #expect(created.json["operations"]?.arrayValue?.count == 13)

            let list = try await client.send(.get, "/api/v1/presets", token: nil)
            #expect(list.json.arrayValue?.map { $0["name"]?.stringValue } == ["Default", "Alice"])

            let got = try await client.send(.get, "/api/v1/presets/\(id)", token: nil)
            #expect(got.json["description"] == .string("for Alice"))

            let renamed = try await client.send(.patch, "/api/v1/presets/\(id)", json: .object(["name": "Alice 2", "description": "new"]),
                                                headers: [.ifMatch: "\"1\""])
            #expect(renamed.status == .ok)
            #expect(renamed.json["name"] == .string("Alice 2"))
            #expect(renamed.json["description"] == .string("new"))
            #expect(renamed.json["revision"] == .int(3))
            #expect(renamed.headers[.eTag] == "\"3\"")

            let copy = try await client.send(.post, "/api/v1/presets/\(id)/duplicate")
            #expect(copy.status == .created)
            #expect(copy.json["name"] == .string("Copy of Alice 2"))

            _ = try await client.send(.put, "/api/v1/bindings", json: .object(["scope": "character", "key": "alice", "preset": .string(id)]))
            let deleted = try await client.send(.delete, "/api/v1/presets/\(id)", headers: [.ifMatch: "3"])
            #expect(deleted.status == .ok)
            #expect(deleted.json["removedBindings"]?[0]?["key"] == .string("alice"))
            #expect(try server.stored().presets[PresetID(id)] == nil)
            let gone = try await client.send(.get, "/api/v1/presets/\(id)")
            #expect(gone.status == .notFound)
        }
    }

    @Test func renameWithAnInvalidDescriptionChangesNothing() async throws {
        let server = try await TestServer()
        try await server.test { client in
            let created = try await client.send(.post, "/api/v1/presets", json: .object(["name": "Carol"]))
            let id = try #require(created.json["id"]?.stringValue)
            let before = try server.stored()
            let refused = try await client.send(
                .patch, "/api/v1/presets/\(id)",
                json: .object(["name": "Caroline", "description": .string(String(repeating: "x", count: 10_001))]),
                headers: [.ifMatch: "\"1\""])
            #expect(refused.status == .unprocessableContent)
            #expect(try server.stored() == before)
        }
    }

    @Test func staleIfMatchIs409AndChangesNothing() async throws {
        let server = try await TestServer()
        try await server.test { client in
            let created = try await client.send(.post, "/api/v1/presets", json: .object(["name": "Bob"]))
            let id = try #require(created.json["id"]?.stringValue)
            _ = try await client.send(.patch, "/api/v1/presets/\(id)", json: .object(["description": "first"]), headers: [.ifMatch: "\"1\""])
            let before = try server.stored()
            let stale = try await client.send(.patch, "/api/v1/presets/\(id)", json: .object(["name": "Robert"]), headers: [.ifMatch: "\"1\""])
            #expect(stale.status == .conflict)
            #expect(stale.errorCode == "conflict")
            #expect(stale.json["message"]?.stringValue?.contains("changed since it was read") == true)
            let staleDelete = try await client.send(.delete, "/api/v1/presets/\(id)", headers: [.ifMatch: "\"1\""])
            #expect(staleDelete.status == .conflict)
            let staleSet = try await client.send(.put, "/api/v1/presets/\(id)/operations/scene_recap", json: .object(["artifact": .null]),
                                                 headers: [.ifMatch: "\"1\""])
            #expect(staleSet.status == .conflict)
            #expect(try server.stored() == before)
        }
    }

    @Test func malformedIfMatchIs400() async throws {
        try await TestServer().test { client in
            let created = try await client.send(.post, "/api/v1/presets", json: .object(["name": "C"]))
            let id = try #require(created.json["id"]?.stringValue)
            let response = try await client.send(.patch, "/api/v1/presets/\(id)", json: .object(["name": "D"]), headers: [.ifMatch: "abc"])
            #expect(response.status == .badRequest)
        }
    }

    @Test func defaultPresetIsReadOnly() async throws {
        try await TestServer().test { client in
            let rename = try await client.send(.patch, "/api/v1/presets/default", json: .object(["name": "Mine"]))
            #expect(rename.status == .unprocessableContent)
            let delete = try await client.send(.delete, "/api/v1/presets/default")
            #expect(delete.status == .unprocessableContent)
            let get = try await client.send(.get, "/api/v1/presets/default")
            #expect(get.json["isDefault"] == .bool(true))
            let copy = try await client.send(.post, "/api/v1/presets/default/duplicate", json: .object(["name": "From default"]))
            #expect(copy.status == .created)
        }
    }

    @Test func nameRulesAreEnforced() async throws {
        let server = try await TestServer()
        try await server.test { client in
            _ = try await client.send(.post, "/api/v1/presets", json: .object(["name": "Taken"]))
            let taken = try await client.send(.post, "/api/v1/presets", json: .object(["name": "Taken"]))
            #expect(taken.status == .conflict)
            let reserved = try await client.send(.post, "/api/v1/presets", json: .object(["name": "Default"]))
            #expect(reserved.status == .unprocessableContent)
            let empty = try await client.send(.post, "/api/v1/presets", json: .object(["name": "   "]))
            #expect(empty.status == .unprocessableContent)
            let control = try await client.send(.post, "/api/v1/presets", json: .object(["name": "a\u{0}b"]))
            #expect(control.status == .unprocessableContent)
            #expect(try server.stored().presets.count == 1)
        }
    }

    @Test func setOperationPointsAtAVersionAndBack() async throws {
        let server = try await TestServer()
        try await server.test { client in
            let preset = try #require(try await client.send(.post, "/api/v1/presets", json: .object(["name": "P"])).json["id"]?.stringValue)
            let copy = try await client.send(.post, "/api/v1/operations/scene_recap/duplicate", json: .object(["version": "Default"]))
            #expect(copy.status == .created)
            let artifact = try #require(copy.json["id"]?.stringValue)
            let set = try await client.send(.put, "/api/v1/presets/\(preset)/operations/scene_recap", json: .object(["artifact": .string(artifact)]))
            #expect(set.status == .ok)
            #expect(set.json["operations"]?[0]?["artifact"]?["id"] == .string(artifact))
            let wrongOperation = try await client.send(.put, "/api/v1/presets/\(preset)/operations/auto_scene_break", json: .object(["artifact": .string(artifact)]))
            #expect(wrongOperation.status == .notFound)
            let unknownOperation = try await client.send(.put, "/api/v1/presets/\(preset)/operations/nope", json: .object(["artifact": .null]))
            #expect(unknownOperation.status == .notFound)
            let missing = try await client.send(.put, "/api/v1/presets/\(preset)/operations/scene_recap", json: .object([:]))
            #expect(missing.status == .badRequest)
            let back = try await client.send(.put, "/api/v1/presets/\(preset)/operations/scene_recap", json: .object(["artifact": .null]))
            #expect(back.json["operations"]?[0]?["isDefault"] == .bool(true))
        }
    }
}
