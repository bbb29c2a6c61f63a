import Foundation
import PromptPresets
import PromptPresetsCatalogs
import PromptPresetsSQLite
import Testing

/// The boundaries between real processes on one store file (§8.1, §12): a server and CLIs,
/// CLIs in parallel, first opens at once, a writer killed mid-write.
@Suite("Several processes on one store", .serialized)
final class MultiProcessTests {
    let directory: URL
    let storePath: String
    let token = "multi-process-test-token-0123456789abcdef"

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("pp-processes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        storePath = directory.appendingPathComponent("store.sqlite").path
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    func cli(_ arguments: String...) async throws -> (status: Int32, output: String, error: String) {
        try await ChildProcess.run(arguments + ["--store", storePath])
    }

    func startServer() async throws -> (ChildProcess, HTTPClient) {
        try await PromptPresetsServiceTests.startServer(store: storePath, token: token)
    }

    @Test("a CLI write is seen by a running server; the server's stale delete is refused")
    func serverFollowsTheCLI() async throws {
        let (server, http) = try await startServer()
        defer { server.kill() }
        let before = try await http.send("GET", "/api/v1/resolve?operation=scene_recap&chat=c1")
        #expect(before.object["preset"] as? String == "Default")
        let oldTag = try #require(before.headers["etag"])

        #expect(try await cli("presets", "create", "Alice").status == 0)
        #expect(try await cli("bind", "chat", "c1", "Alice").status == 0)
        let seen = try await eventually {
            try await http.send("GET", "/api/v1/resolve?operation=scene_recap&chat=c1").object["preset"] as? String == "Alice"
        }
        #expect(seen, "the server never showed the CLI's binding")
        let revalidated = try await http.send(
            "GET", "/api/v1/resolve?operation=scene_recap&chat=c1", headers: ["If-None-Match": oldTag])
        #expect(revalidated.status == 200, "the old ETag must not answer 304 once the answer changed")
        let newTag = try #require(revalidated.headers["etag"])
        let unchanged = try await http.send(
            "GET", "/api/v1/resolve?operation=scene_recap&chat=c1", headers: ["If-None-Match": newTag])
        #expect(unchanged.status == 304)

        // The server reads Alice at revision 1; a CLI renames her (revision 2).
        let presets = try await http.send("GET", "/api/v1/presets").json as? [[String: Any]] ?? []
        let alice = try #require(presets.first { $0["name"] as? String == "Alice" })
        let id = try #require(alice["id"] as? String)
        let revision = try #require(alice["revision"] as? Int)
        #expect(try await cli("presets", "rename", "Alice", "Alicia").status == 0)

        let delete = try await http.send("DELETE", "/api/v1/presets/\(id)", headers: ["If-Match": "\"\(revision)\""])
        #expect(delete.status == 409, "a delete naming the old revision must not destroy the newer rename: \(delete.body)")
        let listed = try await cli("presets", "list", "--json")
        #expect(listed.output.contains("Alicia"))
    }

    @Test("two editors on one session: one change wins, the other gets 409 with it, nothing is lost")
    func twoEditorsOneSession() async throws {
        let (server, http) = try await startServer()
        defer { server.kill() }
        let created = try await http.send("POST", "/api/v1/presets", json: #"{"name":"Shared"}"#)
        let preset = try #require(created.object["id"] as? String)
        let opened = try await http.send("POST", "/api/v1/sessions", json: #"{"preset":"\#(preset)","operation":"scene_recap","editor":"tab-a"}"#)
        #expect(opened.status == 201)
        let session = try #require((opened.object["session"] as? [String: Any])?["id"] as? String)
        let revision = try #require((opened.object["session"] as? [String: Any])?["revision"] as? Int)

        let other = try await http.send("POST", "/api/v1/sessions", json: #"{"preset":"\#(preset)","operation":"scene_recap","editor":"tab-b"}"#)
        #expect(other.status == 409)
        #expect(other.body.contains("tab-a"), "the second editor is told who holds the session")

        async let first = http.send("PATCH", "/api/v1/sessions/\(session)", json: #"{"set":{"prefill":"From A"}}"#,
                                    headers: ["If-Match": "\"\(revision)\""])
        async let second = http.send("PATCH", "/api/v1/sessions/\(session)", json: #"{"set":{"prefill":"From B"}}"#,
                                     headers: ["If-Match": "\"\(revision)\""])
        let replies = try await [first, second]
        #expect(replies.map(\.status).sorted() == [200, 409])
        let winner = try #require(replies.first { $0.status == 200 })
        let loser = try #require(replies.first { $0.status == 409 })
        let kept = ((winner.object["session"] as? [String: Any])?["config"] as? [String: Any])?["prefill"] as? String
        let shown = (((loser.object["current"] as? [String: Any])?["session"] as? [String: Any])?["config"] as? [String: Any])?["prefill"] as? String
        #expect(kept != nil && shown == kept, "the refused editor sees the change that won")
        let now = try await http.send("GET", "/api/v1/sessions/\(session)")
        #expect(((now.object["session"] as? [String: Any])?["config"] as? [String: Any])?["prefill"] as? String == kept)
    }

    @Test("CLIs editing one operation in parallel, in different presets and in the same one, never fail")
    func parallelEdits() async throws {
        for name in ["P", "Q", "R"] { #expect(try await cli("presets", "create", name).status == 0) }
        let rounds = 4
        let storePath = self.storePath
        // Four sequences of edits at once: P is edited by two of them.
        let sequences = ["P", "Q", "R", "P"].enumerated().map { ($0.offset, $0.element) }
        let results = try await withThrowingTaskGroup(of: (Int32, String).self) { group in
            for (sequence, name) in sequences {
                group.addTask {
                    var worst: (Int32, String) = (0, "")
                    for round in 0..<rounds {
                        let result = try await ChildProcess.run(
                            ["edit", name, "scene_recap", "--set", "prefill=\(name) \(sequence) \(round)", "--store", storePath])
                        if result.status != 0 { worst = (result.status, result.error) }
                    }
                    return worst
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        for (status, error) in results { #expect(status == 0, "\(error)") }
        let snapshot = try SQLiteStore(path: storePath).loadSnapshot(catalog: .autoRecap)
        let numbers = snapshot.artifacts(of: "scene_recap").map(\.number)
        #expect(snapshot.counters["scene_recap"] == sequences.count * rounds, "every edit made its own version")
        #expect(Set(numbers).count == numbers.count)
    }

    @Test("six processes opening a new store at once all succeed")
    func concurrentFirstOpens() async throws {
        let storePath = self.storePath
        let statuses = try await withThrowingTaskGroup(of: (Int32, String).self) { group in
            for _ in 0..<6 {
                group.addTask {
                    let result = try await ChildProcess.run(["presets", "list", "--store", storePath])
                    return (result.status, result.error)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        for (status, error) in statuses { #expect(status == 0, "\(error)") }
        #expect(try SQLiteStore(path: storePath).loadSnapshot(catalog: .autoRecap).presets.isEmpty)
    }

    @Test("kill -9 during writes: the store opens and every acknowledged write is there")
    func killedWriter() async throws {
        let writer = try ChildProcess("prompt-presets-bench", ["write-loop", storePath])
        _ = try await writer.line { $0.hasPrefix("ok 20") }
        writer.kill(SIGKILL)
        _ = await writer.wait()
        let acknowledged = writer.standardOutput.split(separator: "\n").compactMap { line in
            line.hasPrefix("ok ") ? Int(line.dropFirst(3)) : nil
        }
        #expect(acknowledged.count >= 20)
        let snapshot = try SQLiteStore(path: storePath).loadSnapshot(catalog: .autoRecap)
        let missing = acknowledged.filter { snapshot.bindings[.chat("killed-\($0)")] == nil }
        #expect(missing.isEmpty, "acknowledged but lost: \(missing.prefix(10))")
    }
}
