import Hummingbird
import PromptPresets

/// `GET /resolve`: the config an operation (or every operation) uses in a context — the same
/// object `prompt-presets resolve --json` prints, with a content `ETag` and `304` on `If-None-Match`.
///
/// The hot path: reads the in-memory snapshot only, never the disk.
struct ResolveController: Sendable {
    let library: PresetLibrary

    var endpoints: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        routes.get(use: resolve)
        return routes
    }

    @Sendable func resolve(_ request: Request, context: AppRequestContext) throws -> Response {
        let operation = try request.query("operation").flatMap { $0.isEmpty ? nil : $0 }
        let resolutionContext = try Context(
            chat: try request.query("chat").flatMap { $0.isEmpty ? nil : $0 },
            character: try request.query("character").flatMap { $0.isEmpty ? nil : $0 },
            profile: try request.query("profile").flatMap { $0.isEmpty ? nil : $0 }
        ).validated()
        let snapshot = library.snapshot
        let value: JSONValue = if let operation {
            try snapshot.resolve(operation, in: resolutionContext).jsonValue
        } else {
            .array(snapshot.resolveAll(in: resolutionContext).map(\.jsonValue))
        }
        let text = value.canonicalText
        let tag = ETag.content(text)
        if let condition = request.headers[.ifNoneMatch], ETag.matches(condition, tag) {
            return Response(status: .notModified, headers: [.eTag: tag])
        }
        return JSONResponse.response(text, status: .ok, headers: [.eTag: tag])
    }
}
