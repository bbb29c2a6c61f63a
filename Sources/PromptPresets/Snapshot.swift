import Foundation
import HashTreeCollections

/// The whole state at one moment: an immutable value that commands turn into a new one.
///
/// Its collections are persistent hash tries (`TreeDictionary`): the snapshot a command makes
/// shares everything it did not change with the one it came from, so a write costs O(log n)
/// in memory whatever the store holds (§8.5).
///
/// A long-running process keeps one snapshot in memory and swaps it atomically after each
/// write; resolution reads it without touching the disk (§5.5). A one-shot process may load
/// a partial snapshot holding only the bindings of the context it resolves.
public struct Snapshot: Sendable {
    public let catalog: Catalog
    /// The store version this state reflects (`empty` for a snapshot no store gave out).
    public internal(set) var version: StoreVersion
    public internal(set) var artifacts: TreeDictionary<ArtifactID, Artifact>
    public internal(set) var presets: TreeDictionary<PresetID, Preset>
    public internal(set) var bindings: Bindings
    public internal(set) var sessions: [SessionID: EditSession]
    public internal(set) var connectionProfiles: [String: ConnectionProfile]
    /// Operation key → the highest number ever given out.
    public internal(set) var counters: [String: Int]

    // Derived indexes, maintained by `apply(_:_:)`.
    var presetIDsByName: TreeDictionary<String, PresetID> = [:]
    var artifactIDsByName: [String: TreeDictionary<String, ArtifactID>] = [:]
    /// Artifact → the presets whose operation entry is that artifact.
    var presetIDsByArtifact: TreeDictionary<ArtifactID, Set<PresetID>> = [:]
    /// Operation → its versions no preset references: what pruning chooses from, kept so a
    /// commit does not scan every version of the operations it touched.
    var unreferencedArtifacts: [String: TreeSet<ArtifactID>] = [:]
    /// What resolution reads, refreshed for what each command or followed commit touched.
    var resolutionIndex = ResolutionIndex.empty

    public init(
        catalog: Catalog, artifacts: [Artifact] = [], presets: [Preset] = [], bindings: Bindings = Bindings(),
        sessions: [EditSession] = [], connectionProfiles: [ConnectionProfile] = [], counters: [String: Int] = [:],
        version: StoreVersion = .empty
    ) {
        self.catalog = catalog
        self.version = version
        self.artifacts = [:]
        self.presets = [:]
        self.bindings = bindings
        self.sessions = Dictionary(sessions.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
        self.connectionProfiles = Dictionary(connectionProfiles.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
        self.counters = counters
        var touched = Touched()
        for artifact in artifacts {
            apply(.insertArtifact(artifact), &touched)
            // Numbers are never reused: a counter is at least the highest number it gave out.
            self.counters[artifact.operation] = max(self.counters[artifact.operation] ?? 0, artifact.number)
        }
        for preset in presets { apply(.insertPreset(preset), &touched) }
        self.resolutionIndex = ResolutionIndex(self)
    }
}

extension Snapshot: Equatable {
    /// Equal when the stored state is equal (the catalog is compared by name).
    public static func == (lhs: Snapshot, rhs: Snapshot) -> Bool {
        lhs.catalog.name == rhs.catalog.name && lhs.artifacts == rhs.artifacts && lhs.presets == rhs.presets
            && lhs.bindings == rhs.bindings && lhs.sessions == rhs.sessions
            && lhs.connectionProfiles == rhs.connectionProfiles && lhs.counters == rhs.counters
    }
}

// MARK: - Lookups

extension Snapshot {
    /// Every preset, the virtual Default first, then the stored ones by name.
    public var allPresets: [Preset] {
        [Preset.default] + presets.values.sorted { $0.name.localizedStandardCompare($1.name) == .orderedAscending }
    }

    /// The preset with `id`, including the virtual Default.
    public func preset(id: PresetID) -> Preset? {
        id == .default ? Preset.default : presets[id]
    }

    /// The preset named `name` (`Default` included).
    /// - Throws: `PresetError.presetNotFound` with the closest name as a suggestion.
    public func preset(named name: String) throws(PresetError) -> Preset {
        if name == Preset.defaultName { return Preset.default }
        guard let id = presetIDsByName[name], let preset = presets[id] else {
            throw .presetNotFound(name, suggestion: closestName(to: name, in: [Preset.defaultName] + presets.values.map(\.name)))
        }
        return preset
    }

    /// The stored artifacts of `operation`, newest (highest number) first.
    public func artifacts(of operation: String) -> [Artifact] {
        (artifactIDsByName[operation] ?? [:]).values.compactMap { artifacts[$0] }.sorted { $0.number > $1.number }
    }

    /// The stored artifact of `operation` named `name`, if any.
    public func artifact(of operation: String, named name: String) -> Artifact? {
        artifactIDsByName[operation]?[name].flatMap { artifacts[$0] }
    }

    /// Names of the presets whose entry for the artifact's operation is the artifact.
    public func presetsReferencing(_ artifact: ArtifactID) -> [String] {
        presetIDsReferencing(artifact).compactMap { presets[$0]?.name }.sorted()
    }

    /// The presets whose entry for the artifact's own operation is the artifact (an entry
    /// under another operation's key does not count: resolution ignores it).
    func presetIDsReferencing(_ artifact: ArtifactID) -> [PresetID] {
        guard let operation = artifacts[artifact]?.operation else { return [] }
        return (presetIDsByArtifact[artifact] ?? []).filter { presets[$0]?.operations[operation] == artifact }
    }

    /// The connection profile with the given name, if any.
    public func connectionProfile(named name: String) -> ConnectionProfile? {
        connectionProfiles.values.first { $0.name == name }
    }
}


/// The candidate closest to `name` by edit distance, when it is close enough to be a likely typo.
func closestName(to name: String, in candidates: [String]) -> String? {
    let target = Array(name.lowercased())
    var best: (name: String, distance: Int)?
    for candidate in candidates {
        let distance = editDistance(target, Array(candidate.lowercased()))
        if distance < (best?.distance ?? .max) { best = (candidate, distance) }
    }
    guard let best, best.distance <= max(2, target.count / 3) else { return nil }
    return best.name
}

private func editDistance(_ a: [Character], _ b: [Character]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = previous
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
