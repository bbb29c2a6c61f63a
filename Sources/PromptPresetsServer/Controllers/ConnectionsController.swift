import Hummingbird
import PromptPresets
import PromptPresetsService

/// `/connections`: the connection-profile directory (`{id, name, api}`; never a credential).
struct ConnectionsController: Sendable {
    let library: PresetLibrary
    let configuration: ServerConfiguration

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get(use: list)
        routes.post(use: create)
        routes.get(":id", use: get)
        routes.patch(":id", use: rename)
        routes.delete(":id", use: delete)
        return routes
    }

    @Sendable func list(_ request: Request, context: AppRequestContext) throws -> JSONResponse {
        let profiles = library.snapshot.connectionProfiles.values.sorted { ($0.name, $0.id) < ($1.name, $1.id) }
        return JSONResponse(.array(profiles.map(\.apiJSON)))
    }

    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> JSONResponse {
        let body = try await request.jsonObject(limit: configuration.maxBodySize)
        try body.allowOnly(["name", "api"])
        let name = try body.requiredString("name")
        let api = try body.string("api") ?? ""
        guard api.count <= 200, !api.containsControlCharacter else {
            throw APIError.unprocessable("api: at most 200 characters, no control characters.")
        }
        let profile = try await library.perform(actor: context.actor) { snapshot, environment in
            try snapshot.addConnectionProfile(named: name, api: api, environment)
        }
        return JSONResponse(profile.apiJSON, status: .created)
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) throws -> JSONResponse {
        JSONResponse(try existing(context).apiJSON)
    }

    @Sendable func rename(_ request: Request, context: AppRequestContext) async throws -> JSONResponse {
        let profile = try existing(context)
        let body = try await request.jsonObject(limit: configuration.maxBodySize)
        try body.allowOnly(["name"])
        let name = try body.requiredString("name")
        let renamed = try await library.perform(actor: context.actor) { snapshot, environment in
            try snapshot.renameConnectionProfile(profile.name, to: name, environment)
        }
        return JSONResponse(renamed.apiJSON)
    }

    @Sendable func delete(_ request: Request, context: AppRequestContext) async throws -> JSONResponse {
        let profile = try existing(context)
        let users = try await library.perform(actor: context.actor) { snapshot, environment in
            try snapshot.removeConnectionProfile(profile.name, environment)
        }
        return JSONResponse(.object(["deleted": profile.apiJSON, "stillReferencedBy": .array(users.map(JSONValue.string))]))
    }

    private func existing(_ context: AppRequestContext) throws -> ConnectionProfile {
        let id = try context.pathParameter("id")
        guard let profile = library.snapshot.connectionProfiles[id] else {
            throw APIError.notFound("No connection profile with id '\(id.debugEscapedForMessage)'.")
        }
        return profile
    }
}
