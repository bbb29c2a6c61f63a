import Crypto
import Foundation
import PromptPresets
import Testing

/// Change events, webhooks and metrics of a real server process, with the writes made by
/// other processes (§10.5, §10.7).
@Suite("Events, webhooks and metrics of a server process", .serialized)
final class EventStreamProcessTests {
    let store: TemporaryStore
    let token = "event-stream-test-token-0123456789abcdef"

    init() throws {
        store = try TemporaryStore("events")
    }

    /// Opens `/api/v1/events` with `headers` on the server at `http`.
    func openEvents(_ http: HTTPClient, headers: String = "", query: String = "") throws -> RawConnection {
        let port = try #require(URL(string: http.base)?.port)
        let connection = try RawConnection(port: port)
        try connection.send("GET /api/v1/events\(query) HTTP/1.1\r\nHost: 127.0.0.1\r\n\(headers)\r\n")
        return connection
    }

    /// The `id:` lines of the events in `text`, in order (`\r\n` of the chunked encoding is
    /// one Character to Swift, so it is made a plain line break first).
    func eventIDs(in text: String) -> [Int] {
        text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n").compactMap { line in line.hasPrefix("id: ") ? Int(line.dropFirst(4)) : nil }
    }

    @Test("commits by CLI processes reach a server's event stream, one event each; Last-Event-ID resumes")
    func eventStream() async throws {
        let (server, http) = try await startServer(store: store.path, token: token)
        defer { server.kill() }
        let events = try openEvents(http)
        // The stream is open (its retry line arrived) before the writes start.
        #expect(events.read(within: 10) { $0.contains("retry:") }.contains("text/event-stream"))

        try await store.cli("presets", "create", "Alice")
        try await store.cli("bind", "chat", "c1", "Alice")
        try await store.cli("bind", "chat", "c2", "Alice")
        let text = events.read(within: 15) { self.eventIDs(in: $0).count >= 3 }
        #expect(eventIDs(in: text) == [1, 2, 3], "\(text)")
        #expect(text.contains(#"data: {"objects":[{"key":"c1","kind":"binding","scope":"chat"}],"type":"change","version":2}"#))

        let resumed = try openEvents(http, headers: "Last-Event-ID: 2\r\n")
        let replay = resumed.read(within: 10) { !self.eventIDs(in: $0).isEmpty }
        #expect(eventIDs(in: replay) == [3], "only what came after the last event seen")

        let bad = try RawConnection.request(
            port: try #require(URL(string: http.base)?.port),
            "GET /api/v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nLast-Event-ID: yesterday\r\nConnection: close\r\n\r\n")
        #expect(bad.hasPrefix("HTTP/1.1 400"))
        #expect(bad.contains("Last-Event-ID"))
    }

    @Test("a server stops gracefully with an event stream open")
    func shutdownWithOpenStream() async throws {
        let (server, http) = try await startServer(store: store.path, token: token)
        let events = try openEvents(http)
        _ = events.read(within: 10) { $0.contains("retry:") }
        server.kill(SIGTERM)
        #expect(await server.wait() == 0)
    }

    @Test("webhooks get every event signed with the secret; a failed delivery is retried")
    func webhooks() async throws {
        let receiver = try LoopbackListener(statuses: [500, 200])
        defer { receiver.stop() }
        let secret = "webhook-secret-for-tests-0123456789"
        let (server, _) = try await startServer(
            store: store.path, token: token, arguments: ["--webhook", "http://127.0.0.1:\(receiver.port)/hook"],
            environment: ["PROMPT_PRESETS_WEBHOOK_SECRET": secret])
        defer { server.kill() }

        try await store.cli("presets", "create", "Alice")
        try await store.cli("presets", "create", "Bob")
        #expect(try await eventually(within: 20) { receiver.requests.count >= 3 }, "\(server.standardError)")
        let requests = receiver.requests
        #expect(requests.map { $0.header(Webhook.eventID) } == ["1", "1", "2"], "the first delivery failed once and was retried")
        for request in requests {
            let code = HMAC<SHA256>.authenticationCode(for: Data(request.body.utf8), using: SymmetricKey(data: Data(secret.utf8)))
            let expected = "sha256=" + code.map { String(format: "%02x", $0) }.joined()
            #expect(request.header(Webhook.signature) == expected)
            #expect(request.head.hasPrefix("POST /hook "))
        }
        #expect(requests[2].body.contains(#""type":"change","version":2"#))
    }

    @Test("a restarted server delivers to its webhooks what was committed while it was down")
    func webhookResumesAfterRestart() async throws {
        let receiver = try LoopbackListener(statuses: [200])
        defer { receiver.stop() }
        let arguments = ["--webhook", "http://127.0.0.1:\(receiver.port)/hook"]
        let environment = ["PROMPT_PRESETS_WEBHOOK_SECRET": "webhook-secret-for-tests-0123456789"]
        let (first, _) = try await startServer(store: store.path, token: token, arguments: arguments, environment: environment)
        try await store.cli("presets", "create", "Alice")
        #expect(try await eventually(within: 20) { receiver.requests.count >= 1 })
        first.kill(SIGTERM)
        _ = await first.wait()

        try await store.cli("presets", "create", "Bob")
        try await store.cli("bind", "chat", "c1", "Bob")
        let (second, _) = try await startServer(store: store.path, token: token, arguments: arguments, environment: environment)
        defer { second.kill() }
        #expect(try await eventually(within: 20) { receiver.requests.count >= 3 }, "\(second.standardError)")
        #expect(receiver.requests.map { $0.header(Webhook.eventID) } == ["1", "2", "3"], "each event once, in order")
    }

    @Test("webhooks without a secret are refused at start, naming what is missing")
    func webhookWithoutSecret() async throws {
        let result = try await ChildProcess.run(["serve", "--store", store.path, "--port", "0", "--webhook", "http://127.0.0.1:9/x"])
        #expect(result.status != 0)
        #expect(result.error.contains("PROMPT_PRESETS_WEBHOOK_SECRET"))
        let badURL = try await ChildProcess.run(["serve", "--store", store.path, "--port", "0", "--webhook", "ftp://example"])
        #expect(badURL.status != 0)
        #expect(badURL.error.contains("--webhook 'ftp://example'"))
    }

    @Test("/metrics counts requests by route and shows commit latency and the store version")
    func metrics() async throws {
        let (server, http) = try await startServer(store: store.path, token: token)
        defer { server.kill() }
        _ = try await http.send("POST", "/api/v1/presets", json: #"{"name":"Alice"}"#)
        for _ in 0..<3 { _ = try await http.send("GET", "/api/v1/resolve?operation=scene_recap&chat=c1") }
        let scrape = try await http.send("GET", "/metrics")
        #expect(scrape.status == 200)
        #expect(scrape.headers["content-type"]?.hasPrefix("text/plain") == true)
        let lines = scrape.body.split(separator: "\n")
        let resolves = lines.first { $0.hasPrefix("http_requests_total{") && $0.contains(#"route="/api/v1/resolve""#) }
        #expect(resolves?.hasSuffix(" 3") == true, "\(scrape.body)")
        #expect(lines.contains { $0.hasPrefix("prompt_presets_commit_duration_count") && $0.hasSuffix(" 1") })
        #expect(lines.contains("prompt_presets_store_version 1.0") || lines.contains("prompt_presets_store_version 1"))
        #expect(lines.contains { $0.hasPrefix("http_request_duration_seconds_bucket{") && $0.contains(#"route="/api/v1/resolve""#) })
    }
}

private enum Webhook {
    static let eventID = "PromptPresets-Event-ID"
    static let signature = "PromptPresets-Signature"
}
