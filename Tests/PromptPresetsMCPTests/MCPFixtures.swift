import Foundation
import MCP
import PromptPresets
import PromptPresetsCatalogs
import PromptPresetsService
@testable import PromptPresetsMCP

/// A library on a fresh in-memory store with the auto-recap catalog: preset `Alice` has its
/// own scene recap prompt and is bound to chats `alice-1` and `alice-2` and character `Alice`.
struct MCPFixture {
    let library: PresetLibrary
    let store: InMemoryStore

    static let alicePrompt = "Recap {{scene_messages}} as Alice. Types: {{lorebook_entry_types}} {{undeclared}}"

    init(seeded: Bool = true) async throws {
        store = InMemoryStore()
        library = try await PresetLibrary(store: store, catalog: .autoRecap)
        guard seeded else { return }
        let alice = try await library.perform(actor: "test") { try $0.createPreset(named: "Alice", $1) }
        try await library.perform(actor: "test") { snapshot, environment in
            let opened = try snapshot.openSession("scene_recap", in: alice.id, environment)
            let changed = try opened.then {
                try $0.changeSession(opened.value.id, setting: "prompt", to: .string(Self.alicePrompt), environment)
            }
            return try changed.then { try $0.finishSession(opened.value.id, environment) }
        }
        for scope in [Scope.chat("alice-1"), .chat("alice-2"), .chat("bob-1"), .character("Alice")] {
            try await library.perform(actor: "test") { try $0.bind(scope, to: alice.id, $1) }
        }
    }

    var rendering: PromptRendering { PromptRendering(snapshot: library.snapshot) }

    /// A JSON-RPC request POSTed as a client would.
    static func post(_ method: String, id: Int = 1, params: [String: Any] = [:]) throws -> HTTPRequest {
        let body = try JSONSerialization.data(withJSONObject: ["jsonrpc": "2.0", "id": id, "method": method, "params": params])
        return HTTPRequest(
            method: "POST", headers: ["Content-Type": "application/json", "Accept": "application/json, text/event-stream"],
            body: body, path: "/mcp")
    }
}

extension HTTPResponse {
    /// The body as a JSON object (empty when it is none).
    var json: [String: Any] {
        bodyData.flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] } ?? [:]
    }
}

extension MCPError {
    /// The message a client sees.
    var message: String { errorDescription ?? "" }
}
