import Foundation
import PromptPresets
import PromptPresetsCatalogs
import PromptPresetsAPI
import PromptPresetsClient
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `PromptPresetsClient` against a real server process (§16): the cache, revalidation, the
/// fallbacks when the server is gone, and invalidation by change events.
@Suite("PromptPresetsClient against a server process", .serialized)
final class ClientTests {
    let store: TemporaryStore
    let token = "client-test-token-0123456789abcdef-xyz"

    init() throws {
        store = try TemporaryStore("client")
    }

    /// A server on `port` (so a restarted one is found at the same address).
    func server(port: Int) async throws -> ChildProcess {
        try await startServer(store: store.path, token: token, arguments: ["--port", "\(port)"]).process
    }

    func client(port: Int, maxAge: Duration, followsChanges: Bool = false) -> PromptPresetsClient {
        PromptPresetsClient(
            configuration: .init(
                baseURL: "http://127.0.0.1:\(port)", token: token, maxAge: maxAge, staleWhileRevalidate: .zero,
                followsChanges: followsChanges),
            catalog: .autoRecap)
    }

    @Test("a second resolve is a cache hit; an expired one revalidates with a 304")
    func cacheAndRevalidation() async throws {
        try await store.cli("presets", "create", "Alice")
        try await store.cli("bind", "chat", "c1", "Alice")
        let port = try freePort()
        let process = try await server(port: port)
        defer { process.kill() }

        let cached = client(port: port, maxAge: .seconds(600))
        defer { cached.stop() }
        let first = try await cached.resolve("scene_recap", in: Context(chat: "c1"))
        #expect(first.origin == .fetched)
        #expect(first.prompt.preset == "Alice")
        #expect(first.prompt.source == .chat)
        let second = try await cached.resolve("scene_recap", in: Context(chat: "c1"))
        #expect(second.origin == .cached)
        #expect(second.prompt == first.prompt)

        let expiring = client(port: port, maxAge: .zero)
        defer { expiring.stop() }
        #expect(try await expiring.resolve("scene_recap", in: Context(chat: "c1")).origin == .fetched)
        let again = try await expiring.resolve("scene_recap", in: Context(chat: "c1"))
        #expect(again.origin == .revalidated)
        #expect(again.prompt.preset == "Alice")
        #expect(expiring.statistics.revalidated == 1)
    }

    @Test("with the server down: the last answer, else the catalog default; back up: fresh answers")
    func serverDownAndBack() async throws {
        try await store.cli("presets", "create", "Alice")
        try await store.cli("bind", "chat", "c1", "Alice")
        let port = try freePort()
        let first = try await server(port: port)
        let client = client(port: port, maxAge: .zero)
        defer { client.stop() }
        #expect(try await client.resolve("scene_recap", in: Context(chat: "c1")).origin == .fetched)

        first.kill()
        _ = await first.wait()
        let stale = try await client.resolve("scene_recap", in: Context(chat: "c1"))
        guard case .stale = stale.origin else {
            Issue.record("expected the last answer, got \(stale.origin)")
            return
        }
        #expect(stale.prompt.preset == "Alice")
        let never = try await client.resolve("scene_recap", in: Context(chat: "never-asked"))
        guard case .catalogDefault = never.origin else {
            Issue.record("expected the catalog's default, got \(never.origin)")
            return
        }
        #expect(never.prompt.preset == "Default")
        #expect(never.prompt.prompt == Catalog.autoRecap["scene_recap"]?.current.config["prompt"]?.stringValue)

        try await store.cli("bind", "chat", "never-asked", "Alice")
        let second = try await server(port: port)
        defer { second.kill() }
        let back = try await client.resolve("scene_recap", in: Context(chat: "never-asked"))
        #expect(back.origin == .fetched)
        #expect(back.prompt.preset == "Alice")
    }

    @Test("a change event from the server makes cached answers revalidate at once")
    func invalidationByEvents() async throws {
        try await store.cli("presets", "create", "Alice")
        let port = try freePort()
        let process = try await server(port: port)
        defer { process.kill() }
        let client = client(port: port, maxAge: .seconds(600), followsChanges: true)
        defer { client.stop() }
        #expect(try await eventually { client.statistics.changeEvents >= 1 }, "the event stream never connected")
        #expect(try await client.resolve("scene_recap", in: Context(chat: "c1")).prompt.preset == "Default")

        try await store.cli("bind", "chat", "c1", "Alice")
        #expect(try await eventually { client.statistics.changeEvents >= 2 }, "the binding's event never arrived")
        let after = try await client.resolve("scene_recap", in: Context(chat: "c1"))
        #expect(after.origin == .fetched)
        #expect(after.prompt.preset == "Alice")
    }

    @Test("the rest of the API is typed calls: create, read back, bind, and a refusal with the server's message")
    func typedCalls() async throws {
        let port = try freePort()
        let process = try await server(port: port)
        defer { process.kill() }
        let client = client(port: port, maxAge: .zero)
        defer { client.stop() }
        let api = try client.api

        let created = try await api.createPreset(body: .json(.init(description: "for Alice", name: "Alice"))).created
        #expect(try created.body.json.name == "Alice")
        #expect(created.headers.eTag == "\"1\"", "the revision comes back with its quotes")
        let id = try created.body.json.id
        _ = try await api.setBinding(body: .json(.init(key: "c1", preset: id, scope: .chat))).ok
        let bindings = try await api.listBindings(query: .init(scope: .chat)).ok.body.json
        #expect(bindings.map(\.presetName) == ["Alice"])
        #expect(try await client.resolve("scene_recap", in: Context(chat: "c1")).prompt.preset == "Alice")

        let taken = try await api.createPreset(body: .json(.init(name: "Alice")))
        guard case .conflict(let refusal) = taken else {
            Issue.record("a second preset named Alice is a 409, got \(taken)")
            return
        }
        #expect(try refusal.body.json.message.contains("Alice"))
    }

    @Test("an operation the catalog does not declare is the caller's mistake, named")
    func unknownOperation() async throws {
        let client = client(port: try freePort(), maxAge: .zero)
        defer { client.stop() }
        await #expect(throws: PresetError.self) { try await client.resolve("scene_recapp") }
    }
}

/// A loopback port nothing listens on now.
func freePort() throws -> Int {
    let listener = try LoopbackListener(statuses: [200])
    defer { listener.stop() }
    return listener.port
}
