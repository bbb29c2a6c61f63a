import Hummingbird
import HummingbirdTesting
import PromptPresets
@testable import PromptPresetsServer
import Testing

@Suite struct VersionRouteTests {
    /// A preset with scene_recap on a fresh stored version; returns (preset id, artifact id).
    static func presetWithVersion(_ client: any TestClientProtocol) async throws -> (String, String) {
        let preset = try #require(try await client.send(.post, "/api/v1/presets", json: .object(["name": "P"])).json["id"]?.stringValue)
        let session = try await client.send(.post, "/api/v1/sessions", json: .object(["preset": .string(preset), "operation": "scene_recap"]))
        let sessionID = try #require(session.json["session"]?["id"]?.stringValue)
        let changed = try await client.send(.patch, "/api/v1/sessions/\(sessionID)", json: .object(["set": .object(["prompt": "Recap {{scene}} <b>&</b> \"now\""])]))
        let artifact = try #require(changed.json["version"]?["id"]?.stringValue)
        _ = try await client.send(.post, "/api/v1/sessions/\(sessionID)/finish")
        return (preset, artifact)
    }

    @Test func listGetRenameDuplicateDelete() async throws {
        let server = try await TestServer()
        try await server.test { client in
            let (preset, artifact) = try await Self.presetWithVersion(client)
            let list = try await client.send(.get, "/api/v1/artifacts?operation=scene_recap")
            #expect(list.json.arrayValue?.count == 1)
            let all = try await client.send(.get, "/api/v1/artifacts")
            #expect(all.json.arrayValue?.count == 1)
            let badOperation = try await client.send(.get, "/api/v1/artifacts?operation=nope")
            #expect(badOperation.status == .notFound)

            let got = try await client.send(.get, "/api/v1/artifacts/\(artifact)")
            #expect(got.status == .ok)
            #expect(got.json["name"] == .string("v1"))
            #expect(got.json["usedBy"] == .array([.string("P")]))
            #expect(got.json["config"]?["prompt"] == .string("Recap {{scene}} <b>&</b> \"now\""))
            let revision = try #require(got.json["revision"]?.intValue)

            let renamed = try await client.send(.patch, "/api/v1/artifacts/\(artifact)", json: .object(["name": "Alice recap"]),
                                                headers: [.ifMatch: "\"\(revision)\""])
            #expect(renamed.status == .ok)
            #expect(renamed.json["label"] == .string("Alice recap"))
            let stale = try await client.send(.patch, "/api/v1/artifacts/\(artifact)", json: .object(["description": "x"]),
                                              headers: [.ifMatch: "\"\(revision)\""])
            #expect(stale.status == .conflict)

            let copy = try await client.send(.post, "/api/v1/artifacts/\(artifact)/duplicate")
            #expect(copy.status == .created)
            #expect(copy.json["name"] == .string("Alice recap v2"))
            let copyID = try #require(copy.json["id"]?.stringValue)

            let inUse = try await client.send(.delete, "/api/v1/artifacts/\(artifact)")
            #expect(inUse.status == .conflict)
            #expect(inUse.json["message"]?.stringValue?.contains("'P'") == true)

            let deleted = try await client.send(.delete, "/api/v1/artifacts/\(copyID)")
            #expect(deleted.status == .ok)
            #expect(try server.stored().artifacts[ArtifactID(copyID)] == nil)
            let missing = try await client.send(.get, "/api/v1/artifacts/\(copyID)")
            #expect(missing.status == .notFound)
            _ = preset
        }
    }

    @Test func versionsHistoryAndDiff() async throws {
        try await TestServer().test { client in try await Self.checkVersionsHistoryAndDiff(client) }
    }

    static func checkVersionsHistoryAndDiff(_ client: any TestClientProtocol) async throws {
        _ = try await presetWithVersion(client)
        let versions = try await client.send(.get, "/api/v1/operations/scene_recap/versions")
        let versionNames = versions.json.arrayValue?.map { $0["name"]?.stringValue ?? "" } ?? []
        #expect(versionNames == ["Default", "v1"])
        #expect(versions.json[0]?["isDefault"] == .bool(true))

        let history = try await client.send(.get, "/api/v1/operations/scene_recap/history")
        let names: [String] = history.json.arrayValue?.map { $0["name"]?.stringValue ?? "" } ?? []
        #expect(names.first == "Default@1.0.0")
        #expect(names.last == "v1")

        let diff = try await client.send(.get, "/api/v1/operations/scene_recap/diff?from=Default@1.0.0&to=v1")
        #expect(diff.status == .ok)
        #expect(diff.json["fields"]?[0]?["field"] == .string("prompt"))
        let same = try await client.send(.get, "/api/v1/operations/scene_recap/diff?from=Default&to=Default")
        #expect(same.json["fields"] == .array([]))
        let unknown = try await client.send(.get, "/api/v1/operations/scene_recap/diff?from=Default&to=nope")
        #expect(unknown.status == .notFound)
        let badVersion = try await client.send(.get, "/api/v1/operations/scene_recap/diff?from=Default@9.9.9&to=Default")
        #expect(badVersion.status == .notFound)
        let missing = try await client.send(.get, "/api/v1/operations/scene_recap/diff?from=Default")
        #expect(missing.status == .badRequest)
        let unknownOperation = try await client.send(.get, "/api/v1/operations/nope/versions")
        #expect(unknownOperation.status == .notFound)
        let unknownHistory = try await client.send(.get, "/api/v1/operations/nope/history")
        #expect(unknownHistory.status == .notFound)
    }

    @Test func duplicatingAnOldDefaultCreatesAVersion() async throws {
        try await TestServer().test { client in
            let copy = try await client.send(.post, "/api/v1/operations/scene_recap/duplicate", json: .object(["version": "Default@1.0.0"]))
            #expect(copy.status == .created)
            #expect(copy.json["basedOn"] == .string("1.0.0"))
            #expect(copy.json["update"]?["to"] != nil)
            let wrongType = try await client.send(.post, "/api/v1/operations/scene_recap/duplicate", json: .object(["version": 3]))
            #expect(wrongType.status == .badRequest)
        }
    }

    @Test func pruneKeepsReferencedVersions() async throws {
        try await TestServer().test { client in
            let (_, artifact) = try await Self.presetWithVersion(client)
            for _ in 0..<3 {
                _ = try await client.send(.post, "/api/v1/operations/scene_recap/duplicate", json: .object(["version": "Default"]))
            }
            let pruned = try await client.send(.post, "/api/v1/prune", json: .object(["keep": 1]))
            #expect(pruned.status == .ok)
            #expect(pruned.json["pruned"]?.arrayValue?.count == 2)
            let kept = try await client.send(.get, "/api/v1/artifacts/\(artifact)")
            #expect(kept.status == .ok)
            let bad = try await client.send(.post, "/api/v1/prune", json: .object(["keep": -1]))
            #expect(bad.status == .badRequest)
        }
    }
}
