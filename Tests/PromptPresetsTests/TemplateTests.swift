import Foundation
import Testing
@testable import PromptPresets

@Suite("Templates")
struct TemplateTests {
    @Test("Variables are listed in order of first use, without duplicates",
          arguments: [
              ("{{b}} then {{a}} then {{b}} again", ["b", "a"]),
              ("{{ spaced }} and {{user.name}} and {{x_1}}", ["spaced", "user.name", "x_1"]),
              ("no variables at all", []),
              ("{{}} {{not valid}} {{ }} {unbalanced}} {{open", []),
              ("{{ {{inner}} }}", ["inner"]),
          ] as [(String, [String])])
    func variables(_ text: String, _ expected: [String]) {
        #expect(Template.variables(in: text) == expected)
    }

    static var recap: OperationDefinition { Fixture.catalog()["recap"]! }

    @Test("Lint: a missing required variable and an unknown variable are reported by name")
    func lint() {
        let config = Fixture.promptConfig("Recap {{character}} in a {{mood}} tone.")
        let warnings = Template.lint(config, schema: Self.recap.schema, variables: Self.recap.variables)
        #expect(warnings == [
            LintWarning(kind: .missingRequiredVariable, field: "prompt", variable: "messages"),
            LintWarning(kind: .unknownVariable, field: "prompt", variable: "mood"),
        ])
        #expect(warnings.map(\.description) == ["prompt: required variable {{messages}} is not used",
                                                "prompt: unknown variable {{mood}}"])
    }

    @Test("Lint: the shipped defaults are clean; an empty prompt needs no variables")
    func lintClean() {
        for entry in Self.recap.history {
            #expect(Template.lint(entry.config, schema: Self.recap.schema, variables: Self.recap.variables).isEmpty)
        }
        #expect(Template.lint(Fixture.promptConfig(""), schema: Self.recap.schema, variables: Self.recap.variables).isEmpty)
    }

    @Test("Lint checks every multi-line prompt field, including extra ones")
    func lintExtraPromptFields() {
        let schema = FieldSchema.promptOperation(extraFields: [FieldSpec("forced_prompt", title: "Forced", kind: .prompt)])
        var config = Fixture.promptConfig("{{messages}}")
        config["forced_prompt"] = .string("Force it: {{unknown_thing}}")
        let warnings = Template.lint(config, schema: schema, variables: [TemplateVariable("messages", "", isRequired: true)])
        #expect(warnings == [LintWarning(kind: .unknownVariable, field: "forced_prompt", variable: "unknown_thing")])
    }

    @Test("Render fills every placeholder, repeated and spaced ones included")
    func render() throws {
        let text = "Recap for {{character}}:\n{{messages}}\nAgain, {{ character }}."
        let rendered = try Template.render(text, with: ["character": "Alice", "messages": "A: hi\nB: hello"])
        #expect(rendered == "Recap for Alice:\nA: hi\nB: hello\nAgain, Alice.")
    }

    @Test("Render does not expand placeholders inside values, and leaves non-variables alone")
    func renderLiteralValues() throws {
        #expect(try Template.render("{{a}} {{not valid}}", with: ["a": "{{b}}"]) == "{{b}} {{not valid}}")
        #expect(try Template.render("plain", with: [:]) == "plain")
    }

    @Test("Render of a missing value names it")
    func renderMissing() {
        let error = #expect(throws: PresetError.missingTemplateValue("messages")) {
            try Template.render("{{character}}: {{messages}} {{other}}", with: ["character": "Alice"])
        }
        #expect(error?.description == "No value given for template variable {{messages}}.")
    }

    @Test("A resolved prompt renders with the context's values")
    func renderResolved() throws {
        let snapshot = Snapshot(catalog: Fixture.catalog())
        let resolution = try snapshot.resolve("recap", in: Context())
        let rendered = try Template.render(resolution.config.promptText, with: ["messages": "A: hi"])
        #expect(rendered.hasSuffix("\n\nA: hi"))
        #expect(!rendered.contains("{{"))
    }
}
