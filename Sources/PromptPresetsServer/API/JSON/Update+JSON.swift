import PromptPresets

extension PendingUpdate {
    /// `{preset: {id, name}, operation, artifact: {id, name, number}, from, to, changelog}`.
    var apiJSON: JSONValue {
        .object([
            "preset": .object(["id": .string(preset.id.rawValue), "name": .string(preset.name)]),
            "operation": .string(operation),
            "artifact": artifact.referenceJSON,
            "from": .version(info.from),
            "to": .string(info.to.description),
            "changelog": .array(info.changelog.map(JSONValue.string)),
        ])
    }
}

extension UpdateComparison {
    var apiJSON: JSONValue {
        .object(["update": update.apiJSON, "mineToNew": mineToNew.apiJSON, "oldToNew": oldToNew.apiJSON])
    }
}

extension ConfigMerge {
    /// `{config, conflicts: [{field, base, mine, theirs, textWithMarkers}]}`.
    var apiJSON: JSONValue {
        .object([
            "config": config.jsonValue,
            "conflicts": .array(conflicts.map { conflict in
                .object([
                    "field": .string(conflict.field),
                    "base": conflict.base ?? .null,
                    "mine": conflict.mine,
                    "theirs": conflict.theirs,
                    "textWithMarkers": .optional(conflict.textMerge?.textWithMarkers),
                ])
            }),
        ])
    }
}
