extension Snapshot {
    /// Creates an empty preset (every operation on its default).
    /// - Throws: `invalidName`, `reservedName` or `presetNameTaken`.
    public func createPreset(
        named rawName: String, description: String = "", _ environment: CommandEnvironment
    ) throws(PresetError) -> Outcome<Preset> {
        let name = try availablePresetName(rawName)
        try Self.checkDescription(description)
        return try transact(environment) { transaction in
            let preset = Preset(
                id: PresetID(environment.ids.next()), name: name, description: description,
                createdAt: transaction.now, modifiedAt: transaction.now)
            transaction.insert(preset)
            transaction.audit("preset.create", "preset '\(name)'", after: preset.id.rawValue)
            return preset
        }
    }

    /// Copies a preset's operation map under a new name (`Copy of X`, `Copy of X (2)`, … when none is given).
    public func duplicatePreset(
        _ id: PresetID, as rawName: String? = nil, _ environment: CommandEnvironment
    ) throws(PresetError) -> Outcome<Preset> {
        let source = try existingPreset(id)
        let name: String
        if let rawName {
            name = try availablePresetName(rawName)
        } else {
            name = Naming.unique("Copy of \(source.name)") { presetIDsByName[$0] != nil }
        }
        return try transact(environment) { transaction in
            let preset = Preset(
                id: PresetID(environment.ids.next()), name: name, description: source.isDefault ? "" : source.description,
                operations: source.operations, createdAt: transaction.now, modifiedAt: transaction.now)
            transaction.insert(preset)
            transaction.audit("preset.duplicate", "preset '\(name)'", before: source.id.rawValue, after: preset.id.rawValue)
            return preset
        }
    }

    /// Renames a preset; bindings follow because they hold its id.
    public func renamePreset(
        _ id: PresetID, to rawName: String, expectedRevision: Int? = nil, _ environment: CommandEnvironment
    ) throws(PresetError) -> Outcome<Preset> {
        var preset = try mutablePreset(id, expectedRevision)
        let oldName = preset.name
        let name = try Naming.validated(rawName)
        if name != oldName, presetIDsByName[name] != nil { throw .presetNameTaken(name) }
        try refuseLookAlikePresetName(name, except: oldName)
        preset.name = name
        return try transact(environment) { [preset] transaction in
            transaction.update(preset)
            transaction.audit("preset.rename", "preset '\(name)'", before: oldName, after: name)
            return transaction.snapshot.presets[id]!
        }
    }

    /// Replaces a preset's description.
    public func describePreset(
        _ id: PresetID, as description: String, expectedRevision: Int? = nil, _ environment: CommandEnvironment
    ) throws(PresetError) -> Outcome<Preset> {
        var preset = try mutablePreset(id, expectedRevision)
        try Self.checkDescription(description)
        preset.description = description
        return try transact(environment) { [preset] transaction in
            transaction.update(preset)
            transaction.audit("preset.describe", "preset '\(preset.name)'")
            return transaction.snapshot.presets[id]!
        }
    }

    /// Points `operation` of a preset at a stored artifact, or back at the default when `artifact` is `nil`.
    public func setOperation(
        _ operation: String, of id: PresetID, to artifact: ArtifactID?, expectedRevision: Int? = nil,
        _ environment: CommandEnvironment
    ) throws(PresetError) -> Outcome<Preset> {
        _ = try catalog.operation(operation)
        var preset = try mutablePreset(id, expectedRevision)
        if let artifact {
            guard let stored = artifacts[artifact], stored.operation == operation else {
                throw .artifactNotFound(operation: operation, name: artifact.rawValue, suggestion: nil)
            }
        }
        let before = preset.operations[operation]
        preset.operations[operation] = artifact
        return try transact(environment) { [preset] transaction in
            if before != artifact { transaction.update(preset) }
            transaction.audit("preset.set", "preset '\(preset.name)' \(operation)",
                              before: before?.rawValue ?? "default", after: artifact?.rawValue ?? "default")
            return transaction.snapshot.presets[id]!
        }
    }

    /// Deletes a preset and every binding pointing to it; returns the bindings removed.
    public func deletePreset(
        _ id: PresetID, expectedRevision: Int? = nil, _ environment: CommandEnvironment
    ) throws(PresetError) -> Outcome<[Binding]> {
        let preset = try mutablePreset(id, expectedRevision)
        return try transact(environment) { transaction in
            let removed = transaction.unbindAll(to: id)
            for session in transaction.snapshot.sessions.values where session.preset == id {
                transaction.deleteSession(session.id)
            }
            transaction.deletePreset(id)
            transaction.audit("preset.delete", "preset '\(preset.name)'", before: id.rawValue)
            return removed
        }
    }

    // MARK: Helpers

    func existingPreset(_ id: PresetID) throws(PresetError) -> Preset {
        guard let preset = preset(id: id) else { throw .presetNotFound(id.rawValue, suggestion: nil) }
        return preset
    }

    /// A stored (non-Default) preset at the revision the caller read.
    func mutablePreset(_ id: PresetID, _ expectedRevision: Int?) throws(PresetError) -> Preset {
        if id == .default { throw .defaultPresetIsReadOnly }
        let preset = try existingPreset(id)
        try checkRevision(expectedRevision, of: preset)
        return preset
    }

    /// Descriptions (of presets and versions) are at most 10,000 characters.
    static func checkDescription(_ description: String) throws(PresetError) {
        guard description.count <= 10_000 else {
            throw .invalidConfig([ValidationIssue(path: "description", problem: "\(description.count) characters; the limit is 10000")])
        }
    }

    func availablePresetName(_ rawName: String) throws(PresetError) -> String {
        let name = try Naming.validated(rawName)
        if presetIDsByName[name] != nil { throw .presetNameTaken(name) }
        try refuseLookAlikePresetName(name, except: nil)
        return name
    }

    /// Refuses a name that only looks like another preset's (a Cyrillic `А`, an accent less).
    func refuseLookAlikePresetName(_ name: String, except current: String?) throws(PresetError) {
        let others = allPresets.lazy.map(\.name).filter { $0 != current }
        if let existing = Naming.lookAlike(of: name, among: [Preset.defaultName] + others) {
            throw .invalidName(name, reason: "it looks like the existing preset '\(existing)'; choose a name that reads differently")
        }
    }
}
