import Foundation
import Hummingbird

/// Refuses overlong URIs, malformed percent escapes, control characters in the path or query,
/// and bodies whose declared length is over the limit, before any route sees them (400 / 413).
/// The decoded query is kept in the context, so routes need not parse it again.
struct InputValidationMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    let maxURILength: Int
    let maxBodySize: Int
    let maxImportSize: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let path = request.uri.path
        let query = request.uri.query ?? ""
        if path.utf8.count + query.utf8.count > maxURILength {
            throw APIError.badRequest("The request URI is longer than \(maxURILength) bytes.")
        }
        guard let decodedPath = path.contains("%") ? path.removingPercentEncoding : path else {
            throw APIError.badRequest("Malformed percent-encoding in the path.")
        }
        if decodedPath.containsControlCharacter {
            throw APIError.badRequest("The path contains control characters.")
        }
        let pairs = try request.queryPairs()
        for (name, value) in pairs where name.containsControlCharacter || value.containsControlCharacter {
            throw APIError.badRequest("Query parameter '\(name.debugEscapedForMessage)' contains control characters.")
        }
        let limit = path.hasSuffix("/import") ? maxImportSize : maxBodySize
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit {
            throw APIError.tooLarge(limit)
        }
        var context = context
        context.queryPairs = pairs
        return try await next(request, context)
    }
}

extension String {
    /// Whether any scalar is a control character (C0, DEL, C1).
    var containsControlCharacter: Bool {
        // Printable ASCII, the usual case, needs no Unicode lookup.
        if utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return false }
        return unicodeScalars.contains { $0.properties.generalCategory == .control }
    }

    /// Control characters shown as escapes, at most 60 characters: safe to put in a message.
    var debugEscapedForMessage: String {
        String(unicodeScalars.prefix(60).map { $0.properties.generalCategory == .control ? $0.escaped(asASCII: true) : String($0) }.joined())
    }
}
