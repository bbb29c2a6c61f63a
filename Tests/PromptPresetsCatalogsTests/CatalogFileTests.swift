import Foundation
import PromptPresets
import PromptPresetsCatalogs
import Testing

/// A small valid catalog document: one prompt operation with two defaults, one data-only operation.
private func validDocument() -> JSONValue {
    let fields: JSONValue = .array([
        .object(["key": "prompt", "title": "Prompt", "kind": "text", "max_length": .int(10_000), "multiline": .bool(true)]),
        .object(["key": "profile", "title": "Profile", "kind": "connection_profile"]),
    ])
    func entry(_ version: String, _ prompt: String) -> JSONValue {
        .object([
            "version": .string(version), "date": "2026-01-15", "changelog": .array([.string("Line for \(version)")]),
            "config": .object(["prompt": .string(prompt), "profile": .null]),
        ])
    }
    return .object([
        "format": "prompt-presets.catalog", "format_version": .int(1), "name": "test-app",
        "operations": .array([
            .object([
                "key": "summarize", "title": "Summarize", "description": "Summarises a text.",
                "fields": fields,
                "variables": .array([.object(["name": "text", "description": "The text.", "required": .bool(true)])]),
                "defaults": .array([entry("1.0.0", "Summarise {{text}}."), entry("1.1.0", "Summarise {{text}} briefly.")]),
            ]),
            .object([
                "key": "limits", "title": "Limits",
                "fields": .array([.object(["key": "count", "title": "Count", "kind": "integer", "min": .int(0), "max": .int(9)])]),
                "defaults": .array([.object(["version": "1.0.0", "date": "2026-01-15", "config": .object(["count": .int(3)])])]),
            ]),
        ]),
    ])
}

/// `document` with the value at `path` (object keys and array indexes) replaced by `value`, or removed when nil.
private func replacing(_ path: [any Sendable], with value: JSONValue?, in document: JSONValue) -> JSONValue? {
    guard let first = path.first else { return value }
    let rest = Array(path.dropFirst())
    switch (document, first) {
    case (.object(var members), let key as String):
        members[key] = replacing(rest, with: value, in: members[key] ?? .null)
        return .object(members)
    case (.array(var elements), let index as Int):
        if let replaced = replacing(rest, with: value, in: elements[index]) { elements[index] = replaced } else { elements.remove(at: index) }
        return .array(elements)
    default:
        return document
    }
}

private func check(_ document: JSONValue) -> CatalogFile.Check {
    CatalogFile.check(Data(document.prettyText.utf8), format: .json)
}

extension JSONValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
}

@Suite("Catalog files")
struct CatalogFileTests {
    @Test(arguments: CatalogFileFormat.allCases)
    func theBuiltInCatalogRoundTripsToAnEqualCatalog(format: CatalogFileFormat) throws {
        let text = CatalogFile.text(of: .autoRecap, format: format)
        let check = CatalogFile.check(Data(text.utf8), format: format)
        #expect(check.errors.isEmpty, "\(check.errors)")
        let loaded = try #require(check.catalog)
        #expect(loaded == .autoRecap)
        #expect(loaded.name == "auto-recap")
        #expect(loaded.operationKeys == Catalog.autoRecap.operationKeys)
        // Written again, it gives the same text: exports are stable for version control.
        #expect(CatalogFile.text(of: loaded, format: format) == text)
    }

    @Test func yamlExportsKeepPromptsReadableAndQuoteWhatWouldChangeType() throws {
        let text = CatalogFile.text(of: .autoRecap, format: .yaml)
        #expect(text.hasPrefix("format: prompt-presets.catalog\nformat_version: 1\nname: auto-recap\noperations:\n"))
        #expect(text.contains("prompt: |"))
        #expect(text.contains("date: \"2025-06-01\""))
        #expect(text.contains("completion_preset_name: \"\""))
    }

    @Test func theExampleCatalogInTheDocsIsValid() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../Docs/example-catalog.yaml").standardizedFileURL
        let check = CatalogFile.check(try Data(contentsOf: url), format: CatalogFileFormat(path: url.path))
        #expect(check.problems.isEmpty, "\(check.problems)")
        let catalog = try #require(check.catalog)
        #expect(catalog.name == "support-desk")
        #expect(catalog.operationKeys == ["reply", "canned_answers"])
        let reply = try catalog.operation("reply")
        #expect(reply.current.version == SemanticVersion(1, 1, 0))
        #expect(reply.current.date == "2026-02-03")
        #expect(reply.current.config["temperature_percent"] == .int(70))
        #expect(reply.changelog(since: SemanticVersion(1, 0, 0)).count == 2)
        #expect(reply.variables.first == TemplateVariable("ticket", "The ticket's text.", isRequired: true))
        let answers = try catalog.operation("canned_answers")
        #expect(answers.hasPrompt == false)
        #expect(answers.schema.field("signature")?.kind == .nullable(.record([
            FieldSpec("name", title: "Name", kind: .text(maxLength: 80, isMultiline: false)),
            FieldSpec("show_logo", title: "Show the logo", kind: .boolean),
        ])))
    }

    @Test func everyFieldKindRoundTrips() throws {
        let schema = FieldSchema([
            FieldSpec("prompt", title: "Prompt", kind: .prompt),
            FieldSpec("flag", title: "Flag", kind: .boolean, isOptional: true),
            FieldSpec("count", title: "Count", kind: .integer(-5...5)),
            FieldSpec("profile", title: "Profile", kind: .connectionProfile),
            FieldSpec("rows", title: "Rows", kind: .list(of: [FieldSpec("name", title: "Name", kind: .shortText)], maxCount: 3)),
            FieldSpec("extra", title: "Extra", kind: .nullable(.record([FieldSpec("on", title: "On", kind: .nullable(.boolean))]))),
        ])
        let config = Config([
            "prompt": .string("Line one\nLine two: {{x}}\n"), "count": .int(-2), "profile": .string("p1"),
            "rows": .array([.object(["name": .string("true")])]), "extra": .object(["on": .null]),
        ])
        let catalog = Catalog(name: "kinds", operations: [OperationDefinition(
            key: "op", title: "Op", description: "", schema: schema,
            variables: [TemplateVariable("x", "An x.")],
            history: [DefaultVersion(SemanticVersion(0, 1, 0), date: "2024-02-29", changelog: [], config: config)])])
        for format in CatalogFileFormat.allCases {
            let loaded = try CatalogFile.load(Data(CatalogFile.text(of: catalog, format: format).utf8), format: format)
            #expect(loaded.catalog == catalog, "\(format)")
            #expect(loaded.warnings.isEmpty)
        }
    }

    @Test func yamlDatesWrittenWithoutQuotesStayText() throws {
        let yaml = CatalogFile.text(of: try #require(check(validDocument()).catalog), format: .yaml)
            .replacingOccurrences(of: "\"2026-01-15\"", with: "2026-01-15")
        #expect(yaml.contains("date: 2026-01-15\n"))
        let loaded = try CatalogFile.load(Data(yaml.utf8), format: .yaml)
        #expect(loaded.catalog["summarize"]?.current.date == "2026-01-15")
    }

    @Test func theValidFixtureLoads() throws {
        let result = check(validDocument())
        #expect(result.problems.isEmpty, "\(result.problems)")
        #expect(result.catalog?.operationKeys == ["summarize", "limits"])
        #expect(result.catalog?["limits"]?.description == "")
    }

    /// One broken document per rule, the path its error must name, and words its message must contain.
    static let brokenDocuments: [(String, [any Sendable], JSONValue?, String, String)] = [
        ("another format", ["format"], "prompt-presets.bundle", "$.format", "not a catalog file"),
        ("a newer format version", ["format_version"], .int(2), "$.format_version", "version 2 is not supported"),
        ("an invalid catalog name", ["name"], "my app", "$.name", "not a valid catalog name"),
        ("a misspelt key", ["operations", 0, "titel"], "Typo", "$.operations[0].titel", "unknown key"),
        ("a missing title", ["operations", 0, "title"], nil, "$.operations[0].title", "missing"),
        ("an unknown field kind", ["operations", 0, "fields", 1, "kind"], "colour", "$.operations[0].fields[1].kind",
         "unknown field kind 'colour'"),
        ("a duplicate field key", ["operations", 0, "fields", 1, "key"], "prompt", "$.operations[0].fields[1].key",
         "duplicate field key 'prompt'"),
        ("an integer range upside down", ["operations", 1, "fields", 0, "min"], .int(10), "$.operations[1].fields[0].max",
         "below min 10"),
        ("a duplicate operation key", ["operations", 1, "key"], "summarize", "$.operations[1].key",
         "duplicate operation key 'summarize' (first at $.operations[0])"),
        ("a repeated default version", ["operations", 0, "defaults", 1, "version"], "1.0.0",
         "$.operations[0].defaults[1].version", "1.0.0 repeats 1.0.0"),
        ("a decreasing default version", ["operations", 0, "defaults", 1, "version"], "0.9.0",
         "$.operations[0].defaults[1].version", "0.9.0 is older than 1.0.0"),
        ("a version that is not semantic", ["operations", 0, "defaults", 0, "version"], "1.0", "$.operations[0].defaults[0].version",
         "not a version like 1.2.0"),
        ("a version YAML reads as a number", ["operations", 0, "defaults", 0, "version"], .double(1.5),
         "$.operations[0].defaults[0].version", "found a number; write all three parts"),
        ("a key of another field kind", ["operations", 0, "fields", 1, "max_length"], .int(5), "$.operations[0].fields[1].max_length",
         "unknown key"),
        ("a date that does not exist", ["operations", 0, "defaults", 0, "date"], "2026-02-30", "$.operations[0].defaults[0].date",
         "not a date"),
        ("no default at all", ["operations", 1, "defaults"], .array([]), "$.operations[1].defaults", "at least one default version"),
        ("a config of the wrong type", ["operations", 0, "defaults", 0, "config", "prompt"], .int(12),
         "$.operations[0].defaults[0].config.prompt", "expected a string, found a number"),
        ("a config missing a field", ["operations", 0, "defaults", 1, "config", "profile"], nil,
         "$.operations[0].defaults[1].config.profile", "missing field"),
        ("a config with an unknown field", ["operations", 1, "defaults", 0, "config", "colour"], "red",
         "$.operations[1].defaults[0].config.colour", "unknown field"),
        ("a config out of range", ["operations", 1, "defaults", 0, "config", "count"], .int(99),
         "$.operations[1].defaults[0].config.count", "99 is outside 0...9"),
        ("a current default with an undeclared variable", ["operations", 0, "defaults", 1, "config", "prompt"],
         "Summarise {{text}} for {{reader}}.", "$.operations[0].defaults[1].config.prompt",
         "uses {{reader}}, which the operation does not declare in variables (this is the current default)"),
        ("a current default without a required variable", ["operations", 0, "defaults", 1, "config", "prompt"], "Summarise.",
         "$.operations[0].defaults[1].config.prompt", "does not use the required variable {{text}} (this is the current default)"),
        ("a duplicate variable", ["operations", 0, "variables"],
         .array([.object(["name": "text"]), .object(["name": "text"])]), "$.operations[0].variables[1].name", "duplicate variable 'text'"),
    ]

    @Test(arguments: brokenDocuments.indices)
    func aBrokenDocumentIsRefusedNamingThePath(index: Int) throws {
        let (rule, path, value, expectedPath, words) = Self.brokenDocuments[index]
        let document = try #require(replacing(path, with: value, in: validDocument()))
        let result = check(document)
        #expect(result.catalog == nil, "\(rule): loaded anyway")
        let problem = result.errors.first { $0.path == expectedPath }
        #expect(problem != nil, "\(rule): no error at \(expectedPath); found \(result.problems)")
        #expect(problem?.message.contains(words) == true, "\(rule): \(problem?.message ?? "-")")
        #expect(throws: CatalogFileError.self) { try CatalogFile.load(Data(document.prettyText.utf8), format: .json) }
    }

    @Test func anOlderDefaultWithVariablesSinceRenamedIsOnlyAWarning() throws {
        let document = try #require(replacing(
            ["operations", 0, "defaults", 0, "config", "prompt"], with: "Summarise {{input}}.", in: validDocument()))
        let loaded = try CatalogFile.load(Data(document.prettyText.utf8), format: .json)
        #expect(loaded.warnings == [CatalogProblem(
            .warning, path: "$.operations[0].defaults",
            message: "older defaults 1.0.0 use undeclared {{input}} and leave out required {{text}}; they are kept as shipped")])
        #expect(loaded.catalog["summarize"]?.history.first?.config["prompt"] == .string("Summarise {{input}}."))
    }

    @Test func everyProblemIsReportedInOnePass() {
        var document = validDocument()
        document = replacing(["operations", 0, "fields", 1, "kind"], with: "colour", in: document)!
        document = replacing(["operations", 1, "defaults", 0, "date"], with: "soon", in: document)!
        let paths = check(document).errors.map(\.path)
        #expect(paths.contains("$.operations[0].fields[1].kind"))
        #expect(paths.contains("$.operations[1].defaults[0].date"))
    }

    @Test func brokenFieldsOrVariablesAreReportedOnceWithoutKnockOnErrors() {
        var document = replacing(["operations", 0, "variables", 0, "name"], with: "two words", in: validDocument())!
        document = replacing(["operations", 1, "fields", 0, "kind"], with: "number", in: document)!
        #expect(check(document).errors.map(\.path) == ["$.operations[0].variables[0].name", "$.operations[1].fields[0].kind"])
    }

    @Test func malformedJSONNamesTheLine() {
        let result = CatalogFile.check(Data("{\n  \"format\": \"prompt-presets.catalog\",\n  \"name\" \"x\"\n}".utf8), format: .json)
        #expect(result.catalog == nil)
        #expect(result.errors.count == 1)
        #expect(result.errors.first?.description.contains("line 3") == true, "\(result.errors)")
    }

    @Test func malformedYAMLNamesTheLine() {
        let result = CatalogFile.check(Data("format: prompt-presets.catalog\nname: [unclosed\nformat_version: 1\n".utf8), format: .yaml)
        #expect(result.catalog == nil)
        #expect(result.errors.first?.message.hasPrefix("YAML syntax error at line ") == true, "\(result.errors)")
    }

    @Test func problemsInAYAMLFileNameTheirLine() {
        let yaml = """
            format: prompt-presets.catalog
            format_version: 1
            name: lines
            operations:
              - key: op
                title: Op
                fields:
                  - {key: prompt, title: Prompt, kind: txt}
                defaults:
                  - version: 1.0.0
                    date: 2026-01-15
                  - version: 0.1.0
                    date: 2026-01-16
                    config: {}
            """
        let errors = CatalogFile.check(Data(yaml.utf8), format: .yaml).errors
        #expect(errors.map(\.description) == [
            "$.operations[0].fields[0].kind: unknown field kind 'txt' (expected one of: text, boolean, integer, connection_profile, list, record) (line 8)",
            "$.operations[0].defaults[0].config: missing (line 10)",
            "$.operations[0].defaults[1].version: 0.1.0 is older than 1.0.0 at $.operations[0].defaults[0].version; versions must increase, oldest first (line 12)",
        ])
    }

    @Test func yamlWithADuplicateKeyIsRefused() {
        let result = CatalogFile.check(Data("format: prompt-presets.catalog\nname: a\nname: b\n".utf8), format: .yaml)
        #expect(result.catalog == nil)
        #expect(result.errors.first?.message.contains("the key 'name' appears twice") == true, "\(result.errors)")
        #expect(result.errors.first?.message.contains("line 2") == true, "\(result.errors)")
    }

    @Test func anEmptyOrForeignFileIsRefused() {
        #expect(CatalogFile.check(Data(), format: .yaml).errors.first?.message.contains("empty") == true)
        #expect(CatalogFile.check(Data("- 1\n- 2\n".utf8), format: .yaml).errors.first
            == CatalogProblem(.error, path: "$", message: "expected an object, found an array", line: 1))
        #expect(CatalogFile.check(Data([0xFF, 0xFE]), format: .yaml).errors.first?.message == "the file is not UTF-8 text")
    }

    @Test func aliasesThatExpandWithoutEndAreRefused() {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...7 { yaml += "a\(level): &a\(level) [*a\(level - 1), *a\(level - 1), *a\(level - 1), *a\(level - 1), *a\(level - 1), *a\(level - 1), *a\(level - 1), *a\(level - 1), *a\(level - 1), *a\(level - 1)]\n" }
        let result = CatalogFile.check(Data(yaml.utf8), format: .yaml)
        #expect(result.errors.first?.message.contains("expands to more than") == true, "\(result.errors)")
    }
}

@Suite("The README's catalog example")
struct ReadmeCatalogExampleTests {
    @Test func theReadmeShowsTheExampleFileAsItIs() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../..").standardizedFileURL
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let example = try String(contentsOf: root.appendingPathComponent("Docs/example-catalog.yaml"), encoding: .utf8)
        #expect(readme.contains("```yaml\n" + example + "```\n"))
    }
}
