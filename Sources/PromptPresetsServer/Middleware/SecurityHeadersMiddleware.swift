import HTTPTypes
import Hummingbird
import NIOCore

/// Headers every response carries: no inline script, no sniffing, no framing, no referrer.
struct SecurityHeadersMiddleware<Context: RequestContext>: RouterMiddleware {
    static var contentSecurityPolicy: String { SecurityHeaders.contentSecurityPolicy }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        // Responses built with them already (resolve's pre-encoded answers) need no copy.
        if response.headers[.contentSecurityPolicy] != nil { return response }
        response.headers.append(contentsOf: SecurityHeaders.fixed)
        if response.headers[.cacheControl] == nil {
            response.headers[.cacheControl] = "no-cache"
        }
        return response
    }
}

/// The headers themselves, built once: resolve builds them into its answers, other routes never
/// set them, so they are appended, not looked up.
enum SecurityHeaders {
    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

    static let fixed: HTTPFields = [
        .contentSecurityPolicy: contentSecurityPolicy, .xContentTypeOptions: "nosniff", .xFrameOptions: "DENY",
        .referrerPolicy: "no-referrer",
    ]
}

extension HTTPField.Name {
    static let xFrameOptions = HTTPField.Name("X-Frame-Options")!
    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
}
