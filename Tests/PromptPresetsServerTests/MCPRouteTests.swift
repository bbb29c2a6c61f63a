import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PromptPresets
import Testing
@testable import PromptPresetsServer

/// `/mcp` behind the server's middlewares: every MCP call is a read.
@Suite struct MCPRouteTests {
    static let list = #"{"jsonrpc":"2.0","id":1,"method":"prompts/list"}"#
    static let accept: HTTPFields = [.accept: "application/json, text/event-stream"]

    @Test func openReadsNeedNoToken() async throws {
        try await TestServer(configuration: ServerConfiguration(openReads: true)).test { client in
            let response = try await client.send(.post, "/mcp", body: Self.list, token: nil, headers: Self.accept)
            #expect(response.status == .ok)
            let prompts = response.json["result"]?["prompts"]?.arrayValue
            #expect(prompts?.contains { $0["name"] == .string("scene_recap") } == true)
        }
    }

    @Test func closedReadsNeedTheToken() async throws {
        try await TestServer(configuration: ServerConfiguration(openReads: false)).test { client in
            let refused = try await client.send(.post, "/mcp", body: Self.list, token: nil, headers: Self.accept)
            #expect(refused.status == .unauthorized)
            let wrong = try await client.send(.post, "/mcp", body: Self.list, token: "wrong-token", headers: Self.accept)
            #expect(wrong.status == .unauthorized)
            let allowed = try await client.send(.post, "/mcp", body: Self.list, headers: Self.accept)
            #expect(allowed.status == .ok)
        }
    }

    @Test func anUnknownPromptIsAJSONRPCError() async throws {
        try await TestServer(configuration: ServerConfiguration(openReads: true)).test { client in
            let body = #"{"jsonrpc":"2.0","id":7,"method":"prompts/get","params":{"name":"nope"}}"#
            let response = try await client.send(.post, "/mcp", body: body, token: nil, headers: Self.accept)
            #expect(response.status == .ok)
            #expect(response.json["id"] == .int(7))
            #expect(response.json["error"]?["code"] == .int(-32602))
            #expect(response.json["error"]?["message"]?.stringValue?.contains("'nope'") == true)
        }
    }

    @Test func getAndDeleteAreNotAllowed() async throws {
        try await TestServer().test { client in
            for method in [HTTPRequest.Method.get, .delete] {
                let response = try await client.send(method, "/mcp", token: nil, headers: [.accept: "text/event-stream"])
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "POST")
            }
        }
    }
}
