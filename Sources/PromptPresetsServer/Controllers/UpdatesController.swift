import Hummingbird
import PromptPresets
import PromptPresetsService

/// `/updates`: presets whose versions are based on an older default, and what to do about each.
struct UpdatesController: Sendable {
    let library: PresetLibrary
    let configuration: ServerConfiguration

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get(use: list)
        routes.get(":preset/:operation/compare", use: compare)
        routes.get(":preset/:operation/merge", use: previewMerge)
        routes.post(":preset/:operation/merge", use: merge)
        routes.post(":preset/:operation/keep", use: keep)
        routes.post(":preset/:operation/revert", use: revert)
        routes.post(":preset/:operation/dismiss", use: dismiss)
        return routes
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) throws -> JSONResponse {
        JSONResponse(.array(try library.snapshot.pendingUpdates().map { try $0.apiJSON }))
    }

    @Sendable func compare(_ request: Request, context: AppRequestContext) throws -> JSONResponse {
        let (preset, operation) = try target(context)
        return JSONResponse(try library.snapshot.compareUpdate(operation, in: preset).apiJSON)
    }

    @Sendable func previewMerge(_ request: Request, context: AppRequestContext) throws -> JSONResponse {
        let (preset, operation) = try target(context)
        return JSONResponse(try library.snapshot.previewMerge(operation, in: preset).apiJSON)
    }

    @Sendable func merge(_ request: Request, context: AppRequestContext) async throws -> JSONResponse {
        let (preset, operation) = try target(context)
        let expected = try request.expectedRevision()
        let body = try await request.jsonObject(limit: configuration.maxBodySize, allowEmpty: true)
        let resolutions = try MergeRequest(body).resolutions
        let artifact = try await library.perform(actor: context.actor) { snapshot, environment in
            try Self.check(expected, of: preset, in: snapshot)
            return try snapshot.mergeUpdate(operation, in: preset, resolving: resolutions, environment)
        }
        return try artifactResponse(artifact.id, status: .created)
    }

    @Sendable func keep(_ request: Request, context: AppRequestContext) async throws -> JSONResponse {
        let (preset, operation) = try target(context)
        let expected = try request.expectedRevision()
        let artifact = try await library.perform(actor: context.actor) { snapshot, environment in
            try Self.check(expected, of: preset, in: snapshot)
            return try snapshot.keepMine(operation, in: preset, environment)
        }
        return try artifactResponse(artifact.id)
    }

    @Sendable func revert(_ request: Request, context: AppRequestContext) async throws -> JSONResponse {
        let (preset, operation) = try target(context)
        let expected = try request.expectedRevision()
        let updated = try await library.perform(actor: context.actor) { snapshot, environment in
            try Self.check(expected, of: preset, in: snapshot)
            return try snapshot.revertToDefault(operation, in: preset, environment)
        }
        let snapshot = library.snapshot
        let current = snapshot.preset(id: updated.id) ?? updated
        return JSONResponse(try current.apiJSON(in: snapshot), revision: current.revision)
    }

    @Sendable func dismiss(_ request: Request, context: AppRequestContext) async throws -> JSONResponse {
        let (preset, operation) = try target(context)
        let expected = try request.expectedRevision()
        let artifact = try await library.perform(actor: context.actor) { snapshot, environment in
            try Self.check(expected, of: preset, in: snapshot)
            return try snapshot.dismissUpdate(operation, in: preset, environment)
        }
        return try artifactResponse(artifact.id)
    }

    /// The revision of the preset the caller read (`If-Match`), checked on the snapshot the write is made on.
    private static func check(_ expected: Int?, of id: PresetID, in snapshot: Snapshot) throws {
        guard let expected, let preset = snapshot.preset(id: id), preset.revision != expected else { return }
        throw PresetError.staleRevision(kind: "preset", name: preset.name, expected: expected, actual: preset.revision)
    }

    private func target(_ context: AppRequestContext) throws -> (PresetID, String) {
        (PresetID(try context.pathParameter("preset")), try context.pathParameter("operation"))
    }

    private func artifactResponse(_ id: ArtifactID, status: HTTPResponse.Status = .ok) throws -> JSONResponse {
        let snapshot = library.snapshot
        guard let artifact = snapshot.artifacts[id] else { return JSONResponse(.object(["id": .string(id.rawValue)]), status: status) }
        return JSONResponse(try artifact.apiJSON(in: snapshot), status: status, revision: artifact.revision)
    }
}
