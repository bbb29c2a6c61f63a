import Foundation
import Hummingbird
import HummingbirdTesting
import PromptPresets
import PromptPresetsCatalogs
import PromptPresetsService
@testable import PromptPresetsServer

/// The admin token every test server accepts.
let testToken = "test-admin-token-0123456789"

/// A server on a fresh in-memory store; `seed` may put data in the store before the library loads it.
struct TestServer {
    let dependencies: ServerDependencies
    let store: InMemoryStore

    init(
        configuration: ServerConfiguration = ServerConfiguration(), limiter: SignInLimiter? = nil,
        seed: (InMemoryStore) throws -> Void = { _ in }
    ) async throws {
        let store = InMemoryStore()
        try seed(store)
        self.store = store
        let library = try await PresetLibrary(store: store, catalog: .autoRecap)
        self.dependencies = ServerDependencies(
            configuration: configuration, library: library, sessions: WebSessions(adminToken: AdminToken(token: testToken), store: store),
            limiter: limiter)
    }

    var library: PresetLibrary { dependencies.library }

    /// Runs `body` against the router in-process.
    func test(_ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let app = try buildApplication(dependencies)
        try await app.test(.router) { client in try await body(client) }
    }

    /// What the store holds right now (to check that a refused request changed nothing).
    func stored() throws -> Snapshot {
        try store.loadSnapshot(catalog: .autoRecap)
    }
}

extension TestClientProtocol {
    /// Sends a request; `token` is sent as a bearer token unless nil, `json` as the body.
    @discardableResult
    func send(
        _ method: HTTPRequest.Method, _ uri: String, json: JSONValue? = nil, body: String? = nil,
        token: String? = testToken, headers: HTTPFields = [:]
    ) async throws -> TestResponse {
        var fields = headers
        if let token { fields[.authorization] = "Bearer \(token)" }
        var buffer: ByteBuffer?
        if let json {
            buffer = ByteBuffer(string: json.canonicalText)
            fields[.contentType] = "application/json"
        } else if let body {
            buffer = ByteBuffer(string: body)
            fields[.contentType] = "application/json"
        }
        return try await execute(uri: uri, method: method, headers: fields, body: buffer)
    }
}

extension TestResponse {
    /// The body parsed as JSON (`.null` when it is not JSON).
    var json: JSONValue {
        (try? StrictJSON.parse(String(buffer: body))) ?? .null
    }

    var text: String { String(buffer: body) }

    /// The `error` code of a JSON error body.
    var errorCode: String? { json.objectValue?["error"]?.stringValue }
}

extension JSONValue {
    subscript(key: String) -> JSONValue? { objectValue?[key] }
    subscript(index: Int) -> JSONValue? {
        guard let array = arrayValue, array.indices.contains(index) else { return nil }
        return array[index]
    }
}

/// Percent-encodes a query value.
func encoded(_ text: String) -> String {
    var allowed = CharacterSet.urlQueryAllowed
    allowed.remove(charactersIn: "&=+?/#")
    return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
}

/// Seeds a store with a preset whose scene_recap uses a version based on the oldest default, so an update is pending.
func seedOutdatedVersion(_ store: InMemoryStore) throws {
    let definition = Catalog.autoRecap["scene_recap"]!
    let oldest = definition.history[0]
    var config = oldest.config
    config["prompt"] = .string((oldest.config["prompt"]?.stringValue ?? "") + "\nMy own extra rule.\n")
    let date = Date(timeIntervalSince1970: 1_700_000_000)
    let artifact = Artifact(
        id: ArtifactID("old-art"), operation: "scene_recap", name: "v1", number: 1, config: config,
        basedOn: oldest.version, parent: .default(oldest.version), origin: .edit, createdAt: date, modifiedAt: date)
    let preset = Preset(id: PresetID("p-old"), name: "Old", operations: ["scene_recap": artifact.id], createdAt: date, modifiedAt: date)
    try store.apply([.setCounter(operation: "scene_recap", value: 1), .insertArtifact(artifact), .insertPreset(preset)], basedOn: .empty)
}
