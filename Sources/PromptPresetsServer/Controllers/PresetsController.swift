import Hummingbird
import PromptPresets
import PromptPresetsAPI
import PromptPresetsService

/// `/presets`: list, create, get, rename/describe, delete, duplicate, and point an operation at a version.
struct PresetsController: Sendable {
    let library: PresetLibrary
    let configuration: ServerConfiguration

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get(use: list)
        routes.post(use: create)
        routes.get(":id", use: get)
        routes.patch(":id", use: update)
        routes.delete(":id", use: delete)
        routes.post(":id/duplicate", use: duplicate)
        routes.put(":id/operations/:operation", use: setOperation)
        return routes
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) throws -> JSONResponse {
        let snapshot = library.snapshot
        return JSONResponse(.array(snapshot.allPresets.map { $0.apiJSON(in: snapshot) }))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> JSONResponse {
        let body = try await request.jsonObject(limit: configuration.maxBodySize)
        try body.allowOnly(["name", "description"])
        let name = try body.requiredString("name")
        let description = try body.string("description") ?? ""
        let preset = try await library.perform(actor: context.actor) { snapshot, environment in
            try snapshot.createPreset(named: name, description: description, environment)
        }
        return respond(preset.id, status: .created)
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) throws -> JSONResponse {
        respond(try existing(context).id)
    }

    @Sendable func update(_ request: Request, context: AppRequestContext) async throws -> JSONResponse {
        let id = try existing(context).id
        let expected = try request.expectedRevision()
        let change = try await RenameRequest(request, limit: configuration.maxBodySize)
        _ = try await library.perform(actor: context.actor) { snapshot, environment in
            try change.outcome(
                rename: { try snapshot.renamePreset(id, to: $0, expectedRevision: expected, environment) },
                describe: { try $0.describePreset(id, as: $1, expectedRevision: $2, environment) },
                on: snapshot, expectedRevision: expected)
        }
        return respond(id)
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> JSONResponse {
        let id = try existing(context).id
        let expected = try request.expectedRevision()
        let before = library.snapshot
        let removed = try await library.perform(actor: context.actor) { snapshot, environment in
            try snapshot.deletePreset(id, expectedRevision: expected, environment)
        }
        let bindings = try removed.map { try JSONValue(wire: Components.Schemas.Binding($0, in: before)) }
        return JSONResponse(.object(["deleted": .string(id.rawValue), "removedBindings": .array(bindings)]))
    }

    @Sendable func duplicate(_ request: Request, context: AppRequestContext) async throws -> JSONResponse {
        let id = try existing(context).id
        let body = try await request.jsonObject(limit: configuration.maxBodySize, allowEmpty: true)
        try body.allowOnly(["name"])
        let name = try body.string("name")
        let copy = try await library.perform(actor: context.actor) { snapshot, environment in
            try snapshot.duplicatePreset(id, as: name, environment)
        }
        return respond(copy.id, status: .created)
    }

    @Sendable func setOperation(_ request: Request, context: AppRequestContext) async throws -> JSONResponse {
        let id = try existing(context).id
        let operation = try context.pathParameter("operation")
        _ = try library.catalog.operation(operation)
        let expected = try request.expectedRevision()
        let body = try await request.jsonObject(limit: configuration.maxBodySize)
        try body.allowOnly(["artifact"])
        guard body.has("artifact"), let artifact = try body.nullableString("artifact") else {
            throw APIError.badRequest("Field 'artifact' is required: a version id, or null for the default.")
        }
        _ = try await library.perform(actor: context.actor) { snapshot, environment in
            try snapshot.setOperation(operation, of: id, to: artifact.map { ArtifactID($0) }, expectedRevision: expected, environment)
        }
        return respond(id)
    }

    // MARK: Helpers

    private func existing(_ context: AppRequestContext) throws -> Preset {
        let id = try context.pathParameter("id")
        guard let preset = library.snapshot.preset(id: PresetID(id)) else {
            throw PresetError.presetNotFound(id, suggestion: nil)
        }
        return preset
    }

    private func respond(_ id: PresetID, status: HTTPResponse.Status = .ok) -> JSONResponse {
        let snapshot = library.snapshot
        guard let preset = snapshot.preset(id: id) else { return JSONResponse(.object(["id": .string(id.rawValue)]), status: status) }
        return JSONResponse(preset.apiJSON(in: snapshot), status: status, revision: preset.revision)
    }
}
