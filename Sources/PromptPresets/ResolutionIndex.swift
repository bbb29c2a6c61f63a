import HashTreeCollections

/// Everything resolution reads, precomputed per preset and operation.
///
/// Resolution is the hot path of every LLM call (§5.5). With this index a call is a chat (or
/// character, or profile) lookup, one preset lookup and an array subscript; no artifact is
/// copied out of a dictionary and no update check runs. Built when a snapshot is made; after
/// a command or a followed commit only the entries of the presets it touched are rebuilt, in
/// a persistent map that shares the rest with the previous snapshot.
struct ResolutionIndex: Sendable {
    /// What one operation of one preset resolves to.
    struct Row: Sendable {
        let artifact: ArtifactReference?
        let config: Config
        let update: UpdateInfo?
        /// Set when the preset points at a version that no longer exists.
        let warning: String?
    }

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
        guard let id = preset.operations[definition.key] else {
            return Row(artifact: nil, config: current.config, update: nil, warning: nil)
        }
        guard let artifact = snapshot.artifacts[id], artifact.operation == definition.key else {
            return Row(
                artifact: nil, config: current.config, update: nil,
                warning: "Preset '\(preset.name)' points '\(definition.key)' to a version that no longer exists; using the default.")
        }
        return Row(
            artifact: ArtifactReference(name: artifact.name, number: artifact.number), config: artifact.config,
            update: snapshot.update(for: artifact, in: definition), warning: nil)
    }
}
