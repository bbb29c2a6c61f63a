import Foundation
import PromptPresets
import PromptPresetsCatalogs
import PromptPresetsPostgres
import Testing

/// Several `serve` processes on one PostgreSQL database behave as one server (§8.3–§8.6):
/// writes on one are seen on the other, stale writes are refused across them, editors on two
/// instances take turns, a killed instance loses nothing it acknowledged, and a browser signed
/// in at one is signed in at all.
@Suite(
    "Several server instances on one PostgreSQL database", .serialized,
    .enabled(if: TestPostgres.base != nil, Comment(rawValue: TestPostgres.skipMessage)))
struct MultiInstanceTests {
    static let token = "multi-instance-test-token-0123456789abcdef"

    /// Two servers on a fresh database, stopped when `body` returns.
    func withTwoServers(_ body: (String, HTTPClient, ChildProcess, HTTPClient) async throws -> Void) async throws {
        try await TestPostgres.withDatabase { location in
            let url = location.description
            let a = try await startServer(store: url, token: Self.token)
            defer { a.process.kill() }
            let b = try await startServer(store: url, token: Self.token)
            defer { b.process.kill() }
            try await body(url, a.http, a.process, b.http)
        }
    }

    @Test("a write on A is seen on B; a stale delete on B after a rename on A is refused")
    func writesCrossInstances() async throws {
        try await withTwoServers { _, a, _, b in
            let created = try await a.send("POST", "/api/v1/presets", json: #"{"name":"Alice"}"#)
            #expect(created.status == 201)
            let id = try #require(created.object["id"] as? String)
            #expect(try await a.send("PUT", "/api/v1/bindings", json: #"{"scope":"chat","key":"c1","preset":"\#(id)"}"#).status == 200)
            let seen = try await eventually {
                try await b.send("GET", "/api/v1/resolve?operation=scene_recap&chat=c1").object["preset"] as? String == "Alice"
            }
            #expect(seen, "B never resolved A's binding")

            // B has read Alice at revision 1; A renames her (revision 2); B's delete naming 1 is refused.
            let onB = try await b.send("GET", "/api/v1/presets/\(id)")
            let revision = try #require(onB.object["revision"] as? Int)
            #expect(try await a.send("PATCH", "/api/v1/presets/\(id)", json: #"{"name":"Alicia"}"#, headers: ["If-Match": "\"\(revision)\""]).status == 200)
            let delete = try await b.send("DELETE", "/api/v1/presets/\(id)", headers: ["If-Match": "\"\(revision)\""])
            #expect(delete.status == 409, "a delete naming the old revision must not destroy A's rename: \(delete.body)")
            let listed = try await b.send("GET", "/api/v1/presets/\(id)")
            #expect(listed.object["name"] as? String == "Alicia")
        }
    }

    @Test("two instances editing one session: one change wins, the other gets 409 with it")
    func oneSessionTwoInstances() async throws {
        try await withTwoServers { _, a, _, b in
            let created = try await a.send("POST", "/api/v1/presets", json: #"{"name":"Shared"}"#)
            let preset = try #require(created.object["id"] as? String)
            let opened = try await a.send("POST", "/api/v1/sessions", json: #"{"preset":"\#(preset)","operation":"scene_recap","editor":"tab-a"}"#)
            #expect(opened.status == 201)
            let session = try #require((opened.object["session"] as? [String: Any])?["id"] as? String)
            let revision = try #require((opened.object["session"] as? [String: Any])?["revision"] as? Int)
            #expect(try await eventually { try await b.send("GET", "/api/v1/sessions/\(session)").status == 200 })

            // The other instance refuses a second editor, naming the one holding it.
            let other = try await b.send("POST", "/api/v1/sessions", json: #"{"preset":"\#(preset)","operation":"scene_recap","editor":"tab-b"}"#)
            #expect(other.status == 409)
            #expect(other.body.contains("tab-a"))

            async let first = a.send("PATCH", "/api/v1/sessions/\(session)", json: #"{"set":{"prefill":"From A"}}"#,
                                     headers: ["If-Match": "\"\(revision)\""])
            async let second = b.send("PATCH", "/api/v1/sessions/\(session)", json: #"{"set":{"prefill":"From B"}}"#,
                                      headers: ["If-Match": "\"\(revision)\""])
            let replies = try await [first, second]
            #expect(replies.map(\.status).sorted() == [200, 409])
            let winner = try #require(replies.first { $0.status == 200 })
            let kept = ((winner.object["session"] as? [String: Any])?["config"] as? [String: Any])?["prefill"] as? String
            let settled = try await eventually {
                let onA = try await a.send("GET", "/api/v1/sessions/\(session)")
                let onB = try await b.send("GET", "/api/v1/sessions/\(session)")
                func prefill(_ reply: HTTPClient.Reply) -> String? {
                    ((reply.object["session"] as? [String: Any])?["config"] as? [String: Any])?["prefill"] as? String
                }
                return prefill(onA) == kept && prefill(onB) == kept
            }
            #expect(settled, "both instances show the change that won")
        }
    }

    @Test("kill -9 of one instance during writes: nothing it acknowledged is lost, the other keeps serving")
    func killedInstance() async throws {
        try await withTwoServers { _, a, processA, b in
            let target = try await a.send("POST", "/api/v1/presets", json: #"{"name":"Target"}"#)
            let id = try #require(target.object["id"] as? String)
            let acknowledged = Locked<[Int]>([])
            let writer = Task {
                for index in 0..<10_000 {
                    guard let reply = try? await a.send("PUT", "/api/v1/bindings", json: #"{"scope":"chat","key":"killed-\#(index)","preset":"\#(id)"}"#),
                          reply.status == 200 else { return }
                    acknowledged.withLock { $0.append(index) }
                }
            }
            #expect(try await eventually { acknowledged.withLock { $0.count } >= 30 })
            processA.kill(SIGKILL)
            _ = await processA.wait()
            await writer.value
            let written = acknowledged.withLock { $0 }
            #expect(written.count >= 30)

            let settled = try await eventually {
                let last = try await b.send("GET", "/api/v1/resolve?operation=scene_recap&chat=killed-\(written.last ?? 0)")
                return last.object["preset"] as? String == "Target"
            }
            #expect(settled)
            var missing: [Int] = []
            for index in written {
                let reply = try await b.send("GET", "/api/v1/resolve?operation=scene_recap&chat=killed-\(index)")
                if reply.object["preset"] as? String != "Target" { missing.append(index) }
            }
            #expect(missing.isEmpty, "acknowledged by A but lost: \(missing.prefix(10))")
            #expect(try await b.send("POST", "/api/v1/presets", json: #"{"name":"After"}"#).status == 201, "B keeps serving writes")
        }
    }

    @Test("a browser signed in at A is signed in at B, and signing out at B signs it out at A")
    func signInAcrossInstances() async throws {
        try await withTwoServers { _, a, _, b in
            let form = "token=\(Self.token)"
            let signIn = try rawHTTP(a.base, """
                POST /login HTTP/1.1\r\nHost: \(a.base.dropFirst(7))\r\nContent-Type: application/x-www-form-urlencoded\r\n\
                Content-Length: \(form.utf8.count)\r\nConnection: close\r\n\r\n\(form)
                """)
            #expect(signIn.status == 303)
            let cookie = try #require(signIn.text.firstMatch(of: /(?i)set-cookie: (pp_session=[0-9a-f]+)/)?.1).description
            let browserA = HTTPClient(base: a.base, token: "")
            let browserB = HTTPClient(base: b.base, token: "")

            let page = try await browserB.send("GET", "/", headers: ["Cookie": cookie])
            let csrf = try #require(
                page.body.firstMatch(of: /name="csrf-token" content="([0-9a-f]+)"/)?.1, "B shows the app to a browser signed in at A")
            let created = try await browserB.send(
                "POST", "/api/v1/presets", json: #"{"name":"From the browser"}"#, headers: ["Cookie": cookie, "X-CSRF-Token": String(csrf)])
            #expect(created.status == 201)

            _ = try await browserB.send("POST", "/logout", form: "csrf=\(csrf)", headers: ["Cookie": cookie])
            let gone = try await eventually {
                try await !browserA.send("GET", "/", headers: ["Cookie": cookie]).body.contains("csrf-token")
            }
            #expect(gone, "the sign-out at B ends the sign-in at A too")
        }
    }

    @Test("/healthz says when the database cannot be reached, and recovers")
    func healthWhenUnreachable() async throws {
        try await TestPostgres.withDatabase { location in
            let server = try await startServer(store: location.description, token: Self.token)
            defer { server.process.kill() }
            #expect(try await server.http.send("GET", "/healthz").status == 200)
            let base = try #require(TestPostgres.base)
            try await TestPostgres.administer(base, "ALTER DATABASE \(location.database) ALLOW_CONNECTIONS false")
            try await TestPostgres.administer(
                base, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '\(location.database)'")
            let down = try await eventually(within: 20) {
                let reply = try await server.http.send("GET", "/healthz")
                return reply.status == 503 && reply.body.contains("store unreachable")
            }
            #expect(down)
            try await TestPostgres.administer(base, "ALTER DATABASE \(location.database) ALLOW_CONNECTIONS true")
            #expect(try await eventually(within: 20) { try await server.http.send("GET", "/healthz").status == 200 })
        }
    }

    @Test("a server whose database is gone still stops on SIGTERM")
    func stopsWithoutItsDatabase() async throws {
        let base = try #require(TestPostgres.base)
        let name = "pp_test_gone_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try await TestPostgres.administer(base, "CREATE DATABASE \(name)")
        let server = try await startServer(store: base.with(database: name).description, token: Self.token)
        defer { server.process.kill() }
        try await TestPostgres.administer(base, "DROP DATABASE \(name) WITH (FORCE)")
        try await Task.sleep(for: .seconds(2))  // the follower and the listener are now failing
        server.process.kill(SIGTERM)
        #expect(try await eventually(within: 30) { !server.process.process.isRunning }, "the server hung in its graceful shutdown")
    }

    @Test("every CLI command works on PostgreSQL, and db copy moves a store to SQLite and back")
    func commandLine() async throws {
        try await TestPostgres.withDatabase { location in
            let url = location.description
            func cli(_ arguments: String...) async throws -> (status: Int32, output: String, error: String) {
                try await ChildProcess.run(arguments + ["--store", url])
            }
            #expect(try await cli("presets", "create", "Alice").status == 0)
            #expect(try await cli("edit", "Alice", "scene_recap", "--set", "prefill=Hello").status == 0)
            #expect(try await cli("bind", "character", "Seraphina", "Alice").status == 0)
            let resolved = try await cli("resolve", "scene_recap", "--character", "Seraphina", "--json")
            #expect(resolved.output.contains("Hello"))
            let status = try await cli("db", "status", "--json")
            #expect(status.output.contains(#""presets": 1"#), "\(status.output)")
            #expect(!status.output.contains("password"))

            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pp-copy-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: directory) }
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let backup = directory.appendingPathComponent("backup.sqlite").path
            #expect(try await cli("db", "backup", backup).status == 0)
            let fromBackup = try await ChildProcess.run(["resolve", "scene_recap", "--character", "Seraphina", "--json", "--store", backup])
            #expect(fromBackup.output.contains("Hello"), "the SQLite backup holds the PostgreSQL store")

            try await TestPostgres.withDatabase { second in
                let copied = try await ChildProcess.run(["db", "copy", backup, second.description])
                #expect(copied.status == 0, "\(copied.error)")
                let again = try await ChildProcess.run(["resolve", "scene_recap", "--character", "Seraphina", "--json", "--store", second.description])
                #expect(again.output.contains("Hello"))
                let refused = try await ChildProcess.run(["db", "copy", backup, second.description])
                #expect(refused.status == 1)
                #expect(refused.error.contains("not empty"))
            }

            let unreachable = try await ChildProcess.run(["presets", "list", "--store", "postgres://someone:hunter2@127.0.0.1:1/nothing"])
            #expect(unreachable.status == 1)
            #expect(unreachable.error.contains("127.0.0.1:1"))
            #expect(!unreachable.error.contains("hunter2"), "a password never reaches the output")
            #expect(unreachable.error.split(separator: "\n").count == 1)
        }
    }
}
