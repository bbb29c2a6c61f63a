import Foundation
import MCP
import PromptPresetsService

/// Streamable HTTP without sessions: each POSTed JSON-RPC message is answered by a server of
/// its own, so concurrent clients never share initialisation state or request ids. GET and
/// DELETE are answered 405, as the stateless transport specifies.
public struct StatelessEndpoint: Sendable {
    public let library: PresetLibrary

    public init(library: PresetLibrary) {
        self.library = library
    }

    /// The transport's checks, minus its `Origin` rule: the HTTP server's `Host` allowlist
    /// and token rules already decide who may call.
    static let validators: [any HTTPRequestValidator] = [
        AcceptHeaderValidator(mode: .jsonOnly), ContentTypeValidator(), ProtocolVersionValidator(),
    ]

    public func respond(to request: HTTPRequest) async -> HTTPResponse {
        let transport = StatelessHTTPServerTransport(validationPipeline: StandardValidationPipeline(validators: Self.validators))
        guard request.method.uppercased() == "POST" else { return await transport.handleRequest(request) }
        let server = await PromptServer.make(library: library)
        do {
            try await server.start(transport: transport)
        } catch {
            return .error(statusCode: 500, .internalError("Could not start the MCP server: \(error)"))
        }
        let response = await transport.handleRequest(request)
        await server.stop()
        return response
    }
}

extension StatelessEndpoint {
    /// An HTTP answer in plain values, for servers that do not import the SDK's HTTP types.
    public struct Answer: Sendable {
        public var status: Int
        public var headers: [String: String]
        public var body: Data
    }

    /// The answer to one HTTP request to the endpoint; header names are matched case-insensitively.
    public func respond(method: String, headers: [String: String], body: Data?, path: String) async -> Answer {
        let response = await respond(to: HTTPRequest(method: method, headers: headers, body: body, path: path))
        if case .stream = response {
            // The stateless transport answers with single JSON bodies only.
            return Answer(status: 500, headers: ["Content-Type": "application/json"],
                          body: HTTPResponse.error(statusCode: 500, .internalError("Unexpected event stream")).bodyData ?? Data())
        }
        return Answer(status: response.statusCode, headers: response.headers, body: response.bodyData ?? Data())
    }
}
