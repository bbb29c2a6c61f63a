import Hummingbird
import HummingbirdTesting
import PromptPresets
@testable import PromptPresetsServer
import Testing

@Suite struct UpdateRouteTests {
    @Test func listCompareAndPreview() async throws {
        try await TestServer(seed: seedOutdatedVersion).test { client in
            let list = try await client.send(.get, "/api/v1/updates")
            #expect(list.status == .ok)
            #expect(list.json.arrayValue?.count == 1)
            #expect(list.json[0]?["from"] == .string("1.0.0"))
            #expect(list.json[0]?["preset"]?["id"] == .string("p-old"))

            let compare = try await client.send(.get, "/api/v1/updates/p-old/scene_recap/compare")
            #expect(compare.status == .ok)
            #expect(compare.json["mineToNew"]?.arrayValue?.isEmpty == false)
            #expect(compare.json["oldToNew"]?.arrayValue?.isEmpty == false)

            let preview = try await client.send(.get, "/api/v1/updates/p-old/scene_recap/merge")
            #expect(preview.status == .ok)
            #expect(preview.json["config"]?["prompt"]?.stringValue?.contains("My own extra rule.") == true)
        }
    }

    @Test func mergeWritesANewVersion() async throws {
        let server = try await TestServer(seed: seedOutdatedVersion)
        try await server.test { client in
            let merged = try await client.send(.post, "/api/v1/updates/p-old/scene_recap/merge", json: .object(["prefer": "mine"]))
            #expect(merged.status == .created)
            #expect(merged.json["origin"] == .string("merge"))
            #expect(merged.json["update"] == nil, "no update pending: the property is left out")
            let list = try await client.send(.get, "/api/v1/updates")
            #expect(list.json == .array([]))
            let none = try await client.send(.post, "/api/v1/updates/p-old/scene_recap/keep")
            #expect(none.status == .notFound)
        }
    }

    @Test func keepDismissRevert() async throws {
        for action in ["keep", "dismiss", "revert"] {
            let server = try await TestServer(seed: seedOutdatedVersion)
            try await server.test { client in
                let response = try await client.send(.post, "/api/v1/updates/p-old/scene_recap/\(action)")
                #expect(response.status == .ok, "\(action)")
                let list = try await client.send(.get, "/api/v1/updates")
                #expect(list.json == .array([]), "\(action)")
            }
            #expect(try server.stored().pendingUpdates().isEmpty)
        }
    }

    /// A page drawn before the preset changed elsewhere is told so, for every settling action.
    @Test(arguments: ["keep", "dismiss", "revert", "merge"])
    func aStaleRevisionSettlesNothing(action: String) async throws {
        let server = try await TestServer(seed: seedOutdatedVersion)
        let before = try server.stored()
        let revision = try #require(before.preset(id: PresetID("p-old"))?.revision)
        try await server.test { client in
            let stale = try await client.send(
                .post, "/api/v1/updates/p-old/scene_recap/\(action)", json: action == "merge" ? .object(["prefer": "mine"]) : nil,
                headers: [.ifMatch: "\"\(revision + 1)\""])
            #expect(stale.status == .conflict, "\(action)")
            #expect(stale.json["message"]?.stringValue?.contains("changed since it was read") == true)
        }
        #expect(try server.stored().pendingUpdates() == before.pendingUpdates())
        try await server.test { client in
            let current = try await client.send(
                .post, "/api/v1/updates/p-old/scene_recap/\(action)", json: action == "merge" ? .object(["prefer": "mine"]) : nil,
                headers: [.ifMatch: "\"\(revision)\""])
            #expect(current.status.code / 100 == 2, "\(action): \(current.text)")
        }
        #expect(try server.stored().pendingUpdates().isEmpty)
    }

    @Test func badUpdateTargets() async throws {
        try await TestServer(seed: seedOutdatedVersion).test { client in
            let unknownPreset = try await client.send(.get, "/api/v1/updates/nope/scene_recap/compare")
            #expect(unknownPreset.status == .notFound)
            let unknownOperation = try await client.send(.post, "/api/v1/updates/p-old/nope/keep")
            #expect(unknownOperation.status == .notFound)
            let noUpdate = try await client.send(.post, "/api/v1/updates/p-old/auto_scene_break/dismiss")
            #expect(noUpdate.status == .notFound)
            let badPrefer = try await client.send(.post, "/api/v1/updates/p-old/scene_recap/merge", json: .object(["prefer": "both"]))
            #expect(badPrefer.status == .badRequest)
        }
    }
}

@Suite struct ConnectionAndAuditRouteTests {
    @Test func connectionProfilesCRUD() async throws {
        let server = try await TestServer()
        try await server.test { client in
            let created = try await client.send(.post, "/api/v1/connections", json: .object(["name": "Claude", "api": "anthropic"]))
            #expect(created.status == .created)
            let id = try #require(created.json["id"]?.stringValue)
            #expect(created.json.objectValue?.keys.sorted() == ["api", "id", "name"])
            let duplicate = try await client.send(.post, "/api/v1/connections", json: .object(["name": "Claude"]))
            #expect(duplicate.status == .conflict)
            let list = try await client.send(.get, "/api/v1/connections")
            #expect(list.json.arrayValue?.count == 1)
            let renamed = try await client.send(.patch, "/api/v1/connections/\(id)", json: .object(["name": "Claude 2"]))
            #expect(renamed.json["name"] == .string("Claude 2"))
            let got = try await client.send(.get, "/api/v1/connections/\(id)")
            #expect(got.json["name"] == .string("Claude 2"))
            let deleted = try await client.send(.delete, "/api/v1/connections/\(id)")
            #expect(deleted.status == .ok)
            #expect(try server.stored().connectionProfiles.isEmpty)
            let missing = try await client.send(.get, "/api/v1/connections/\(id)")
            #expect(missing.status == .notFound)
        }
    }

    @Test func auditLogRecordsWritesNewestFirst() async throws {
        try await TestServer().test { client in
            _ = try await client.send(.post, "/api/v1/presets", json: .object(["name": "A"]))
            _ = try await client.send(.post, "/api/v1/presets", json: .object(["name": "B"]))
            let audit = try await client.send(.get, "/api/v1/audit?limit=1")
            #expect(audit.json.arrayValue?.count == 1)
            #expect(audit.json[0]?["subject"] == .string("preset 'B'"))
            #expect(audit.json[0]?["actor"] == .string("api"))
            let bad = try await client.send(.get, "/api/v1/audit?limit=0")
            #expect(bad.status == .badRequest)
            let notNumber = try await client.send(.get, "/api/v1/audit?limit=ten")
            #expect(notNumber.status == .badRequest)
        }
    }
}
