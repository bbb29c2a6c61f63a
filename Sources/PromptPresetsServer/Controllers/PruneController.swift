import Hummingbird
import PromptPresets
import PromptPresetsService

/// `POST /prune`: deletes all but the newest unreferenced versions of every operation.
struct PruneController: Sendable {
    let library: PresetLibrary
    let configuration: ServerConfiguration

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.post(use: prune)
        return routes
    }

    @Sendable func prune(_ request: Request, context: AppRequestContext) async throws -> JSONResponse {
        let body = try await request.jsonObject(limit: configuration.maxBodySize, allowEmpty: true)
        try body.allowOnly(["keep"])
        let keep = try body.int("keep") ?? 10
        guard (0...10_000).contains(keep) else { throw APIError.badRequest("keep: expected an integer from 0 to 10000.") }
        let pruned = try await library.perform(actor: context.actor) { snapshot, environment in
            try snapshot.prune(keep: keep, environment)
        }
        return JSONResponse(.object(["pruned": .array(pruned.map { .object([
            "id": .string($0.id.rawValue), "operation": .string($0.operation), "name": .string($0.name), "number": .int($0.number),
        ]) })]))
    }
}
