import PromptPresets
import PromptPresetsAPI

/// `/bindings`: pins of presets to chats, characters and profiles. Keys are arbitrary text, so
/// they travel in the body (`PUT`) or the query (`DELETE`, `GET`), never in the path.
extension APIHandler {
    func listBindings(_ input: Operations.ListBindings.Input) async throws -> Operations.ListBindings.Output {
        let snapshot = library.snapshot
        var bindings = snapshot.bindings.all
        if let kind = try input.query.scope.map(Self.scopeKind) { bindings = bindings.filter { $0.scope.kind == kind } }
        if let key = input.query.key { bindings = bindings.filter { $0.scope.key == key } }
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
