import Foundation
import Testing
@testable import PromptPresets

/// A config derived from an operation's current default by setting (or removing) one top-level field.
struct ValidationCase: Sendable, CustomTestStringConvertible {
    var operation: String
    var field: String
    /// `nil` removes the field.
    var value: JSONValue?
    var issues: [ValidationIssue]

    var testDescription: String { issues.map(\.description).joined(separator: "; ") }

    var config: Config {
        var config = Fixture.currentDefault(operation)
        config[field] = value
        return config
    }
}

@Suite("Validation")
struct ValidationTests {
    static let cases: [ValidationCase] = [
        ValidationCase(operation: "recap", field: "temperature", value: .double(0.7), issues: [
            ValidationIssue(path: "recap.temperature", problem: "unknown field (expected one of: prompt, prefill, "
                + "connection_profile, completion_preset_name, include_preset_prompts)")]),
        ValidationCase(operation: "recap", field: "prompt", value: .int(12), issues: [
            ValidationIssue(path: "recap.prompt", problem: "expected a string, found a number")]),
        ValidationCase(operation: "recap", field: "include_preset_prompts", value: .string("yes"), issues: [
            ValidationIssue(path: "recap.include_preset_prompts", problem: "expected a boolean, found a string")]),
        ValidationCase(operation: "recap", field: "completion_preset_name", value: .string(String(repeating: "x", count: 1_001)), issues: [
            ValidationIssue(path: "recap.completion_preset_name", problem: "text is 1001 characters long; the limit is 1000")]),
        ValidationCase(operation: "recap", field: "prefill", value: nil, issues: [
            ValidationIssue(path: "recap.prefill", problem: "missing field")]),
        ValidationCase(operation: "recap", field: "connection_profile", value: .string(""), issues: [
            ValidationIssue(path: "recap.connection_profile", problem: "expected a connection profile id or null, found a string")]),
        ValidationCase(operation: "recap", field: "prompt", value: .null, issues: [
            ValidationIssue(path: "recap.prompt", problem: "expected a string, found null")]),
        ValidationCase(operation: "types", field: "types", value: .array([
            Fixture.entityType("character"), .object(["name": .bool(true), "constant": .bool(false)]),
        ]), issues: [
            ValidationIssue(path: "types.types[1].name", problem: "expected a string, found a boolean")]),
        ValidationCase(operation: "types", field: "types", value: .array([.string("character")]), issues: [
            ValidationIssue(path: "types.types[0]", problem: "expected an object, found a string")]),
        ValidationCase(operation: "types", field: "types", value: .array([
            Fixture.entityType("a"), .object(["name": .string("b"), "constant": .bool(true), "colour": .string("red")]),
        ]), issues: [
            ValidationIssue(path: "types.types[1].colour", problem: "unknown field (expected one of: name, constant)")]),
        ValidationCase(operation: "types", field: "types", value: .array([.object(["name": .string("b")])]), issues: [
            ValidationIssue(path: "types.types[0].constant", problem: "missing field")]),
        ValidationCase(operation: "types", field: "types", value: .array((1...4).map { Fixture.entityType("t\($0)") }), issues: [
            ValidationIssue(path: "types.types", problem: "4 entries; the limit is 3")]),
        ValidationCase(operation: "types", field: "types", value: .object([:]), issues: [
            ValidationIssue(path: "types.types", problem: "expected an array, found an object")]),
        ValidationCase(operation: "types", field: "defaults", value: .object(["exclude_recursion": .bool(true), "sticky": .int(1_000)]), issues: [
            ValidationIssue(path: "types.defaults.sticky", problem: "1000 is outside 0...100")]),
        ValidationCase(operation: "types", field: "defaults", value: .object(["exclude_recursion": .bool(true), "sticky": .double(1.5)]), issues: [
            ValidationIssue(path: "types.defaults.sticky", problem: "expected an integer, found a number")]),
        ValidationCase(operation: "types", field: "defaults", value: .object(["sticky": .int(3)]), issues: [
            ValidationIssue(path: "types.defaults.exclude_recursion", problem: "missing field")]),
        ValidationCase(operation: "types", field: "defaults", value: .array([]), issues: [
            ValidationIssue(path: "types.defaults", problem: "expected an object, found an array")]),
    ]

    @Test("Each problem is reported with its exact path", arguments: cases)
    func issue(_ row: ValidationCase) throws {
        let schema = try #require(Fixture.catalog()[row.operation]?.schema)
        #expect(schema.issues(in: row.config, root: row.operation) == row.issues)
    }

    @Test("An edit session refuses the same configs with the same paths", arguments: cases)
    func refusedBySession(_ row: ValidationCase) throws {
        let harness = Harness()
        let preset = try harness.createPreset("Mine")
        let session = try harness.run { try $0.openSession(row.operation, in: preset.id, $1) }
        #expect(throws: PresetError.invalidConfig(row.issues)) {
            try harness.run { try $0.changeSession(session.id, to: row.config, $1) }
        }
        #expect(harness.snapshot.artifacts.isEmpty)
    }

    @Test("Every default of the test catalog is valid, and valid configs have no issues")
    func validConfigs() throws {
        for operation in Fixture.catalog().operations {
            for entry in operation.history {
                #expect(operation.schema.issues(in: entry.config, root: operation.key).isEmpty)
            }
        }
        let schema = Fixture.typesSchema
        #expect(schema.issues(in: Fixture.typesConfig([], sticky: 0), root: "types").isEmpty)
        #expect(schema.issues(in: Fixture.typesConfig([], sticky: 100), root: "types").isEmpty)
        let withProfile = Fixture.promptConfig("x", connectionProfile: .string("profile-1"))
        #expect(FieldSchema.promptOperation().issues(in: withProfile, root: "recap").isEmpty)
    }

    @Test("Several problems are all reported, in schema order then unknown fields by name")
    func severalIssues() {
        let config = Config([
            "prompt": .bool(true), "prefill": .string(""), "connection_profile": .null,
            "include_preset_prompts": .bool(false), "zeta": .null, "alpha": .int(1),
        ])
        let issues = FieldSchema.promptOperation().issues(in: config, root: "recap")
        #expect(issues.map(\.path) == ["recap.prompt", "recap.completion_preset_name", "recap.alpha", "recap.zeta"])
        #expect(PresetError.invalidConfig(issues).description.hasPrefix(
            "recap.prompt: expected a string, found a boolean; recap.completion_preset_name: missing field; "))
    }
}
