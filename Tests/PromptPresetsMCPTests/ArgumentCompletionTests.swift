import MCP
import Testing
@testable import PromptPresetsMCP

@Suite struct ArgumentCompletionTests {
    @Test func completesBoundKeysByPrefix() async throws {
        let fixture = try await MCPFixture()
        let completion = ArgumentCompletion(snapshot: fixture.library.snapshot)
        #expect(completion.complete("chat", prefix: "ali").values == ["alice-1", "alice-2"])
        #expect(completion.complete("chat", prefix: "").values == ["alice-1", "alice-2", "bob-1"])
        #expect(completion.complete("character", prefix: "A").values == ["Alice"])
        #expect(completion.complete("profile", prefix: "").values == [])
        #expect(completion.complete("chat", prefix: "zzz").total == 0)
    }

    @Test func templateVariablesGetNoCompletions() async throws {
        let fixture = try await MCPFixture()
        let completion = ArgumentCompletion(snapshot: fixture.library.snapshot)
        #expect(completion.complete("scene_messages", prefix: "a").values.isEmpty)
    }
}
