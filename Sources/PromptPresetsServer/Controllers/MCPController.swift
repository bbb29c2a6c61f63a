import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PromptPresetsMCP
import PromptPresetsService

/// `/mcp`: the prompt operations as MCP prompts over streamable HTTP, stateless (§15).
/// Hands each request to the SDK's stateless transport and its answer back to Hummingbird.
struct MCPController: Sendable {
    let endpoint: StatelessEndpoint
    let maxBodySize: Int

    init(library: PresetLibrary, maxBodySize: Int) {
        endpoint = StatelessEndpoint(library: library)
        self.maxBodySize = maxBodySize
    }

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        for method in [HTTPRequest.Method.post, .get, .delete] {
            group.on("", method: method, use: respond)
        }
    }

    @Sendable func respond(_ request: Request, context: AppRequestContext) async throws -> Response {
        let body = request.method == .post ? Data(buffer: try await request.collectedBody(limit: maxBodySize)) : nil
        var headers: [String: String] = [:]
        for field in request.headers {
            // Repeated fields are joined as HTTP allows, so none is lost.
            headers[field.name.canonicalName] = headers[field.name.canonicalName].map { "\($0), \(field.value)" } ?? field.value
        }
        let answer = await endpoint.respond(method: request.method.rawValue, headers: headers, body: body, path: request.uri.path)
        var fields = HTTPFields()
        for (name, value) in answer.headers {
            if let name = HTTPField.Name(name) { fields[name] = value }
        }
        fields[.contentLength] = String(answer.body.count)
        return Response(
            status: HTTPResponse.Status(code: answer.status), headers: fields, body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
    }
}
