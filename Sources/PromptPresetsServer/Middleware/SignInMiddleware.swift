import Hummingbird

/// Recognises a signed-in browser by its session cookie (looked up in the store, cached) and
/// records it as the request's identity, for the API's authentication and the web pages.
struct SignInMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let sessions: WebSessions

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let id = request.cookies[WebSessions.cookieName]?.value, !id.isEmpty,
              let session = await sessions.session(id: id) else {
            return try await next(request, context)
        }
        var context = context
        context.identity = .webSession(session)
        return try await next(request, context)
    }
}
