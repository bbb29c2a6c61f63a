import Foundation
import MCP
import Testing
@testable import PromptPresetsMCP

/// The JSON-RPC exchange `/mcp` relies on, through the SDK's server and stateless transport.
@Suite struct StatelessEndpointTests {
    @Test func initializeAnnouncesPromptsAndCompletions() async throws {
        let fixture = try await MCPFixture(seeded: false)
        let response = await StatelessEndpoint(library: fixture.library).respond(to: try MCPFixture.post("initialize", params: [
            "protocolVersion": "2025-06-18", "capabilities": [:], "clientInfo": ["name": "test", "version": "1"],
        ]))
        #expect(response.statusCode == 200)
        let capabilities = (response.json["result"] as? [String: Any])?["capabilities"] as? [String: Any]
        #expect((capabilities?["prompts"] as? [String: Any])?["listChanged"] as? Bool == true)
        #expect(capabilities?["completions"] != nil)
    }

    @Test func listAndGetWorkWithoutASession() async throws {
        let fixture = try await MCPFixture()
        let endpoint = StatelessEndpoint(library: fixture.library)
        let list = await endpoint.respond(to: try MCPFixture.post("prompts/list"))
        let prompts = (list.json["result"] as? [String: Any])?["prompts"] as? [[String: Any]]
        #expect(prompts?.contains { $0["name"] as? String == "scene_recap" } == true)
        let get = await endpoint.respond(to: try MCPFixture.post("prompts/get", id: 2, params: [
            "name": "scene_recap", "arguments": ["scene_messages": "M", "chat": "alice-1"],
        ]))
        let result = get.json["result"] as? [String: Any]
        #expect((result?["_meta"] as? [String: Any])?["preset"] as? String == "Alice")
        #expect((result?["messages"] as? [Any])?.count == 2)
    }

    @Test func errorsAreInvalidParamsNamingTheProblem() async throws {
        let fixture = try await MCPFixture()
        let response = await StatelessEndpoint(library: fixture.library).respond(to: try MCPFixture.post("prompts/get", params: [
            "name": "scene_recap", "arguments": [:],
        ]))
        let error = response.json["error"] as? [String: Any]
        #expect(error?["code"] as? Int == -32602)
        #expect((error?["message"] as? String)?.contains("scene_messages") == true)
    }

    @Test func completionOffersBoundChats() async throws {
        let fixture = try await MCPFixture()
        let response = await StatelessEndpoint(library: fixture.library).respond(to: try MCPFixture.post("completion/complete", params: [
            "ref": ["type": "ref/prompt", "name": "scene_recap"], "argument": ["name": "chat", "value": "b"],
        ]))
        let completion = (response.json["result"] as? [String: Any])?["completion"] as? [String: Any]
        #expect(completion?["values"] as? [String] == ["bob-1"])
    }

    @Test func getIsNotAllowed() async throws {
        let fixture = try await MCPFixture(seeded: false)
        let response = await StatelessEndpoint(library: fixture.library).respond(
            to: HTTPRequest(method: "GET", headers: ["Accept": "text/event-stream"], path: "/mcp"))
        #expect(response.statusCode == 405)
    }
}
