import PromptPresets
import PromptPresetsCatalogs
import Testing

private let promptOperationKeys = [
    "scene_recap",
    "organize_scene_recap",
    "parse_scene_recap",
    "filter_scene_recap_sl",
    "scene_recap_error_detection",
    "auto_scene_break",
    "running_scene_recap",
    "auto_lorebooks_recap_merge",
    "auto_lorebooks_recap_lorebook_entry_lookup",
    "auto_lorebooks_recap_lorebook_entry_deduplicate",
    "auto_lorebooks_bulk_populate",
    "auto_lorebooks_recap_lorebook_entry_compaction",
]
private let allOperationKeys = promptOperationKeys + ["entity_types"]

/// The operation named `key`, failing the test when the catalog lacks it.
private func operation(_ key: String) throws -> OperationDefinition {
    try #require(Catalog.autoRecap[key], "auto-recap has no operation \(key)")
}

/// The texts of every prompt field of `version`, joined in schema order.
private func promptText(of version: DefaultVersion, in operation: OperationDefinition) -> String {
    operation.schema.promptFieldKeys.compactMap { version.config[$0]?.stringValue }.joined(separator: "\n")
}

private func lines(_ text: String) -> [Substring] {
    text.split(separator: "\n", omittingEmptySubsequences: false)
}

@Suite("The built-in auto-recap catalog")
struct AutoRecapCatalogTests {
    @Test func declaresTheThirteenOperationsInDisplayOrder() {
        #expect(Catalog.autoRecap.name == "auto-recap")
        #expect(Catalog.autoRecap.operationKeys == allOperationKeys)
    }

    @Test func everyOperationHasATitleAndADescription() {
        for operation in Catalog.autoRecap.operations {
            #expect(!operation.title.isEmpty, "\(operation.key)")
            #expect(operation.description.hasSuffix("."), "\(operation.key): \(operation.description)")
        }
    }

    @Test(arguments: allOperationKeys)
    func historyHasIncreasingVersionsWithChangelogs(key: String) throws {
        let history = try operation(key).history
        #expect(history.count >= 2)
        #expect(history.first?.version == SemanticVersion(1, 0, 0))
        for (older, newer) in zip(history, history.dropFirst()) {
            #expect(older.version < newer.version, "\(key): \(older.version) then \(newer.version)")
            #expect(older.date < newer.date, "\(key)@\(newer.version) is not dated after \(older.version)")
        }
        for entry in history {
            #expect((1...2).contains(entry.changelog.count), "\(key)@\(entry.version): \(entry.changelog)")
            #expect(entry.changelog.allSatisfy { !$0.isEmpty }, "\(key)@\(entry.version)")
            #expect(entry.date.wholeMatch(of: /\d{4}-\d{2}-\d{2}/) != nil, "\(key)@\(entry.version): \(entry.date)")
        }
    }

    @Test(arguments: allOperationKeys)
    func currentDefaultImprovesOnTheFirst(key: String) throws {
        let operation = try operation(key)
        let first = try #require(operation.history.first)
        #expect(operation.current.config != first.config)
        if operation.hasPrompt {
            #expect(operation.current.config["prompt"] != first.config["prompt"])
        }
    }

    /// Updates are merged line by line, so each version should edit a few lines, not rewrite the text.
    @Test(arguments: promptOperationKeys)
    func eachVersionEditsSomeLinesAndKeepsMost(key: String) throws {
        let operation = try operation(key)
        for (older, newer) in zip(operation.history, operation.history.dropFirst()) {
            let oldText = promptText(of: older, in: operation)
            let newText = promptText(of: newer, in: operation)
            #expect(oldText != newText, "\(key)@\(newer.version) does not change the prompt")
            // Error detection was rewritten when the extension turned out to send the recap alone.
            if key == "scene_recap_error_detection" && newer.date == "2025-12-02" { continue }
            let oldLines = lines(oldText)
            let newLines = Set(lines(newText))
            let kept = oldLines.filter(newLines.contains).count
            #expect(kept * 4 >= oldLines.count * 3,
                    "\(key)@\(newer.version) keeps only \(kept) of \(oldLines.count) lines")
        }
    }

    /// Older defaults used names the extension never fills; they stay in the history as shipped.
    @Test(arguments: allOperationKeys)
    func theCurrentDefaultLintsWithoutWarnings(key: String) throws {
        let operation = try operation(key)
        let warnings = Template.lint(operation.current.config, schema: operation.schema, variables: operation.variables)
        #expect(warnings.isEmpty, "\(key)@\(operation.current.version): \(warnings)")
    }

    /// The declared variables are exactly the macros the SillyTavern extension fills for the
    /// operation (its `buildAllMacroParams` call), plus SillyTavern's own `{{user}}` and `{{char}}`.
    @Test(arguments: promptOperationKeys)
    func declaredVariablesAreTheMacrosTheExtensionFills(key: String) throws {
        let types = ["lorebook_entry_types", "lorebook_entry_types_with_guidance"]
        let filled: [String: [String]] = [
            "scene_recap": ["scene_messages", "message", "active_setting_lore", "prefill"] + types,
            "organize_scene_recap": ["extracted_data", "prefill"] + types,
            "parse_scene_recap": ["stage2_recap", "extracted_data", "scene_recaps", "current_running_recap", "active_setting_lore", "prefill"] + types,
            "filter_scene_recap_sl": ["extracted_sl", "extracted_data", "active_setting_lore", "prefill"] + types,
            "scene_recap_error_detection": ["recap"],
            "auto_scene_break": ["messages", "earliest_allowed_break", "minimum_scene_length", "prefill"],
            "running_scene_recap": ["current_running_recap", "filtered_recap"],
            "auto_lorebooks_recap_merge": ["existing_content", "new_content", "entry_name", "current_content", "new_update"],
            "auto_lorebooks_recap_lorebook_entry_lookup": ["new_entry", "candidate_registry"] + types,
            "auto_lorebooks_recap_lorebook_entry_deduplicate": ["new_entry", "candidate_entries", "lorebook_entry_lookup_synopsis"] + types,
            "auto_lorebooks_bulk_populate": ["new_entries"] + types,
            "auto_lorebooks_recap_lorebook_entry_compaction": ["existing_content", "entry_name"],
        ]
        let operation = try operation(key)
        #expect(Set(operation.variables.map(\.name)) == Set(try #require(filled[key]) + ["user", "char"]))
        #expect(operation.variables.allSatisfy { !$0.description.isEmpty }, "\(key)")
        let used = Set(Template.variables(in: promptText(of: operation.current, in: operation)))
        for variable in operation.variables where variable.isRequired {
            #expect(used.contains(variable.name), "\(key) requires {{\(variable.name)}} but its default does not use it")
        }
    }

    @Test(arguments: promptOperationKeys)
    func promptOperationsShipStandardSettings(key: String) throws {
        let operation = try operation(key)
        #expect(Array(operation.schema.fields.prefix(5)) == FieldSchema.promptFields)
        for entry in operation.history {
            let config = entry.config
            #expect(config["prompt"]?.stringValue?.isEmpty == false, "\(key)@\(entry.version)")
            #expect(config["prefill"]?.stringValue != nil, "\(key)@\(entry.version)")
            #expect(config["connection_profile"] == .null, "\(key)@\(entry.version)")
            #expect(config["completion_preset_name"] == .string(""), "\(key)@\(entry.version)")
            #expect(config["include_preset_prompts"]?.boolValue != nil, "\(key)@\(entry.version)")
        }
    }

    @Test(arguments: promptOperationKeys)
    func promptsPrefilledWithABraceAskForJSON(key: String) throws {
        let operation = try operation(key)
        for entry in operation.history where entry.config["prefill"] == .string("{") {
            #expect(entry.config["prompt"]?.stringValue?.contains("JSON") == true, "\(key)@\(entry.version)")
        }
    }

    @Test func sceneBreakDefaultsCarryTheForcedVariant() throws {
        let sceneBreak = try operation("auto_scene_break")
        let forcedKeys = ["forced_prompt", "forced_prefill", "forced_connection_profile",
                          "forced_completion_preset_name", "forced_include_preset_prompts"]
        #expect(sceneBreak.schema.fields.map(\.key) == FieldSchema.promptFields.map(\.key) + forcedKeys)
        #expect(sceneBreak.schema.field("forced_prompt")?.kind == .prompt)
        #expect(sceneBreak.schema.field("forced_connection_profile")?.kind == .connectionProfile)
        #expect(sceneBreak.schema.promptFieldKeys == ["prompt", "forced_prompt"])
        for entry in sceneBreak.history {
            #expect(entry.config.fields.count == 10, "\(entry.version): \(entry.config.fields.keys.sorted())")
            for key in forcedKeys {
                #expect(entry.config[key] != nil, "\(entry.version) lacks \(key)")
            }
            let forced = try #require(entry.config["forced_prompt"]?.stringValue)
            #expect(forced != entry.config["prompt"]?.stringValue)
            #expect(forced.contains("{{earliest_allowed_index}}") || forced.contains("{{earliest_allowed_break}}"))
            #expect(entry.config["prompt"]?.stringValue?.contains("false") == true,
                    "the optional prompt must allow answering that there is no break")
        }
    }

    @Test func entityTypesIsDataOnly() throws {
        let entityTypes = try operation("entity_types")
        #expect(!entityTypes.hasPrompt)
        #expect(entityTypes.schema.fields.map(\.key) == ["types", "defaults"])
        #expect(entityTypes.variables.isEmpty)
        for entry in entityTypes.history {
            #expect(entry.config["prompt"] == nil)
            #expect(Set(entry.config.fields.keys) == ["types", "defaults"])
        }
    }

    @Test func entityTypesSchemaDescribesTypesAndDefaults() throws {
        let schema = try operation("entity_types").schema
        guard case .list(let typeFields, let maxCount)? = schema.field("types")?.kind else {
            Issue.record("types is not a list: \(String(describing: schema.field("types")))")
            return
        }
        #expect(maxCount == 200)
        #expect(typeFields.map(\.key) == ["name", "constant", "usage", "isGuidanceOnly"])
        #expect(typeFields.map(\.kind) == [.shortText, .nullable(.boolean),
                                           .text(maxLength: 2_000, isMultiline: true), .boolean])
        #expect(typeFields.map(\.isOptional) == [false, false, false, true])
        guard case .nullable(.record(let defaultFields))? = schema.field("defaults")?.kind else {
            Issue.record("defaults is not a record: \(String(describing: schema.field("defaults")))")
            return
        }
        #expect(defaultFields.map(\.key) == ["exclude_recursion", "prevent_recursion", "ignore_budget", "sticky"])
        #expect(defaultFields.map(\.kind) == [.boolean, .boolean, .boolean, .integer(0...1_000)])
    }

    @Test func entityTypesDefaultListsTheStandardTypes() throws {
        let entityTypes = try operation("entity_types")
        let types = try #require(entityTypes.current.config["types"]?.arrayValue).compactMap(\.objectValue)
        let names = types.compactMap { $0["name"]?.stringValue }
        #expect(Set(["recap", "character", "location", "item", "faction", "lore"]).isSubset(of: names))
        #expect(Set(names).count == names.count, "duplicate type names: \(names)")

        let recap = try #require(types.first { $0["name"] == .string("recap") })
        #expect(recap["constant"] == .null)
        #expect(recap["isGuidanceOnly"] == .bool(true))
        let character = try #require(types.first { $0["name"] == .string("character") })
        #expect(character["isGuidanceOnly"] == .bool(false))
        #expect(types.allSatisfy { $0["usage"]?.stringValue?.isEmpty == false })

        #expect(entityTypes.current.config["defaults"] == .object([
            "exclude_recursion": .bool(false),
            "prevent_recursion": .bool(false),
            "ignore_budget": .bool(true),
            "sticky": .int(4),
        ]))

        let firstTypes = try #require(entityTypes.history.first?.config["types"]?.arrayValue)
        #expect(types.count > firstTypes.count, "a later version adds a type")
    }

    @Test func sceneRecapRendersWithEveryVariableFilled() throws {
        let sceneRecap = try operation("scene_recap")
        let prompt = try #require(sceneRecap.current.config["prompt"]?.stringValue)
        let values = Dictionary(uniqueKeysWithValues: sceneRecap.variables.map { ($0.name, "<\($0.name) value>") })
        let rendered = try Template.render(prompt, with: values)
        #expect(!rendered.contains("{{"))
        for variable in ["scene_messages", "lorebook_entry_types", "active_setting_lore"] {
            #expect(rendered.contains("<\(variable) value>"), "\(variable) was not filled in")
        }
        #expect(throws: PresetError.missingTemplateValue("scene_messages")) {
            try Template.render(prompt, with: values.filter { $0.key != "scene_messages" })
        }
    }

    @Test(arguments: allOperationKeys)
    func changelogSinceTheFirstVersionListsEveryLaterLine(key: String) throws {
        let operation = try operation(key)
        let first = try #require(operation.history.first)
        let expected = operation.history.dropFirst().flatMap { entry in
            entry.changelog.map { "\(entry.version): \($0)" }
        }
        #expect(!expected.isEmpty)
        #expect(operation.changelog(since: first.version) == expected)
        #expect(operation.changelog(since: operation.current.version).isEmpty)
    }

    @Test func defaultVersionsAreFoundByTheirConfig() throws {
        for operation in Catalog.autoRecap.operations {
            for entry in operation.history {
                #expect(operation.defaultVersion(matching: entry.config)?.version == entry.version,
                        "\(operation.key)@\(entry.version) has the same config as another version")
            }
        }
    }
}
