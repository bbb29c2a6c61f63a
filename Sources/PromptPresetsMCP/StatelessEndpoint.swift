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
