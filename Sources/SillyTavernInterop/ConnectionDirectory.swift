import PromptPresets

/// The connection profiles a settings file's values can name: the file's connection manager
/// first, then the store's directory. Values are ids (2.x) or names (1.x, before UUIDs).
struct ConnectionDirectory {
    private var byID: [String: ConnectionProfile] = [:]
    private var byName: [String: ConnectionProfile] = [:]

    init(file: [ConnectionProfile], snapshot: Snapshot) {
        for profile in snapshot.connectionProfiles.values.sorted(by: { $0.id < $1.id }) + file {
            byID[profile.id] = profile
            byName[profile.name] = profile
        }
    }

    /// What a stored `connection_profile` value refers to.
    enum Match {
        /// Empty or null: the current connection.
        case current
        /// A known profile, found by its id.
        case id(ConnectionProfile)
        /// A known profile, found by its name.
        case name(ConnectionProfile)
        /// Not a profile this file or the store knows.
        case unknown(String)
    }

    func match(_ value: String?) -> Match {
        guard let value, !value.isEmpty else { return .current }
        if let profile = byID[value] { return .id(profile) }
        if let profile = byName[value] { return .name(profile) }
        return .unknown(value)
    }
}
