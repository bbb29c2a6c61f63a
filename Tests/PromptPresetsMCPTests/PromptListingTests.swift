import MCP
import PromptPresets
import PromptPresetsCatalogs
import Testing
@testable import PromptPresetsMCP

@Suite struct PromptListingTests {
    @Test func listsEveryOperationWithAPromptInCatalogOrder() {
        let prompts = PromptListing.prompts(of: .autoRecap)
        #expect(prompts.map(\.name) == Catalog.autoRecap.operations.filter(\.hasPrompt).map(\.key))
        #expect(!prompts.isEmpty)
    }

    @Test func aPromptCarriesTitleDescriptionVariablesAndContextArguments() throws {
        let prompt = try #require(PromptListing.prompts(of: .autoRecap).first { $0.name == "scene_recap" })
        #expect(prompt.title == "Scene recap")
        #expect(prompt.description == Catalog.autoRecap["scene_recap"]?.description)
        let arguments = try #require(prompt.arguments)
        let messages = try #require(arguments.first { $0.name == "scene_messages" })
        #expect(messages.required == true)
        #expect(messages.description?.isEmpty == false)
        #expect(arguments.first { $0.name == "active_setting_lore" }?.required == false)
        let context = arguments.suffix(3)
        #expect(context.map(\.name) == ["chat", "character", "profile"])
        #expect(context.allSatisfy { $0.required == false && $0.description?.isEmpty == false })
    }

    @Test func aVariableNamedLikeAContextArgumentIsListedOnce() {
        let operation = OperationDefinition(
            key: "greet", title: "Greet", description: "Greets.", schema: .promptOperation(),
            variables: [TemplateVariable("character", "Who is greeted.", isRequired: true)],
            history: [DefaultVersion(SemanticVersion(1, 0, 0), date: "2025-01-01", changelog: ["First."],
                                     config: Config([
                                         "prompt": .string("Hi {{character}}"), "prefill": .string(""), "connection_profile": .null,
                                         "completion_preset_name": .string(""), "include_preset_prompts": .bool(false),
                                     ]))])
        let names = PromptListing.prompt(operation).arguments?.map(\.name)
        #expect(names == ["character", "chat", "profile"])
    }
}
