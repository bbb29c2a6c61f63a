import PromptPresets

extension Catalog {
    /// The built-in catalog of the Auto-Recap role-play memory extension (§2.2).
    ///
    /// Twelve prompt operations, from recapping one scene to compacting an over-long
    /// lorebook entry, and the data-only `entity_types`. Every operation ships at least two
    /// default versions, so hosts can test update detection against real histories.
    ///
    /// ```swift
    /// let recap = try Catalog.autoRecap.operation("scene_recap")
    /// let prompt = recap.current.config["prompt"]?.stringValue
    /// ```
    public static let autoRecap = Catalog(name: "auto-recap", operations: [
        AutoRecap.sceneRecap,
        AutoRecap.organizeSceneRecap,
        AutoRecap.parseSceneRecap,
        AutoRecap.filterSceneRecapForStoryLorebook,
        AutoRecap.sceneRecapErrorDetection,
        AutoRecap.sceneBreak,
        AutoRecap.runningSceneRecap,
        AutoRecap.lorebookEntryMerge,
        AutoRecap.lorebookEntryLookup,
        AutoRecap.lorebookEntryDeduplicate,
        AutoRecap.lorebookBulkPopulate,
        AutoRecap.lorebookEntryCompaction,
        AutoRecap.entityTypes,
    ])
}

/// Namespace of the `auto-recap` operations; each `AutoRecap+Group.swift` file adds a few.
enum AutoRecap {
    /// Builds a prompt operation with the standard fields (§2.3) plus `extraFields`.
    static func promptOperation(
        key: String, title: String, description: String,
        extraFields: [FieldSpec] = [],
        variables: [TemplateVariable], history: [DefaultVersion]
    ) -> OperationDefinition {
        OperationDefinition(
            key: key, title: title, description: description,
            schema: .promptOperation(extraFields: extraFields),
            variables: variables, history: history)
    }

    /// The `{{entity_types}}` variable several lorebook prompts share.
    static let entityTypesVariable = TemplateVariable(
        "entity_types", "The lorebook's entity types, one per line as `name: usage`.", isRequired: true)
}

extension DefaultVersion {
    /// One shipped default of a prompt operation: its texts, with the standard settings
    /// (current connection, current completion preset, no preset prompts).
    static func prompt(
        _ version: SemanticVersion, date: String, changelog: [String],
        prompt: String, prefill: String, extraFields: [String: JSONValue] = [:]
    ) -> DefaultVersion {
        let standard: [String: JSONValue] = [
            "prompt": .string(prompt),
            "prefill": .string(prefill),
            "connection_profile": .null,
            "completion_preset_name": .string(""),
            "include_preset_prompts": .bool(false),
        ]
        return DefaultVersion(
            version, date: date, changelog: changelog,
            config: Config(standard.merging(extraFields) { _, extra in extra }))
    }
}
