import GRDB
import PromptPresets

extension SQLiteStore {
    /// The primary-key lookup of one binding; a partial load makes at most three of these.
    static let bindingLookupSQL = "SELECT preset_id FROM binding WHERE scope = ? AND key = ?"

    /// Reads the state into domain values, inside one read transaction.
    static func fetchSnapshot(_ db: Database, catalog: Catalog, bindingsFor context: Context?) throws -> Snapshot {
        var dismissals: [String: Set<SemanticVersion>] = [:]
        for record in try UpdateDismissalRecord.fetchAll(db) {
            dismissals[record.artifactID, default: []].insert(try record.domainValue())
        }
        let artifacts = try ArtifactRecord.fetchAll(db).map { record in
            try record.domainValue(dismissedVersions: dismissals[record.id] ?? [])
        }

        var operations: [String: [String: ArtifactID]] = [:]
        for record in try PresetOperationRecord.fetchAll(db) {
            operations[record.presetID, default: [:]][record.operation] = ArtifactID(record.artifactID)
        }
        let presets = try PresetRecord.fetchAll(db).map { record in
            record.domainValue(operations: operations[record.id] ?? [:])
        }

        let bindings = if let context {
            try fetchBindings(db, for: context)
        } else {
            try fetchAllBindings(db)
        }

        let sessions = try EditSessionRecord.fetchAll(db).map { try $0.domainValue() }
        let profiles = try ConnectionProfileRecord.fetchAll(db).map { $0.domainValue() }
        var counters: [String: Int] = [:]
        for record in try OperationCounterRecord.fetchAll(db) {
            counters[record.operation] = record.lastNumber
        }
        return Snapshot(
            catalog: catalog, artifacts: artifacts, presets: presets, bindings: bindings,
            sessions: sessions, connectionProfiles: profiles, counters: counters)
    }

    /// The context's bindings, the presets they name and the versions those presets use: a
    /// handful of primary-key lookups, however many presets, versions and bindings the store holds.
    static func fetchResolutionSnapshot(_ db: Database, catalog: Catalog, for context: Context) throws -> Snapshot {
        let bindings = try fetchBindings(db, for: context)
        let presetIDs = Set(bindings.all.map(\.preset.rawValue)).subtracting([PresetID.default.rawValue]).sorted()
        let presets = try PresetRecord.filter(keys: presetIDs).fetchAll(db)
        var operations: [String: [String: ArtifactID]] = [:]
        for record in try PresetOperationRecord.filter(presetIDs.contains(Column("preset_id"))).fetchAll(db) {
            operations[record.presetID, default: [:]][record.operation] = ArtifactID(record.artifactID)
        }
        let artifactIDs = Set(operations.values.flatMap { $0.values.map(\.rawValue) }).sorted()
        var dismissals: [String: Set<SemanticVersion>] = [:]
        for record in try UpdateDismissalRecord.filter(artifactIDs.contains(Column("artifact_id"))).fetchAll(db) {
            dismissals[record.artifactID, default: []].insert(try record.domainValue())
        }
        let artifacts = try ArtifactRecord.filter(keys: artifactIDs).fetchAll(db).map { record in
            try record.domainValue(dismissedVersions: dismissals[record.id] ?? [])
        }
        return Snapshot(
            catalog: catalog, artifacts: artifacts,
            presets: presets.map { $0.domainValue(operations: operations[$0.id] ?? [:]) }, bindings: bindings)
    }

    /// The bindings of a context's chat, character and profile, each by primary key.
    static func fetchBindings(_ db: Database, for context: Context) throws -> Bindings {
        var bindings = Bindings()
        let scopes = [context.chat.map(Scope.chat), context.character.map(Scope.character), .profile(context.profile)]
        for case let scope? in scopes {
            if let preset = try String.fetchOne(db, sql: bindingLookupSQL, arguments: [scope.kind.rawValue, scope.key]) {
                bindings[scope] = PresetID(preset)
            }
        }
        return bindings
    }

    /// Every binding, read with a cursor (there may be millions of chat bindings).
    static func fetchAllBindings(_ db: Database) throws -> Bindings {
        // Most bindings point at a handful of presets: share one PresetID per preset.
        var presetIDs: [String: PresetID] = [:]
        func fetch(_ kind: ScopeKind) throws -> [String: PresetID] {
            let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM binding WHERE scope = ?", arguments: [kind.rawValue]) ?? 0
            var result: [String: PresetID] = [:]
            result.reserveCapacity(count)
            let rows = try Row.fetchCursor(db, sql: "SELECT key, preset_id FROM binding WHERE scope = ?", arguments: [kind.rawValue])
            while let row = try rows.next() {
                let key: String = row[0]
                let presetText: String = row[1]
                let preset: PresetID
                if let shared = presetIDs[presetText] {
                    preset = shared
                } else {
                    preset = PresetID(presetText)
                    presetIDs[presetText] = preset
                }
                result[key] = preset
            }
            return result
        }
        return Bindings(chats: try fetch(.chat), characters: try fetch(.character), profiles: try fetch(.profile))
    }
}
