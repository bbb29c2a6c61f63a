import Hummingbird
import PromptPresets
import PromptPresetsService

/// `/artifacts/{id}`: stored versions by id — list, get, rename/describe, delete, duplicate.
struct ArtifactsController: Sendable {
    let library: PresetLibrary
    let configuration: ServerConfiguration

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get(use: list)
        routes.get(":id", use: get)
        routes.patch(":id", use: update)
        routes.delete(":id", use: delete)
        routes.post(":id/duplicate", use: duplicate)
        return routes
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) throws -> JSONResponse {
        let snapshot = library.snapshot
        let operations: [String]
        if let operation = try request.query("operation"), !operation.isEmpty {
            operations = [try snapshot.catalog.operation(operation).key]
        } else {
            operations = snapshot.catalog.operationKeys
        }
        return JSONResponse(.array(operations.flatMap { snapshot.artifacts(of: $0) }.map { $0.apiJSON(in: snapshot) }))
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
                rename: { try snapshot.renameArtifact(id, to: $0, expectedRevision: expected, environment) },
                describe: { try $0.describeArtifact(id, as: $1, expectedRevision: $2, environment) },
                on: snapshot, expectedRevision: expected)
        }
        return respond(id)
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> JSONResponse {
        let id = try existing(context).id
        let expected = try request.expectedRevision()
        let deleted = try await library.perform(actor: context.actor) { snapshot, environment in
            try snapshot.deleteArtifact(id, expectedRevision: expected, environment)
        }
        return JSONResponse(.object(["deleted": deleted.referenceJSON, "operation": .string(deleted.operation)]))
    }

    @Sendable func duplicate(_ request: Request, context: AppRequestContext) async throws -> JSONResponse {
        let artifact = try existing(context)
        let copy = try await library.perform(actor: context.actor) { snapshot, environment in
            try snapshot.duplicateVersion(artifact.name, of: artifact.operation, environment)
        }
        return respond(copy.id, status: .created)
    }

    private func existing(_ context: AppRequestContext) throws -> Artifact {
        let id = try context.pathParameter("id")
        guard let artifact = library.snapshot.artifacts[ArtifactID(id)] else {
            throw APIError.notFound("No stored version with id '\(id.debugEscapedForMessage)'.")
        }
        return artifact
    }

    private func respond(_ id: ArtifactID, status: HTTPResponse.Status = .ok) -> JSONResponse {
        let snapshot = library.snapshot
        guard let artifact = snapshot.artifacts[id] else { return JSONResponse(.object(["id": .string(id.rawValue)]), status: status) }
        return JSONResponse(artifact.apiJSON(in: snapshot), status: status, revision: artifact.revision)
    }
}

/// `/operations/{operation}/…`: versions by name (`Default`, `Default@1.0.0`, a stored name), history, diff, duplicate.
struct OperationsController: Sendable {
    let library: PresetLibrary
    let configuration: ServerConfiguration

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get(":operation/versions", use: versions)
        routes.get(":operation/history", use: history)
        routes.get(":operation/diff", use: diff)
        routes.post(":operation/duplicate", use: duplicate)
        return routes
    }

    @Sendable func versions(_ request: Request, context: AppRequestContext) throws -> JSONResponse {
        let snapshot = library.snapshot
        let list = try snapshot.versions(of: try context.pathParameter("operation"))
        return JSONResponse(.array(list.map { $0.apiJSON(in: snapshot) }))
    }

    @Sendable func history(_ request: Request, context: AppRequestContext) throws -> JSONResponse {
        let snapshot = library.snapshot
        let entries = try snapshot.history(of: try context.pathParameter("operation"))
        return JSONResponse(.array(entries.map { $0.apiJSON(in: snapshot) }))
    }

    @Sendable func diff(_ request: Request, context: AppRequestContext) throws -> JSONResponse {
        let operation = try context.pathParameter("operation")
        let from = try request.requiredQuery("from")
        let to = try request.requiredQuery("to")
        let diffs = try library.snapshot.diff(operation, from: from, to: to)
        return JSONResponse(.object(["operation": .string(operation), "from": .string(from), "to": .string(to), "fields": diffs.apiJSON]))
    }

    @Sendable func duplicate(_ request: Request, context: AppRequestContext) async throws -> JSONResponse {
        let operation = try context.pathParameter("operation")
        let body = try await request.jsonObject(limit: configuration.maxBodySize)
        try body.allowOnly(["version"])
        let version = try body.requiredString("version")
        let copy = try await library.perform(actor: context.actor) { snapshot, environment in
            try snapshot.duplicateVersion(version, of: operation, environment)
        }
        let snapshot = library.snapshot
        return JSONResponse((snapshot.artifacts[copy.id] ?? copy).apiJSON(in: snapshot), status: .created, revision: copy.revision)
    }
}
