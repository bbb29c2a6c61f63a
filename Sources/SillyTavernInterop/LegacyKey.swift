import PromptPresets

/// A 1.x flat key (`<op>_prompt`, `<op>_completion_preset`, …) and the config field it holds.
struct LegacyKey: Hashable {
    var operation: String
    var field: String
    /// Whether this is the non-1.x spelling `<op>_completion_preset_name` (§13.6), read only
    /// when the real `<op>_completion_preset` is absent.
    var isFallback: Bool

    /// Key suffix → field, for every prompt operation.
    private static let suffixes: [(suffix: String, field: String, isFallback: Bool)] = [
        ("prompt", "prompt", false),
        ("prefill", "prefill", false),
        ("connection_profile", "connection_profile", false),
        ("completion_preset", "completion_preset_name", false),
        ("include_preset_prompts", "include_preset_prompts", false),
        ("completion_preset_name", "completion_preset_name", true),
        ("forced_prompt", "forced_prompt", false),
        ("forced_prefill", "forced_prefill", false),
        ("forced_connection_profile", "forced_connection_profile", false),
        ("forced_completion_preset", "forced_completion_preset_name", false),
        ("forced_include_preset_prompts", "forced_include_preset_prompts", false),
    ]

    /// Keys that break the pattern: error detection kept its completion preset in `_preset`; the
    /// lorebook's entry defaults were flat keys and its entity types a list of `name(entry:flag)`
    /// strings inside `autoLorebooks` (fields `defaults.<key>` and `types` of `entity_types`).
    private static let specialKeys: [String: (operation: String, field: String)] = [
        "scene_recap_error_detection_preset": ("scene_recap_error_detection", "completion_preset_name"),
        "auto_lorebooks_entry_exclude_recursion": ("entity_types", "defaults.exclude_recursion"),
        "auto_lorebooks_entry_prevent_recursion": ("entity_types", "defaults.prevent_recursion"),
        "auto_lorebooks_entry_ignore_budget": ("entity_types", "defaults.ignore_budget"),
        "auto_lorebooks_entry_sticky": ("entity_types", "defaults.sticky"),
        legacyEntityTypesKey: ("entity_types", "types"),
    ]

    /// The object whose `entity_types` member held the legacy entity-type list; it holds other
    /// lorebook settings too, so it is never pruned.
    static let legacyEntityTypesKey = "autoLorebooks"

    /// The top-level field of the config the key's value goes into (`defaults` for `defaults.sticky`).
    var configField: String { String(field.split(separator: ".")[0]) }
    /// The member of that field, for a key that sets one member of a record (`sticky`).
    var member: String? { field.contains(".") ? String(field.split(separator: ".")[1]) : nil }

    /// The operation and field `key` holds, or nil for a key that is not a 1.x prompt setting.
    /// The longest matching operation wins (`scene_recap_error_detection_prompt` is not `scene_recap`'s).
    init?(_ key: String, in catalog: Catalog) {
        // The 1.0.x release said "summary" where later ones say "recap" (`scene_summary_prompt`).
        if key.contains("summary") {
            guard let renamed = LegacyKey(key.replacingOccurrences(of: "summary", with: "recap"), in: catalog) else { return nil }
            self = renamed
            return
        }
        if let special = Self.specialKeys[key], let definition = catalog[special.operation],
           definition.schema.field(String(special.field.split(separator: ".")[0])) != nil {
            self.init(operation: special.operation, field: special.field, isFallback: false)
            return
        }
        let operations = catalog.operations.sorted { $0.key.count > $1.key.count }
        for definition in operations where key.hasPrefix(definition.key + "_") {
            let rest = String(key.dropFirst(definition.key.count + 1))
            if let match = Self.suffixes.first(where: { $0.suffix == rest }), definition.schema.field(match.field) != nil {
                self.init(operation: definition.key, field: match.field, isFallback: match.isFallback)
                return
            }
        }
        return nil
    }

    private init(operation: String, field: String, isFallback: Bool) {
        self.operation = operation
        self.field = field
        self.isFallback = isFallback
    }

    static func isFlatKey(_ key: String, in catalog: Catalog) -> Bool {
        LegacyKey(key, in: catalog) != nil
    }
}
