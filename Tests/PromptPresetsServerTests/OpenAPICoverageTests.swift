import Foundation
import Hummingbird
import HummingbirdTesting
import PromptPresets
import PromptPresetsService
@testable import PromptPresetsServer
import Testing

@Suite struct OpenAPICoverageTests {
    /// `METHOD /path/{param}` of every API route the router has (`/api/…` and `/healthz`; the web UI is not part of the API).
    static func routerOperations() async throws -> Set<String> {
        let router = try buildRouter(try await TestServer().dependencies)
        return Set(router.routes.compactMap { route in
            let path = route.path.description
            guard path.hasPrefix("/api/") || path == "/healthz" else { return nil }
            return "\(route.method.rawValue) \(path)"
        })
    }

    /// The document as a client gets it from `/api/v1/openapi.json`.
    static func servedDocument() async throws -> JSONValue {
        let document = Locked(JSONValue.null)
        try await TestServer().test { client in
            let response = try await client.send(.get, "/api/v1/openapi.json", token: nil)
            document.withLock { $0 = response.json }
        }
        return document.withLock { $0 }
    }

    /// `METHOD /path/{param}` of every operation in the document.
    static func documentedOperations(_ document: JSONValue) -> Set<String> {
        var found: Set<String> = []
        for (path, item) in document["paths"]?.objectValue ?? [:] {
            for method in item.objectValue?.keys ?? [:].keys where method != "parameters" {
                found.insert("\(method.uppercased()) \(path)")
            }
        }
        return found
    }

    @Test func everyRouteIsDocumentedAndEveryDocumentedOperationIsARoute() async throws {
        let routes = try await Self.routerOperations()
        let documented = Self.documentedOperations(try await Self.servedDocument())
        #expect(routes.subtracting(documented).sorted() == [], "routes missing from the OpenAPI document")
        #expect(documented.subtracting(routes).sorted() == [], "documented operations without a route")
        #expect(routes.count > 40)
    }

    @Test func everyPathParameterIsDeclared() async throws {
        let paths = try #require(try await Self.servedDocument()["paths"]?.objectValue)
        for (path, item) in paths {
            let placeholders = Set(path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) })
            for (method, operation) in item.objectValue ?? [:] {
                let declared = Set((operation["parameters"]?.arrayValue ?? []).compactMap { parameter -> String? in
                    parameter["in"] == .string("path") ? parameter["name"]?.stringValue : nil
                })
                #expect(declared == placeholders, "\(method.uppercased()) \(path)")
            }
        }
    }

    /// Every `$ref` (schemas, shared responses, shared parameters) points at something in the document.
    @Test func everyReferenceResolves() async throws {
        let document = try await Self.servedDocument()
        var references: Set<String> = []
        func collect(_ value: JSONValue) {
            switch value {
            case .object(let members):
                if case .string(let reference)? = members["$ref"] { references.insert(reference) }
                members.values.forEach(collect)
            case .array(let elements):
                elements.forEach(collect)
            default:
                break
            }
        }
        collect(document)
        func target(of reference: String) -> JSONValue? {
            guard reference.hasPrefix("#/") else { return nil }
            return reference.dropFirst(2).split(separator: "/").reduce(Optional(document)) { value, name in value?[String(name)] }
        }
        #expect(references.contains("#/components/schemas/Preset"))
        #expect(references.contains("#/components/responses/Error"))
        #expect(references.filter { target(of: $0) == nil }.sorted() == [])
    }
}

@Suite struct PresetLibraryTests {
    /// A store that refuses every write, as if another process always wrote first.
    final class FailingStore: PresetStore, @unchecked Sendable {
        let inner = InMemoryStore()
        func load(catalog: Catalog, bindingsFor context: Context?) async throws -> Snapshot {
            try inner.loadSnapshot(catalog: catalog, bindingsFor: context)
        }
        func commit(_ changes: [Change], basedOn version: StoreVersion) async throws -> StoreVersion {
            throw PresetError.conflict("everything")
        }
        func changes(after version: StoreVersion) async throws -> ChangeFeed { .changes([], through: version) }
        func commits(after version: StoreVersion, limit: Int) async throws -> CommitLog { .commits([], current: version) }
        func currentVersion() async throws -> StoreVersion { .empty }
        func auditLog(limit: Int) async throws -> [AuditEntry] { [] }
    }

    @Test func aRefusedWriteSwapsNothing() async throws {
        let library = try await PresetLibrary(store: FailingStore(), catalog: .autoRecap)
        await #expect(throws: PresetError.self) {
            try await library.perform(actor: "test") { snapshot, environment in try snapshot.createPreset(named: "A", environment) }
        }
        #expect(library.snapshot.presets.isEmpty)
        #expect(library.version == .empty)
    }

    @Test func aWriteSwapsTheSnapshotAndPersists() async throws {
        let store = InMemoryStore()
        let library = try await PresetLibrary(store: store, catalog: .autoRecap)
        let preset = try await library.perform(actor: "test") { snapshot, environment in try snapshot.createPreset(named: "A", environment) }
        #expect(library.snapshot.presets[preset.id]?.name == "A")
        #expect(library.version == StoreVersion(1))
        #expect(try store.loadSnapshot(catalog: .autoRecap).presets[preset.id]?.name == "A")
        #expect(try await library.auditLog(limit: 5).first?.actor == "test")
    }

    @Test func idleEditSessionsAreSealed() async throws {
        let now = Locked(Date(timeIntervalSince1970: 1_000_000))
        let store = InMemoryStore()
        let library = try await PresetLibrary(store: store, catalog: .autoRecap, clock: Clock(now: { now.withLock { $0 } }))
        let preset = try await library.perform(actor: "t") { snapshot, environment in try snapshot.createPreset(named: "A", environment) }
        let session = try await library.perform(actor: "t") { snapshot, environment in
            try snapshot.openSession("scene_recap", in: preset.id, environment)
        }
        _ = try await library.perform(actor: "t") { snapshot, environment in
            try snapshot.changeSession(session.id, setting: "prompt", to: .string("edited"), environment)
        }
        #expect(try await library.expireIdleSessions(idleFor: 1_800).isEmpty)
        now.withLock { $0 = $0.addingTimeInterval(1_801) }
        #expect(try await library.expireIdleSessions(idleFor: 1_800) == [session.id])
        #expect(library.snapshot.sessions.isEmpty)
        #expect(library.snapshot.artifacts.count == 1)
        #expect(try store.loadSnapshot(catalog: .autoRecap).sessions.isEmpty)
    }
}
