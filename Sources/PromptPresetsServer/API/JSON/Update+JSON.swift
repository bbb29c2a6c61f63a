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
    /// `{config, conflicts: [{field, kind, base, mine, theirs, textWithMarkers, regions}]}`.
    var apiJSON: JSONValue {
        .object(["config": config.jsonValue, "conflicts": .array(conflicts.map(\.apiJSON))])
    }
}

extension FieldConflict {
    /// A text conflict lists its regions, which `POST …/merge` settles one by one, by position;
    /// a value conflict has none and is settled for the whole field.
    var apiJSON: JSONValue {
        let regions = textMerge?.conflicts ?? []
        return .object([
            "field": .string(field),
            "kind": .string(textMerge == nil ? "value" : "text"),
            "base": base ?? .null,
            "mine": mine,
            "theirs": theirs,
            "textWithMarkers": .optional(textMerge?.textWithMarkers),
            "regions": .array(regions.enumerated().map { index, region in
                .object([
                    "field": .string(field),
                    "index": .int(index),
                    "base": .string(region.base.joined(separator: "\n")),
                    "mine": .string(region.ours.joined(separator: "\n")),
                    "theirs": .string(region.theirs.joined(separator: "\n")),
                ])
            }),
        ])
    }
}
