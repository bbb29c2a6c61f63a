import Hummingbird
import PromptPresets
import PromptPresetsAPI
import PromptPresetsService

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
        return JSONResponse(.array(try list.map { try $0.apiJSON(in: snapshot) }))
    }

    @Sendable func history(_ request: Request, context: AppRequestContext) throws -> JSONResponse {
        let snapshot = library.snapshot
        let entries = try snapshot.history(of: try context.pathParameter("operation"))
        return JSONResponse(.array(try entries.map { try $0.apiJSON }))
    }

    @Sendable func diff(_ request: Request, context: AppRequestContext) throws -> JSONResponse {
        let operation = try context.pathParameter("operation")
        let from = try request.requiredQuery("from")
        let to = try request.requiredQuery("to")
        let diffs = try library.snapshot.diff(operation, from: from, to: to)
        let wire = Components.Schemas.Diff(fields: diffs.map(Components.Schemas.FieldDiff.init), from: from, operation: operation, to: to)
        return JSONResponse(try JSONValue(wire: wire))
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
        return JSONResponse(try (snapshot.artifacts[copy.id] ?? copy).apiJSON(in: snapshot), status: .created, revision: copy.revision)
    }
}
