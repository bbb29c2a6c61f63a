import Foundation
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

    /// The `{{entity_types}}` variable the lorebook prompts used before 1.2 of their defaults.
    static let entityTypesVariable = TemplateVariable(
        "entity_types", "The lorebook's entity types, one per line as `name: usage`.", isRequired: true)

    // The declared variables are the macros the SillyTavern extension fills for each operation
    // (§9.6): a preset sent to it never carries a placeholder nobody fills.

    /// `{{lorebook_entry_types}}` and `{{lorebook_entry_types_with_guidance}}`, filled wherever the
    /// extension passes the entity types.
    static func lorebookEntryTypes(required: Bool) -> [TemplateVariable] {
        [
            TemplateVariable("lorebook_entry_types", "The entity types entries may have, one per line.", isRequired: required),
            TemplateVariable("lorebook_entry_types_with_guidance", "The entity types with each one's usage notes, guidance-only types included."),
        ]
    }

    /// `{{prefill}}`: the operation's prefill, for prompts that mention how the reply starts.
    static let prefillVariable = TemplateVariable("prefill", "The operation's prefill text.")

    /// SillyTavern's own macros, filled in every prompt.
    static let sillyTavernVariables = [
        TemplateVariable("user", "The user's persona name (filled by SillyTavern)."),
        TemplateVariable("char", "The character's name (filled by SillyTavern)."),
    ]

    /// The release that moved every prompt to the extension's macros.
    static let extensionMacrosDate = "2025-12-02"
}

extension String {
    /// This prompt speaking the extension's macros: every `{{old}}` renamed, and every line that
    /// contains a key of `lines` replaced by its value (dropped when the value is empty).
    func withExtensionMacros(_ renames: KeyValuePairs<String, String>, lines: [String: String] = [:]) -> String {
        var text = self
        for (old, new) in renames { text = text.replacingOccurrences(of: "{{\(old)}}", with: "{{\(new)}}") }
        guard !lines.isEmpty else { return text }
        var kept: [String] = []
        for line in text.components(separatedBy: "\n") {
            if let replacement = lines.first(where: { line.contains($0.key) })?.value {
                if !replacement.isEmpty { kept.append(replacement) }
            } else {
                kept.append(line)
            }
        }
        var joined = kept.joined(separator: "\n")
        while joined.contains("\n\n\n") { joined = joined.replacingOccurrences(of: "\n\n\n", with: "\n\n") }
        return joined
    }
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
