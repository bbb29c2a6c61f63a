import HashTreeCollections

/// What a batch of changes touched, so derived state is refreshed for those alone.
struct Touched {
    /// Operations that gained a version or lost a reference to one (candidates for pruning).
    var operations: Set<String> = []
    /// Presets whose resolution must be recomputed.
    var presets: Set<PresetID> = []
    /// Artifacts whose content changed or that disappeared; presets using them are recomputed.
    var artifacts: Set<ArtifactID> = []
}

extension Snapshot {
    /// This snapshot with a store's committed changes applied, at `version` (a follower's step).
    ///
    /// Each change is applied as "the object is now this" (or "is gone"), so a change this
    /// process already applied, or one superseded later in the feed, is harmless. Costs what
    /// changed, not what the snapshot holds.
    public func applying(_ changes: [Change], through version: StoreVersion) -> Snapshot {
        var next = self
        var touched = Touched()
        for change in changes { next.apply(change, &touched) }
        next.version = version
        next.resolutionIndex.refresh(touched, in: next)
        return next
    }

    /// This state labelled with the store version its changes were committed as.
    public func committed(as version: StoreVersion) -> Snapshot {
        var next = self
        next.version = version
        return next
    }

    /// Applies one change, keeping every derived index in step. The one place a snapshot's
    /// stored state changes: commands (through `Transaction`) and followers both come here.
    mutating func apply(_ change: Change, _ touched: inout Touched) {
        switch change {
        case .insertArtifact(let artifact), .updateArtifact(let artifact):
            let old = artifacts[artifact.id]
            if let old, old.name != artifact.name || old.operation != artifact.operation {
                removeName(of: old)
                unreferencedArtifacts[old.operation]?.remove(old.id)
            }
            artifacts[artifact.id] = artifact
            artifactIDsByName[artifact.operation, default: [:]][artifact.name] = artifact.id
            refreshReferenceState(of: artifact.id)
            if old == nil { touched.operations.insert(artifact.operation) }
            touched.artifacts.insert(artifact.id)
        case .deleteArtifact(let id, _):
            guard let old = artifacts.removeValue(forKey: id) else { return }
            removeName(of: old)
            unreferencedArtifacts[old.operation]?.remove(id)
            touched.artifacts.insert(id)
        case .insertPreset(let preset), .updatePreset(let preset):
            let old = presets[preset.id]
            if let old {
                unindex(old)
                for (operation, artifact) in old.operations where preset.operations[operation] != artifact {
                    touched.operations.insert(operation)
                }
            }
            presets[preset.id] = preset
            presetIDsByName[preset.name] = preset.id
            for (operation, artifact) in preset.operations {
                presetIDsByArtifact[artifact, default: []].insert(preset.id)
                if old?.operations[operation] != artifact { touched.operations.insert(operation) }
            }
            var affected = Set(preset.operations.values)
            if let old { affected.formUnion(old.operations.values) }
            for artifact in affected { refreshReferenceState(of: artifact) }
            touched.presets.insert(preset.id)
        case .deletePreset(let id, _):
            guard let old = presets.removeValue(forKey: id) else { return }
            unindex(old)
            for artifact in old.operations.values { refreshReferenceState(of: artifact) }
            touched.operations.formUnion(old.operations.keys)
            touched.presets.insert(id)
        case .setBinding(let binding):
            bindings[binding.scope] = binding.preset
        case .removeBinding(let scope):
            bindings[scope] = nil
        case .removeBindings(let preset):
            for scope in bindings.scopes(boundTo: preset) { bindings[scope] = nil }
        case .putSession(let session):
            sessions[session.id] = session
        case .deleteSession(let id, _):
            guard let old = sessions.removeValue(forKey: id) else { return }
            touched.operations.insert(old.operation)
        case .setCounter(let operation, let value):
            counters[operation] = max(counters[operation] ?? 0, value)
        case .putConnectionProfile(let profile):
            connectionProfiles[profile.id] = profile
        case .deleteConnectionProfile(let id):
            connectionProfiles[id] = nil
        case .appendAudit:
            break
        }
    }

    /// Files a stored artifact under its operation's unreferenced versions, or takes it out.
    private mutating func refreshReferenceState(of id: ArtifactID) {
        guard let operation = artifacts[id]?.operation else { return }
        if isReferenced(id, in: operation) {
            unreferencedArtifacts[operation]?.remove(id)
        } else {
            unreferencedArtifacts[operation, default: []].insert(id)
        }
    }

    private mutating func removeName(of artifact: Artifact) {
        if artifactIDsByName[artifact.operation]?[artifact.name] == artifact.id {
            artifactIDsByName[artifact.operation]?[artifact.name] = nil
        }
    }

    /// Drops a preset's name and artifact references from the indexes.
    private mutating func unindex(_ preset: Preset) {
        if presetIDsByName[preset.name] == preset.id { presetIDsByName[preset.name] = nil }
        for artifact in preset.operations.values {
            presetIDsByArtifact[artifact]?.remove(preset.id)
            if presetIDsByArtifact[artifact]?.isEmpty == true { presetIDsByArtifact[artifact] = nil }
        }
    }
}
