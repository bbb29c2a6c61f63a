import MCP
import PromptPresets
import Testing
@testable import PromptPresetsMCP

@Suite struct PromptRenderingTests {
    @Test func rendersTheDefaultWithArgumentsAndThePrefillAsAssistantMessage() async throws {
        let fixture = try await MCPFixture()
        let result = try fixture.rendering.render("scene_recap", arguments: ["scene_messages": "Alice: hello"])
        #expect(result.messages.count == 2)
        let user = try #require(result.messages.first)
        #expect(user.role == .user)
        guard case .text(let text) = user.content else { Issue.record("not text"); return }
        #expect(text.contains("Alice: hello"))
        #expect(!text.contains("{{scene_messages}}"))
        #expect(result.messages.last?.role == .assistant)
        #expect(result.messages.last?.content == .text(text: "{"))
        #expect(result._meta?["preset"] == .string("Default"))
        #expect(result._meta?["source"] == .string("default"))
        #expect(result._meta?["isDefault"] == .bool(true))
        #expect(result._meta?["artifact"] == .null)
        #expect(result._meta?["updateAvailable"] == .bool(false))
    }

    @Test func resolvesInTheContextTheArgumentsName() async throws {
        let fixture = try await MCPFixture()
        let result = try fixture.rendering.render(
            "scene_recap", arguments: ["scene_messages": "M", "lorebook_entry_types": "person", "chat": "alice-1"])
        #expect(result.messages.first?.content == .text(text: "Recap M as Alice. Types: person {{undeclared}}"))
        #expect(result._meta?["preset"] == .string("Alice"))
        #expect(result._meta?["source"] == .string("chat"))
        #expect(result._meta?["isDefault"] == .bool(false))
        #expect(result._meta?["artifact"]?.objectValue?["number"] == .int(1))
        #expect(result._meta?["defaultVersion"] == .string(fixture.library.catalog["scene_recap"]!.current.version.description))
        let byCharacter = try fixture.rendering.render("scene_recap", arguments: ["scene_messages": "M", "character": "Alice"])
        #expect(byCharacter._meta?["source"] == .string("character"))
    }

    @Test func optionalVariablesNotGivenAreEmpty() async throws {
        let fixture = try await MCPFixture()
        let result = try fixture.rendering.render("scene_recap", arguments: ["scene_messages": "M", "chat": "alice-2"])
        #expect(result.messages.first?.content == .text(text: "Recap M as Alice. Types:  {{undeclared}}"))
    }

    @Test func aMissingRequiredArgumentIsNamed() async throws {
        let fixture = try await MCPFixture()
        let error = #expect(throws: MCPError.self) { try fixture.rendering.render("scene_recap", arguments: ["chat": "alice-1"]) }
        #expect(error?.code == -32602)
        #expect(error?.message.contains("'scene_messages'") == true)
        let empty = #expect(throws: MCPError.self) { try fixture.rendering.render("scene_recap", arguments: ["scene_messages": ""]) }
        #expect(empty?.message.contains("'scene_messages'") == true)
    }

    @Test func anUnknownPromptIsNamedWithTheValidOnes() async throws {
        let fixture = try await MCPFixture()
        let error = #expect(throws: MCPError.self) { try fixture.rendering.render("scene_recapp", arguments: [:]) }
        #expect(error?.code == -32602)
        #expect(error?.message.contains("'scene_recapp'") == true)
        #expect(error?.message.contains("scene_recap,") == true)
    }

    @Test func anUnknownArgumentIsNamed() async throws {
        let fixture = try await MCPFixture()
        let error = #expect(throws: MCPError.self) {
            try fixture.rendering.render("scene_recap", arguments: ["scene_messages": "M", "chatt": "alice-1"])
        }
        #expect(error?.code == -32602)
        #expect(error?.message.contains("'chatt'") == true)
    }

    @Test func aBadContextKeyIsRefused() async throws {
        let fixture = try await MCPFixture()
        let error = #expect(throws: MCPError.self) {
            try fixture.rendering.render("scene_recap", arguments: ["scene_messages": "M", "chat": "a\u{7}b"])
        }
        #expect(error?.code == -32602)
        #expect(error?.message.contains("'chat'") == true)
    }
}
