import Foundation
import HTTPTypes
import Hummingbird
import PromptPresets

/// In front of the generated API routes, what the generated code does not do as this server does everywhere:
/// - a body is read within the server's limit and parsed strictly (duplicate keys, depth, size), with
///   the same 400s as the hand-routed API; an empty body of a write is `{}`;
/// - who is asking, and which fields the body named, are bound for the handler;
/// - the runtime writes header values URI-encoded, so an entity tag's quotes are given back.
struct APIRequestMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let maxBodySize: Int

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var request = request
        var fields: Set<String> = []
        if [.post, .put, .patch].contains(request.method) {
            let body = try await request.jsonObject(limit: maxBodySize, allowEmpty: true)
            fields = Set(body.members.keys)
            request.body = .init(buffer: ByteBuffer(string: JSONValue.object(body.members).canonicalText))
        }
        var response = try await APIRequest.$actor.withValue(context.actor) {
            try await APIRequest.$bodyFields.withValue(fields) { try await next(request, context) }
        }
        if let tag = response.headers[.eTag], tag.contains("%") {
            response.headers[.eTag] = tag.removingPercentEncoding ?? tag
        }
        return response
    }
}
