import PromptPresets
import PromptPresetsAPI

/// `/bindings`: pins of presets to chats, characters and profiles. Keys are arbitrary text, so
/// they travel in the body (`PUT`) or the query (`DELETE`, `GET`), never in the path.
extension APIHandler {
    func listBindings(_ input: Operations.ListBindings.Input) async throws -> Operations.ListBindings.Output {
        let snapshot = library.snapshot
        let kind = try input.query.scope.map(Self.scopeKind)
        let bindings: [Binding]
        if let key = input.query.key {
            // A key is looked up, never searched for: a page checks one binding among a million.
            let kinds: [ScopeKind] = kind.map { [$0] } ?? [.profile, .character, .chat]
            bindings = kinds.compactMap { kind in
                snapshot.bindings[Scope(kind, key)].map { Binding(Scope(kind, key), to: $0) }
            }
        } else {
            bindings = snapshot.bindings.all.filter { kind == nil || $0.scope.kind == kind }
        }
        return .ok(.init(body: .json(bindings.map { .init($0, in: snapshot) })))
    }

    func setBinding(_ input: Operations.SetBinding.Input) async throws -> Operations.SetBinding.Output {
        let body = switch input.body { case .json(let body): body }
        let scope = Scope(try Self.scopeKind(body.scope), body.key)
        let binding = try await library.perform(actor: actor) { snapshot, environment in
            try snapshot.bind(scope, to: PresetID(body.preset), environment)
        }
        return .ok(.init(body: .json(.init(binding, in: library.snapshot))))
    }

    func clearBinding(_ input: Operations.ClearBinding.Input) async throws -> Operations.ClearBinding.Output {
        let scope = Scope(try Self.scopeKind(input.query.scope), input.query.key)
        let before = library.snapshot
        let binding = try await library.perform(actor: actor) { snapshot, environment in
            try snapshot.unbind(scope, environment)
        }
        return .ok(.init(body: .json(.init(binding, in: before))))
    }

    private static func scopeKind<Payload: RawRepresentable>(_ payload: Payload) throws -> ScopeKind
    where Payload.RawValue == String {
        guard let kind = ScopeKind(payload) else {
            throw APIError.badRequest("Unknown scope '\(payload.rawValue.debugEscapedForMessage)'; expected chat, character or profile.")
        }
        return kind
    }
}
