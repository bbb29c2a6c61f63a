import GRDB
import PromptPresets

extension SQLiteStore {
    /// The bindings pinned to `preset`, through the index on `binding.preset_id`: what deleting
    /// the preset removes, read without loading every binding (profiles, characters, chats, each by key).
    public func bindings(to preset: PresetID) throws -> [Binding] {
        try translatingErrors { try writer.read { db in try Self.fetchBindings(db, to: preset) } }
    }

    static func fetchBindings(_ db: Database, to preset: PresetID) throws -> [Binding] {
        try Row.fetchAll(db, sql: """
            SELECT scope, key FROM binding WHERE preset_id = ?
            ORDER BY CASE scope WHEN 'profile' THEN 0 WHEN 'character' THEN 1 ELSE 2 END, key
            """, arguments: [preset.rawValue])
            .compactMap { row -> Binding? in
                guard let kind = ScopeKind(rawValue: row["scope"]) else { return nil }
                return Binding(Scope(kind, row["key"]), to: preset)
            }
    }
}
