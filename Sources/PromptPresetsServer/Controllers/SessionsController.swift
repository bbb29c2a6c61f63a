import Hummingbird
import PromptPresets

/// `/sessions`: copy-on-write edit sessions — open, read, change (auto-save), finish, cancel.
struct SessionsController: Sendable {
    let library: PresetLibrary
    let configuration: ServerConfiguration

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get(use: list)
        routes.post(use: open)
        routes.get(":id", use: get)
        routes.patch(":id", use: change)
        routes.post(":id/finish", use: finish)
        routes.post(":id/cancel", use: cancel)
        return routes
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) throws -> JSONResponse {
        let snapshot = library.snapshot
        let sessions = snapshot.sessions.values.sorted { ($0.openedAt, $0.id.rawValue) < ($1.openedAt, $1.id.rawValue) }
        return JSONResponse(.array(sessions.map { $0.apiJSON(in: snapshot) }))
    }

    @Sendable func open(_ request: Request, context: AppRequestContext) async throws -> JSONResponse {
        let body = try await request.jsonObject(limit: configuration.maxBodySize)
        try body.allowOnly(["preset", "operation"])
        let preset = PresetID(try body.requiredString("preset"))
        let operation = try body.requiredString("operation")
        let known = library.snapshot.sessions.keys
        let session = try library.perform(actor: context.actor) { snapshot, environment in
            try snapshot.openSession(operation, in: preset, environment)
        }
        return respond(session.id, status: known.contains(session.id) ? .ok : .created)
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) throws -> JSONResponse {
        respond(try existing(context))
    }

    @Sendable func change(_ request: Request, context: AppRequestContext) async throws -> JSONResponse {
        let id = try existing(context)
        let body = try await request.jsonObject(limit: configuration.maxBodySize)
        try body.allowOnly(["config", "set"])
        let config = try body.object("config")
        let set = try body.object("set")
        guard (config == nil) != (set == nil) else {
            throw APIError.badRequest("Give either 'config' (the whole config) or 'set' ({field: value}).")
        }
        let change: SessionChange
        if let config {
            change = try library.perform(actor: context.actor) { snapshot, environment in
                try snapshot.changeSession(id, to: Config(config), environment)
            }
        } else {
            let fields = set ?? [:]
            guard !fields.isEmpty else { throw APIError.badRequest("'set' names no field.") }
            change = try library.perform(actor: context.actor) { snapshot, environment in
                guard let session = snapshot.sessions[id] else { throw PresetError.sessionNotFound(id.rawValue) }
                var config = snapshot.sessionConfig(session)
                for (field, value) in fields { config[field] = value }
                return try snapshot.changeSession(id, to: config, environment)
            }
        }
        let snapshot = library.snapshot
        return JSONResponse(change.session.stateJSON(in: snapshot, createdVersion: change.createdVersion, lintWarnings: change.lintWarnings))
    }

    @Sendable func finish(_ request: Request, context: AppRequestContext) throws -> JSONResponse {
        let id = try existing(context)
        let end = try library.perform(actor: context.actor) { snapshot, environment in
            try snapshot.finishSession(id, environment)
        }
        return JSONResponse(end.apiJSON(in: library.snapshot))
    }

    @Sendable func cancel(_ request: Request, context: AppRequestContext) throws -> JSONResponse {
        let id = try existing(context)
        let end = try library.perform(actor: context.actor) { snapshot, environment in
            try snapshot.cancelSession(id, environment)
        }
        return JSONResponse(end.apiJSON(in: library.snapshot))
    }

    private func existing(_ context: AppRequestContext) throws -> SessionID {
        let id = SessionID(try context.pathParameter("id"))
        guard library.snapshot.sessions[id] != nil else { throw PresetError.sessionNotFound(id.rawValue) }
        return id
    }

    private func respond(_ id: SessionID, status: HTTPResponse.Status = .ok) -> JSONResponse {
        let snapshot = library.snapshot
        guard let session = snapshot.sessions[id] else { return JSONResponse(.object(["id": .string(id.rawValue)]), status: status) }
        let warnings: [LintWarning] = snapshot.catalog[session.operation].map {
            Template.lint(snapshot.sessionConfig(session), schema: $0.schema, variables: $0.variables)
        } ?? []
        return JSONResponse(session.stateJSON(in: snapshot, createdVersion: false, lintWarnings: warnings), status: status)
    }
}
