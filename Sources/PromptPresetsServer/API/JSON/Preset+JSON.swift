import PromptPresets

extension Preset {
    /// A preset with every catalog operation: the version it uses (or the default) and any pending update.
    func apiJSON(in snapshot: Snapshot) -> JSONValue {
        let operations = snapshot.catalog.operations.map { definition -> JSONValue in
            let artifact = self.operations[definition.key].flatMap { snapshot.artifacts[$0] }
            return .object([
                "operation": .string(definition.key),
                "artifact": artifact.map { $0.referenceJSON } ?? .null,
                "isDefault": .bool(artifact == nil),
                "defaultVersion": .string(definition.current.version.description),
                "update": artifact.flatMap { snapshot.update(for: $0, in: definition) }?.jsonValue ?? .null,
            ])
        }
        return .object([
            "id": .string(id.rawValue),
            "name": .string(name),
            "description": .string(description),
            "isDefault": .bool(isDefault),
            "revision": .int(revision),
            "createdAt": .timestamp(createdAt),
            "modifiedAt": .timestamp(modifiedAt),
            "operations": .array(operations),
        ])
    }
}
