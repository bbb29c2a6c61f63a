import PromptPresets
import PromptPresetsAPI

extension Artifact {
    /// `{id, name, number}`: how other objects point at a stored version.
    var referenceJSON: JSONValue {
        .object(["id": .string(id.rawValue), "name": .string(name), "number": .int(number)])
    }

    /// A stored version with its config and lineage, as the API's wire type.
    func apiJSON(in snapshot: Snapshot) throws -> JSONValue {
        try JSONValue(wire: Components.Schemas.Artifact(self, in: snapshot))
    }
}

extension VersionReference {
    /// A stored version (as `Artifact.apiJSON`) or a default, as the API's wire type.
    func apiJSON(in snapshot: Snapshot) throws -> JSONValue {
        try JSONValue(wire: Components.Schemas.Version(self, in: snapshot))
    }
}

extension HistoryEntry {
    func apiJSON(in snapshot: Snapshot) -> JSONValue {
        .object([
            "id": .optional(reference.artifact?.id.rawValue),
            "name": .string(reference.isDefault ? "\(Preset.defaultName)@\(reference.defaultVersion?.description ?? "")" : reference.name),
            "number": .int(reference.number),
            "isDefault": .bool(reference.isDefault),
            "parent": .optional(parentName),
            "changelog": .array(changelog.map(JSONValue.string)),
            "date": .string(date),
        ])
    }
}

extension FieldDiff {
    /// `{field, lines: [{change: same|removed|added, text}]}`.
    var apiJSON: JSONValue {
        .object([
            "field": .string(field),
            "lines": .array(lines.map { line in
                switch line {
                case .same(let text): .object(["change": "same", "text": .string(text)])
                case .removed(let text): .object(["change": "removed", "text": .string(text)])
                case .added(let text): .object(["change": "added", "text": .string(text)])
                }
            }),
        ])
    }
}

extension [FieldDiff] {
    var apiJSON: JSONValue { .array(map(\.apiJSON)) }
}
