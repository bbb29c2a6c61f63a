import HashTreeCollections

/// Everything resolution reads, precomputed per preset and operation.
///
/// Resolution is the hot path of every LLM call (§5.5). With this index a call is a chat (or
/// character, or profile) lookup, one preset lookup and an array subscript; no artifact is
/// copied out of a dictionary and no update check runs. Built when a snapshot is made; after
/// a command or a followed commit only the entries of the presets it touched are rebuilt, in
/// a persistent map that shares the rest with the previous snapshot.
struct ResolutionIndex: Sendable {
    /// What one operation of one preset resolves to, shared by every resolution that reads it.
    typealias Row = ResolvedOperation

    /// One preset and a row per catalog operation, in catalog order; a class so a lookup shares it.
    final class Entry: Sendable {
        let preset: Preset
        let rows: [Row]

        init(preset: Preset, rows: [Row]) {
            self.preset = preset
            self.rows = rows
        }
    }

    private(set) var entries: TreeDictionary<PresetID, Entry>
    let defaultEntry: Entry

    static let empty = ResolutionIndex(entries: [:], defaultEntry: Entry(preset: .default, rows: []))

    private init(entries: TreeDictionary<PresetID, Entry>, defaultEntry: Entry) {
        self.entries = entries
        self.defaultEntry = defaultEntry
    }

    init(_ snapshot: Snapshot) {
        var entries: TreeDictionary<PresetID, Entry> = [:]
        for preset in snapshot.presets.values {
            entries[preset.id] = Self.entry(preset, in: snapshot)
        }
        let defaults = snapshot.catalog.operations.map { Self.row($0, of: .default, in: snapshot) }
        self.init(entries: entries, defaultEntry: Entry(preset: .default, rows: defaults))
    }

    /// Rebuilds the entries of the presets `touched` names or that use an artifact it names.
    mutating func refresh(_ touched: Touched, in snapshot: Snapshot) {
        guard defaultEntry.rows.count == snapshot.catalog.operations.count else {
            self = ResolutionIndex(snapshot)
            return
        }
        var presets = touched.presets
        for artifact in touched.artifacts {
            presets.formUnion(snapshot.presetIDsByArtifact[artifact] ?? [])
        }
        for id in presets {
            entries[id] = snapshot.presets[id].map { Self.entry($0, in: snapshot) }
        }
    }

    private static func entry(_ preset: Preset, in snapshot: Snapshot) -> Entry {
        Entry(preset: preset, rows: snapshot.catalog.operations.map { row($0, of: preset, in: snapshot) })
    }

    /// The entry of a preset id, the virtual Default included.
    func entry(_ id: PresetID) -> Entry? {
        id == .default ? defaultEntry : entries[id]
    }

    private static func row(_ definition: OperationDefinition, of preset: Preset, in snapshot: Snapshot) -> Row {
        let current = definition.current
        func row(_ artifact: ArtifactReference?, _ config: Config, _ update: UpdateInfo?, _ warning: String?) -> Row {
            Row(ResolvedOperation.Fields(
                operation: definition.key, preset: preset.name, presetID: preset.id, artifact: artifact,
                isDefault: artifact == nil, defaultVersion: current.version, config: config, update: update, warning: warning))
        }
        guard let id = preset.operations[definition.key] else {
            return row(nil, current.config, nil, nil)
        }
        guard let artifact = snapshot.artifacts[id], artifact.operation == definition.key else {
            return row(nil, current.config, nil,
                       "Preset '\(preset.name)' points '\(definition.key)' to a version that no longer exists; using the default.")
        }
        return row(ArtifactReference(name: artifact.name, number: artifact.number), artifact.config,
                   snapshot.update(for: artifact, in: definition), nil)
    }
}
