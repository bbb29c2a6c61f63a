import Hummingbird
import PromptPresets
import PromptPresetsService

/// `/sessions`: copy-on-write edit sessions — open, read, change (auto-save), finish, cancel (§6.1).
///
/// A session belongs to the editor that opened it: the caller (`api`, `web:<sign-in>`) plus
/// the `editor` it names (a browser tab, a client instance). Every change, finish and cancel
/// may carry the session revision in `If-Match`; a stale one gets 409 with the session's
/// current state instead of overwriting another editor's change.
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
        return JSONResponse(.array(try sessions.map { try $0.apiJSON(in: snapshot) }))
    }

    /// `{preset, operation, editor?, takeOver?, bindCopyTo?: {scope, key}}`. 201 for a new
    /// session, 200 for the caller's own open one, 409 naming the holder when another editor has it.
    @Sendable func open(_ request: Request, context: AppRequestContext) async throws -> JSONResponse {
        let body = try await request.jsonObject(limit: configuration.maxBodySize)
        try body.allowOnly(["preset", "operation", "editor", "takeOver", "bindCopyTo"])
        let preset = PresetID(try body.requiredString("preset"))
        let operation = try body.requiredString("operation")
        let owner = try Self.owner(body.string("editor"), context)
        let takeOver = try body.bool("takeOver") ?? false
        let copyBinding = try body.object("bindCopyTo").map { try Self.scope($0) }
        let known = library.snapshot.sessions.keys
        do {
            let session = try await library.perform(actor: context.actor) { snapshot, environment in
                try snapshot.openSession(
                    operation, in: preset, owner: owner, takeOver: takeOver, copyBinding: copyBinding, environment)
            }
            return try respond(session.id, status: known.contains(session.id) ? .ok : .created)
        } catch let error as PresetError {
            guard case .sessionHeld = error,
                  let held = library.snapshot.sessions.values.first(where: { $0.preset == preset && $0.operation == operation })
            else { throw error }
            return try conflict(error, session: held)
        }
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) throws -> JSONResponse {
        try respond(try existing(context))
    }

    /// `{config}` or `{set: {field: value}}`, with `If-Match: "<session revision>"`.
    @Sendable func change(_ request: Request, context: AppRequestContext) async throws -> JSONResponse {
        let id = try existing(context)
        let expected = try request.expectedRevision()
        let body = try await request.jsonObject(limit: configuration.maxBodySize)
        try body.allowOnly(["config", "set"])
        let config = try body.object("config")
        let set = try body.object("set")
        guard (config == nil) != (set == nil) else {
            throw APIError.badRequest("Give either 'config' (the whole config) or 'set' ({field: value}).")
        }
        if let set, set.isEmpty { throw APIError.badRequest("'set' names no field.") }
        return try await guarded(id) {
            let change = try await library.perform(actor: context.actor) { snapshot, environment in
                guard let session = snapshot.sessions[id] else { throw PresetError.sessionNotFound(id.rawValue) }
                var whole = config.map(Config.init) ?? snapshot.sessionConfig(session)
                for (field, value) in set ?? [:] { whole[field] = value }
                return try snapshot.changeSession(id, to: whole, expectedRevision: expected, environment)
            }
            return JSONResponse(
                try change.session.stateJSON(in: library.snapshot, createdVersion: change.createdVersion, lintWarnings: change.lintWarnings),
                revision: change.session.revision)
        }
    }

    @Sendable func finish(_ request: Request, context: AppRequestContext) async throws -> JSONResponse {
        let id = try existing(context)
        let expected = try request.expectedRevision()
        return try await guarded(id) {
            let end = try await library.perform(actor: context.actor) { snapshot, environment in
                try snapshot.finishSession(id, expectedRevision: expected, environment)
            }
            return JSONResponse(try end.apiJSON(in: library.snapshot))
        }
    }

    @Sendable func cancel(_ request: Request, context: AppRequestContext) async throws -> JSONResponse {
        let id = try existing(context)
        let expected = try request.expectedRevision()
        return try await guarded(id) {
            let end = try await library.perform(actor: context.actor) { snapshot, environment in
                try snapshot.cancelSession(id, expectedRevision: expected, environment)
            }
            return JSONResponse(try end.apiJSON(in: library.snapshot))
        }
    }

    // MARK: Helpers

    /// Runs `body`; a stale session revision becomes 409 with the session as it is now.
    private func guarded(_ id: SessionID, _ body: () async throws -> JSONResponse) async throws -> JSONResponse {
        do {
            return try await body()
        } catch let error as PresetError {
            guard case .staleRevision = error, let session = library.snapshot.sessions[id] else { throw error }
            return try conflict(error, session: session)
        }
    }

    /// 409 `{error, message, current}`: what the other editor's session holds now.
    private func conflict(_ error: PresetError, session: EditSession) throws -> JSONResponse {
        let snapshot = library.snapshot
        return JSONResponse(.object([
            "error": .string("conflict"),
            "message": .string(error.description),
            "current": try state(of: session, in: snapshot),
        ]), status: .conflict)
    }

    /// The editor a request speaks for: its caller, and the tab or client it names.
    static func owner(_ editor: String?, _ context: AppRequestContext) throws -> String {
        guard let editor, !editor.isEmpty else { return context.actor }
        guard editor.utf8.count <= 100, editor.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw APIError.badRequest("'editor' must be at most 100 printable ASCII characters without spaces.")
        }
        return "\(context.actor)/\(editor)"
    }

    static func scope(_ object: [String: JSONValue]) throws -> Scope {
        guard case .string(let kindText)? = object["scope"], let kind = ScopeKind(rawValue: kindText),
              case .string(let key)? = object["key"]
        else { throw APIError.badRequest("'bindCopyTo' must be {scope: chat|character|profile, key}.") }
        return Scope(kind, key)
    }

    private func existing(_ context: AppRequestContext) throws -> SessionID {
        let id = SessionID(try context.pathParameter("id"))
        guard library.snapshot.sessions[id] != nil else { throw PresetError.sessionNotFound(id.rawValue) }
        return id
    }

    private func state(of session: EditSession, in snapshot: Snapshot) throws -> JSONValue {
        let warnings: [LintWarning] = snapshot.catalog[session.operation].map {
            Template.lint(snapshot.sessionConfig(session), schema: $0.schema, variables: $0.variables)
        } ?? []
        return try session.stateJSON(in: snapshot, createdVersion: false, lintWarnings: warnings)
    }

    private func respond(_ id: SessionID, status: HTTPResponse.Status = .ok) throws -> JSONResponse {
        let snapshot = library.snapshot
        guard let session = snapshot.sessions[id] else { return JSONResponse(.object(["id": .string(id.rawValue)]), status: status) }
        return JSONResponse(try state(of: session, in: snapshot), status: status, revision: session.revision)
    }
}
