import Hummingbird

/// In front of the generated API routes: collects the body within the server's limit (the
/// generated code would read any length) and binds who is asking for the audit log.
struct APIRequestMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let maxBodySize: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var request = request
        _ = try await request.collectBody(upTo: maxBodySize)
        return try await APIRequest.$actor.withValue(context.actor) {
            try await next(request, context)
        }
    }
}
