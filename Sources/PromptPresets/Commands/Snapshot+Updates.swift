/// A preset operation whose version is based on an older default than the current one (§6.2).
public struct PendingUpdate: Sendable, Hashable {
    public var preset: Preset
    public var operation: String
    public var artifact: Artifact
    public var info: UpdateInfo
}

/// The two comparisons offered for an update.
public struct UpdateComparison: Sendable, Hashable {
    public var update: PendingUpdate
    /// The user's version against the new default.
    public var mineToNew: [FieldDiff]
    /// The default the user started from against the new default (empty when that is unknown).
    public var oldToNew: [FieldDiff]
}

/// One field both the user and the new default changed in incompatible ways.
public struct FieldConflict: Sendable, Hashable {
    public var field: String
    /// For text fields, the line-level merge with its conflicts; `nil` for other kinds of values.
    public var textMerge: MergeResult?
    public var base: JSONValue?
    public var mine: JSONValue
    public var theirs: JSONValue
}

/// A three-way merge of a user's version with the default's changes since its base.
public struct ConfigMerge: Sendable, Hashable {
    /// The merged config, with conflicts taken from the user's side.
    public var config: Config
    public var conflicts: [FieldConflict]
}

extension Snapshot {
    /// Every preset operation with an update waiting, presets by name then operations in catalog order.
    public func pendingUpdates() -> [PendingUpdate] {
        allPresets.flatMap { preset in
            catalog.operations.compactMap { definition in
                pendingUpdate(preset, definition)
            }
        }
    }

    /// The update waiting for `operation` in a preset.
    /// - Throws: `noUpdatePending` when there is none.
    public func pendingUpdate(_ operation: String, in presetID: PresetID) throws(PresetError) -> PendingUpdate {
        let definition = try catalog.operation(operation)
        let preset = try existingPreset(presetID)
        guard let update = pendingUpdate(preset, definition) else {
            throw .noUpdatePending(preset: preset.name, operation: operation)
        }
        return update
    }

    /// The user's version against the new default, and the old default against the new one.
    public func compareUpdate(_ operation: String, in presetID: PresetID) throws(PresetError) -> UpdateComparison {
        let update = try pendingUpdate(operation, in: presetID)
        let definition = try catalog.operation(operation)
        let newConfig = definition.current.config
        let oldConfig = update.artifact.basedOn.flatMap { definition.defaultVersion($0)?.config }
        return UpdateComparison(
            update: update,
            mineToNew: Self.diff(update.artifact.config, newConfig, schema: definition.schema),
            oldToNew: oldConfig.map { Self.diff($0, newConfig, schema: definition.schema) } ?? [])
    }

    /// Keeps the user's version and marks it as based on the current default.
    public func keepMine(_ operation: String, in presetID: PresetID, _ environment: CommandEnvironment) throws(PresetError) -> Outcome<Artifact> {
        let update = try pendingUpdate(operation, in: presetID)
        var artifact = update.artifact
        artifact.basedOn = update.info.to
        return try transact(environment) { [artifact] transaction in
            transaction.update(artifact)
            transaction.audit("update.keep", "\(operation) '\(artifact.name)'",
                              before: update.info.from?.description ?? "unknown", after: update.info.to.description)
            return transaction.snapshot.artifacts[artifact.id]!
        }
    }

    /// Points the preset's operation back at the default.
    public func revertToDefault(_ operation: String, in presetID: PresetID, _ environment: CommandEnvironment) throws(PresetError) -> Outcome<Preset> {
        _ = try pendingUpdate(operation, in: presetID)
        return try setOperation(operation, of: presetID, to: nil, environment)
    }

    /// Silences this update until a newer default ships.
    public func dismissUpdate(_ operation: String, in presetID: PresetID, _ environment: CommandEnvironment) throws(PresetError) -> Outcome<Artifact> {
        let update = try pendingUpdate(operation, in: presetID)
        var artifact = update.artifact
        artifact.dismissedVersions.insert(update.info.to)
        return try transact(environment) { [artifact] transaction in
            transaction.update(artifact)
            transaction.audit("update.dismiss", "\(operation) '\(artifact.name)'", after: update.info.to.description)
            return transaction.snapshot.artifacts[artifact.id]!
        }
    }

    /// The three-way merge of the user's version with the default's changes since its base, without writing anything.
    public func previewMerge(_ operation: String, in presetID: PresetID) throws(PresetError) -> ConfigMerge {
        let update = try pendingUpdate(operation, in: presetID)
        let definition = try catalog.operation(operation)
        let base = update.artifact.basedOn.flatMap { definition.defaultVersion($0)?.config }
        return Self.merge(base: base, mine: update.artifact.config, theirs: definition.current.config, schema: definition.schema)
    }

    /// Writes the merge as a new version based on the current default and points the preset at it.
    /// - Parameter choice: how to settle conflicts; `nil` refuses to write when there are any.
    /// - Throws: `mergeConflicts` naming the fields when there are conflicts and no choice.
    public func mergeUpdate(
        _ operation: String, in presetID: PresetID, resolvingConflictsWith choice: MergeChoice? = nil,
        _ environment: CommandEnvironment
    ) throws(PresetError) -> Outcome<Artifact> {
        try mergeUpdate(operation, in: presetID, resolving: MergeResolutions(fallback: choice), environment)
    }

    /// Writes the merge as a new version based on the current default and points the preset at it,
    /// settling each conflict as `resolutions` says.
    ///
    /// ```swift
    /// // The prompt has two conflict regions: take the default's first one, rewrite the second.
    /// try snapshot.mergeUpdate("scene_recap", in: preset.id, resolving: MergeResolutions(
    ///     fields: ["prompt": .regions([.theirs, .edited("Write in the present tense.")])]), environment)
    /// ```
    ///
    /// - Throws: `invalidMergeResolution` naming the field when a decision does not fit the conflicts,
    ///   `mergeConflicts` naming the fields left unsettled, `invalidConfig` when edited text breaks a field's
    ///   limits. Nothing is written then.
    public func mergeUpdate(
        _ operation: String, in presetID: PresetID, resolving resolutions: MergeResolutions, _ environment: CommandEnvironment
    ) throws(PresetError) -> Outcome<Artifact> {
        let update = try pendingUpdate(operation, in: presetID)
        let merge = try previewMerge(operation, in: presetID)
        let schema = try catalog.operation(operation).schema
        let config = try Self.resolvedConfig(merge, resolutions, operation: operation, schema: schema)
        // Only text the user wrote can break a field's limits; both sides' values were valid already.
        let edited = Set(resolutions.editedFields.map { "\(operation).\($0)" })
        let issues = schema.issues(in: config, root: operation).filter { edited.contains($0.path) }
        if !issues.isEmpty { throw .invalidConfig(issues) }
        let mine = update.artifact
        var preset = update.preset
        return try transact(environment) { [config] (transaction: inout Transaction) throws(PresetError) in
            let source = VersionReference(name: mine.name, number: mine.number, config: mine.config, artifact: mine)
            var artifact = try transaction.fork(source, operation: operation, config: config, origin: .merge)
            artifact.basedOn = update.info.to
            transaction.insert(artifact)
            preset.operations[operation] = artifact.id
            transaction.update(preset)
            transaction.audit("update.merge", "preset '\(preset.name)' \(operation)", before: mine.id.rawValue, after: artifact.id.rawValue)
            return artifact
        }
    }

    /// Field-by-field three-way merge: a field only one side changed takes that side; text fields
    /// both changed merge line by line; anything else both changed differently is a conflict.
    public static func merge(base: Config?, mine: Config, theirs: Config, schema: FieldSchema) -> ConfigMerge {
        var merged = mine
        var conflicts: [FieldConflict] = []
        for spec in schema.fields {
            let ours = mine[spec.key] ?? .null
            let other = theirs[spec.key] ?? .null
            let ancestor = base?[spec.key]
            if ours == other || other == ancestor { continue }
            if ours == ancestor { merged[spec.key] = other; continue }
            if case .string(let oursText) = ours, case .string(let theirsText) = other {
                let result = ThreeWayMerge.merge(base: ancestor?.stringValue ?? "", ours: oursText, theirs: theirsText)
                if !result.hasConflicts {
                    merged[spec.key] = .string(mergedText(result, .ours, base: ancestor?.stringValue, ours: oursText, theirs: theirsText))
                    continue
                }
                conflicts.append(FieldConflict(field: spec.key, textMerge: result, base: ancestor, mine: ours, theirs: other))
            } else {
                conflicts.append(FieldConflict(field: spec.key, textMerge: nil, base: ancestor, mine: ours, theirs: other))
            }
        }
        return ConfigMerge(config: merged, conflicts: conflicts)
    }

    /// The merged text, ending with a newline when the three-way rule says so (line merges drop it).
    static func mergedText(_ result: MergeResult, _ choice: MergeChoice, base: String?, ours: String, theirs: String) -> String {
        withMergedFinalNewline(result.text(resolvingConflictsWith: choice), base: base, ours: ours, theirs: theirs)
    }

    /// `text` ending with a newline when the three-way rule says the merge should: the side that changed
    /// the base's ending wins, else the new default's ending stays.
    static func withMergedFinalNewline(_ text: String, base: String?, ours: String, theirs: String) -> String {
        var text = text
        let baseEnds = base?.hasSuffix("\n") ?? false
        let oursEnds = ours.hasSuffix("\n")
        let endsWithNewline = oursEnds == baseEnds ? theirs.hasSuffix("\n") : oursEnds
        if endsWithNewline, !text.isEmpty, !text.hasSuffix("\n") { text += "\n" }
        return text
    }

    private func pendingUpdate(_ preset: Preset, _ definition: OperationDefinition) -> PendingUpdate? {
        guard let id = preset.operations[definition.key], let artifact = artifacts[id], artifact.operation == definition.key,
              let info = update(for: artifact, in: definition)
        else { return nil }
        return PendingUpdate(preset: preset, operation: definition.key, artifact: artifact, info: info)
    }
}
