import PromptPresets

extension Artifact {
    /// `{id, name, number}`: how other objects point at a stored version.
    var referenceJSON: JSONValue {
        .object(["id": .string(id.rawValue), "name": .string(name), "number": .int(number)])
    }

    /// A stored version with its config and lineage.
    func apiJSON(in snapshot: Snapshot) -> JSONValue {
        let parent: JSONValue = switch self.parent {
        case .default(let version): .string("\(Preset.defaultName)@\(version)")
        case .artifact(let id): .string(snapshot.artifacts[id]?.name ?? "(deleted)")
        case .none: .null
        }
        let update = snapshot.catalog[operation].flatMap { snapshot.update(for: self, in: $0) }
        return .object([
            "id": .string(id.rawValue),
            "operation": .string(operation),
            "name": .string(name),
            "number": .int(number),
            "isDefault": false,
            "label": .optional(label),
            "description": .string(description),
            "basedOn": .version(basedOn),
            "parent": parent,
            "origin": .string(origin.rawValue),
            "createdAt": .timestamp(createdAt),
            "modifiedAt": .timestamp(modifiedAt),
            "revision": .int(revision),
            "dismissedVersions": .array(dismissedVersions.sorted().map { .string($0.description) }),
            "update": update?.jsonValue ?? .null,
            "usedBy": .array(snapshot.presetsReferencing(id).map(JSONValue.string)),
            "config": config.jsonValue,
        ])
    }
}

extension VersionReference {
    /// A stored version (as `Artifact.apiJSON`) or a default: `{id: null, name: "Default", number: 0, isDefault: true, defaultVersion, config}`.
    func apiJSON(in snapshot: Snapshot) -> JSONValue {
        if let artifact { return artifact.apiJSON(in: snapshot) }
        return .object([
            "id": .null,
            "name": .string(name),
            "number": .int(number),
            "isDefault": true,
            "defaultVersion": .version(defaultVersion),
            "config": config.jsonValue,
        ])
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
