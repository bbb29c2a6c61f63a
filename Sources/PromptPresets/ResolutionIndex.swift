/// Everything resolution reads, precomputed per preset and operation.
///
/// Resolution is the hot path of every LLM call (§5.5). With this index a call is a chat (or
/// character, or profile) lookup, one preset lookup and an array subscript; no artifact is
/// copied out of a dictionary and no update check runs. Built when a snapshot is made and
/// after each command, which costs a few milliseconds per thousand presets.
final class ResolutionIndex: Sendable {
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

    let entries: [PresetID: Entry]
    let defaultEntry: Entry

    static let empty = ResolutionIndex(entries: [:], defaultEntry: Entry(preset: .default, rows: []))

    private init(entries: [PresetID: Entry], defaultEntry: Entry) {
        self.entries = entries
        self.defaultEntry = defaultEntry
    }

    convenience init(_ snapshot: Snapshot) {
        var entries: [PresetID: Entry] = [:]
        entries.reserveCapacity(snapshot.presets.count)
        for preset in snapshot.presets.values {
            entries[preset.id] = Entry(preset: preset, rows: snapshot.catalog.operations.map { Self.row($0, of: preset, in: snapshot) })
        }
        let defaults = snapshot.catalog.operations.map { Self.row($0, of: .default, in: snapshot) }
        self.init(entries: entries, defaultEntry: Entry(preset: .default, rows: defaults))
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
