import Hummingbird
import PromptPresets
import PromptPresetsService

/// `/bindings`: pins of presets to chats, characters and profiles. Keys are arbitrary text, so
/// they travel in the body (`PUT`) or the query (`DELETE`, `GET`), never in the path.
struct BindingsController: Sendable {
    let library: PresetLibrary
    let configuration: ServerConfiguration

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get(use: list)
        routes.put(use: set)
        routes.delete(use: clear)
        return routes
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) throws -> JSONResponse {
        let snapshot = library.snapshot
        let kind = try request.query("scope").flatMap { $0.isEmpty ? nil : $0 }.map(Self.scopeKind)
        let key = try request.query("key")
        var bindings = snapshot.bindings.all
        if let kind { bindings = bindings.filter { $0.scope.kind == kind } }
        if let key { bindings = bindings.filter { $0.scope.key == key } }
        return JSONResponse(.array(bindings.map { $0.apiJSON(in: snapshot) }))
    }

    @Sendable func set(_ request: Request, context: AppRequestContext) async throws -> JSONResponse {
        let body = try await request.jsonObject(limit: configuration.maxBodySize)
        try body.allowOnly(["scope", "key", "preset"])
        let scope = Scope(try Self.scopeKind(try body.requiredString("scope")), try body.requiredString("key"))
        let preset = PresetID(try body.requiredString("preset"))
        let binding = try await library.perform(actor: context.actor) { snapshot, environment in
            try snapshot.bind(scope, to: preset, environment)
        }
        return JSONResponse(binding.apiJSON(in: library.snapshot))
    }

    @Sendable func clear(_ request: Request, context: AppRequestContext) async throws -> JSONResponse {
        let scope = Scope(try Self.scopeKind(try request.requiredQuery("scope")), try request.requiredQuery("key"))
        let before = library.snapshot
        let binding = try await library.perform(actor: context.actor) { snapshot, environment in
            try snapshot.unbind(scope, environment)
        }
        return JSONResponse(binding.apiJSON(in: before))
    }

    static func scopeKind(_ text: String) throws -> ScopeKind {
        guard let kind = ScopeKind(rawValue: text) else {
            throw APIError.badRequest("Unknown scope '\(text.debugEscapedForMessage)'; expected chat, character or profile.")
        }
        return kind
    }
}
