import PromptPresets

// The data-only operation: the lorebook's entity types and the defaults of new entries.

extension AutoRecap {
    static let entityTypes = OperationDefinition(
        key: "entity_types", title: "Entity types",
        description: "The kinds of lorebook entries the recap creates, and the settings new entries get.",
        schema: FieldSchema([
            FieldSpec("types", title: "Entity types", kind: .list(of: [
                FieldSpec("name", title: "Name", kind: .shortText),
                FieldSpec("constant", title: "Constant", kind: .nullable(.boolean)),
                FieldSpec("usage", title: "Usage", kind: .text(maxLength: 2_000, isMultiline: true)),
                // The extension's own rows often leave it out (meaning false).
                FieldSpec("isGuidanceOnly", title: "Guidance only", kind: .boolean, isOptional: true),
            ], maxCount: 200)),
            // The extension writes null for versions it imported: new entries then use its built-in settings.
            FieldSpec("defaults", title: "Entry defaults", kind: .nullable(.record([
                FieldSpec("exclude_recursion", title: "Exclude recursion", kind: .boolean),
                FieldSpec("prevent_recursion", title: "Prevent recursion", kind: .boolean),
                FieldSpec("ignore_budget", title: "Ignore budget", kind: .boolean),
                FieldSpec("sticky", title: "Sticky (messages)", kind: .integer(0...1_000)),
            ]))),
        ]),
        history: [
            DefaultVersion(
                SemanticVersion(1, 0, 0), date: "2025-06-01",
                changelog: ["First version: recap guidance plus character, location, item, faction and lore."],
                config: entityTypesConfig([
                    .guidance("recap", usage: "Guidance for the recap itself: plot events, decisions and open threads go in the recap, not in entries."),
                    .entity("character", usage: "People and creatures who act in the story. Record appearance, personality, relationships, goals and secrets."),
                    .entity("location", usage: "Places the story visits or mentions more than once. Record layout, atmosphere, who is found there and what happened there."),
                    .entity("item", usage: "Objects that matter to the plot: weapons, keys, letters, artifacts. Record owner, powers and where it is now."),
                    .entity("faction", usage: "Groups, organisations, families and nations. Record members, goals, allies and enemies."),
                    .entity("lore", usage: "History, magic, religion and rules of the world that stay true across scenes."),
                ])),
            DefaultVersion(
                SemanticVersion(1, 1, 0), date: "2025-11-12",
                changelog: ["Adds a quest type for goals and promises in progress.",
                            "Characters now exclude unnamed one-off extras."],
                config: entityTypesConfig([
                    .guidance("recap", usage: "Guidance for the recap itself: plot events, decisions and open threads go in the recap, not in entries."),
                    .entity("character", usage: "Named people and creatures who act in the story; not unnamed one-off extras. Record appearance, personality, relationships, goals and secrets."),
                    .entity("location", usage: "Places the story visits or mentions more than once. Record layout, atmosphere, who is found there and what happened there."),
                    .entity("item", usage: "Objects that matter to the plot: weapons, keys, letters, artifacts. Record owner, powers and where it is now."),
                    .entity("faction", usage: "Groups, organisations, families and nations. Record members, goals, allies and enemies."),
                    .entity("quest", usage: "Goals, missions and promises the characters are pursuing. Record who set it, what is at stake and its current status."),
                    .entity("lore", usage: "History, magic, religion and rules of the world that stay true across scenes."),
                ])),
        ])

    /// An `entity_types` config: the given types with the standard entry defaults.
    private static func entityTypesConfig(_ types: [EntityType]) -> Config {
        Config([
            "types": .array(types.map(\.jsonValue)),
            "defaults": .object([
                "exclude_recursion": .bool(false),
                "prevent_recursion": .bool(false),
                "ignore_budget": .bool(true),
                "sticky": .int(4),
            ]),
        ])
    }
}

/// One row of the `types` list.
private struct EntityType {
    var name: String
    var constant: Bool?
    var usage: String
    var isGuidanceOnly: Bool

    /// A type that only guides the model and never becomes an entry.
    static func guidance(_ name: String, usage: String) -> EntityType {
        EntityType(name: name, constant: nil, usage: usage, isGuidanceOnly: true)
    }

    /// A type whose entries are inserted by keyword, not constantly.
    static func entity(_ name: String, usage: String) -> EntityType {
        EntityType(name: name, constant: false, usage: usage, isGuidanceOnly: false)
    }

    var jsonValue: JSONValue {
        .object([
            "name": .string(name),
            "constant": constant.map(JSONValue.bool) ?? .null,
            "usage": .string(usage),
            "isGuidanceOnly": .bool(isGuidanceOnly),
        ])
    }
}
