import HTTPTypes
import Hummingbird
import NIOCore

/// Establishes who is calling and enforces the rules of `/api/v1`:
///
/// - `Authorization: Bearer <token>` must be the admin token (constant-time comparison); a wrong one is 401 even on reads.
/// - Otherwise a `pp_session` cookie of a signed-in browser identifies a web session.
/// - Writes (anything but GET/HEAD/OPTIONS) need an identity (401); a web session's writes also need its
///   `X-CSRF-Token` header (403).
/// - Reads need an identity unless reads are open (`--open-reads`); on `readOnlyPaths` every method is a read.
/// - An address that sent too many wrong tokens gets 429 until its window has passed.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let sessions: WebSessions
    let limiter: SignInLimiter
    let openReads: Bool
    /// Paths readable without identity even when reads are closed.
    let alwaysOpenPaths: Set<String>
    /// Paths where every method is a read (MCP's JSON-RPC is POSTed but never writes).
    var readOnlyPaths: Set<String> = []

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let authorization = request.headers[.authorization] {
            let parts = authorization.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else {
                throw APIError.unauthorized("Authorization must be 'Bearer <token>'.")
            }
            let client = context.clientAddress
            if let seconds = limiter.retryAfter(client: client) { throw APIError.tooManyAttempts(retryAfter: seconds) }
            guard sessions.adminToken.matches(parts[1].trimmingCharacters(in: .whitespaces)) else {
                limiter.recordFailure(client: client)
                throw APIError.unauthorized("The bearer token is not valid.")
            }
            context.identity = .token
        }
        // Otherwise a browser's cookie, recognised by SignInMiddleware, may have set the identity.
        let isRead = request.method == .get || request.method == .head || request.method == .options
            || readOnlyPaths.contains(request.uri.path)
        if isRead {
            if context.identity == nil, !openReads, !alwaysOpenPaths.contains(request.uri.path) {
                throw APIError.unauthorized("Reads need Authorization: Bearer <token> or a signed-in session.")
            }
        } else {
            switch context.identity {
            case nil:
                throw APIError.unauthorized("Writes need Authorization: Bearer <token> or a signed-in session.")
            case .webSession(let session):
                guard sessions.verifiesCSRF(request.headers[.csrfToken], for: session) else {
                    throw APIError.forbidden("Missing or wrong \(WebSessions.csrfHeaderName) header for this session.")
                }
            case .token:
                break
            }
        }
        return try await next(request, context)
    }
}
