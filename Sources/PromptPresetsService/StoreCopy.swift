import PromptPresets

/// Copies everything one store holds into a new, empty one: between SQLite and PostgreSQL in
/// either direction (`db copy`), and a PostgreSQL store's backup into a SQLite file.
///
/// Versions, presets, bindings, counters, connection profiles, open edit sessions, the audit
/// log and the settings (the admin token's hash) arrive as they were, in one commit. What does
/// not travel: web sign-ins (browsers sign in again), the source's store version and change
/// log (the copy starts its own history), and session revisions, which restart at 1 (an editor
/// with the old session open reloads it).
public enum StoreCopy {
    public struct Summary: Sendable, Equatable {
        public var presets: Int
        public var versions: Int
        public var bindings: Int
        public var sessions: Int
        public var auditEntries: Int
        public var settings: Int
    }

    /// The target already holds presets or versions: a copy never merges into a store.
    public struct TargetNotEmpty: Error, Equatable, CustomStringConvertible {
        public var location: String
        public var presets: Int
        public var versions: Int

        public var description: String {
            "The store \(location) is not empty (\(presets) presets, \(versions) versions); copy into a new store. Nothing was written."
        }
    }

    /// - Throws: `TargetNotEmpty` when `target` already holds anything (nothing is written).
    @discardableResult
    public static func copy(from source: any ManagedStore, to target: any ManagedStore, catalog: Catalog) async throws -> Summary {
        let existing = try await target.status()
        guard existing.storeVersion == .empty, existing.presets == 0, existing.artifacts == 0 else {
            throw TargetNotEmpty(location: target.location, presets: existing.presets, versions: existing.artifacts)
        }
        let snapshot = try await source.load(catalog: catalog)
        let audit = try await source.fullAuditLog()
        let settings = try await source.settings()

        var changes: [Change] = []
        changes += snapshot.artifacts.values.sorted { $0.id.rawValue < $1.id.rawValue }.map(Change.insertArtifact)
        changes += snapshot.presets.values.sorted { $0.id.rawValue < $1.id.rawValue }.map(Change.insertPreset)
        changes += snapshot.counters.sorted { $0.key < $1.key }.map { Change.setCounter(operation: $0.key, value: $0.value) }
        changes += snapshot.connectionProfiles.values.sorted { $0.id < $1.id }.map(Change.putConnectionProfile)
        changes += snapshot.bindings.all.map(Change.setBinding)
        changes += snapshot.sessions.values.sorted { $0.id.rawValue < $1.id.rawValue }.map { session in
            var copy = session
            copy.revision = 1
            return Change.putSession(copy)
        }
        changes += audit.map(Change.appendAudit)
        _ = try await target.commit(changes, basedOn: .empty)
        for (key, value) in settings.sorted(by: { $0.key < $1.key }) {
            try await target.setSetting(key, to: value)
        }
        return Summary(
            presets: snapshot.presets.count, versions: snapshot.artifacts.count, bindings: snapshot.bindings.count,
            sessions: snapshot.sessions.count, auditEntries: audit.count, settings: settings.count)
    }
}
