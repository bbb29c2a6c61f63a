import GRDB
import PromptPresets
import PromptPresetsStorage

extension SQLiteStore {
    /// The primary-key lookup of one binding; a partial load makes at most three of these.
    static let bindingLookupSQL = "SELECT preset_id FROM binding WHERE scope = ? AND key = ?"

    /// Reads the state and its version into domain values, inside one read transaction.
    static func fetchSnapshot(_ db: Database, catalog: Catalog, bindingsFor context: Context?) throws -> Snapshot {
        let version = try StoreStateRecord.fetch(db).storeVersion
        let bindings = if let context {
            try fetchBindings(db, for: context)
        } else {
            try fetchAllBindings(db)
        }
        let sessions = try EditSessionRecord.fetchAll(db).map { try $0.domainValue() }
        let profiles = try ConnectionProfileRecord.fetchAll(db).map { $0.domainValue() }
        var counters: [String: Int] = [:]
        for record in try OperationCounterRecord.fetchAll(db) {
            counters[record.operation] = try record.checkedValue()
        }
        return Snapshot(
            catalog: catalog, artifacts: try fetchArtifacts(db, ids: nil), presets: try fetchPresets(db, ids: nil),
            bindings: bindings, sessions: sessions, connectionProfiles: profiles, counters: counters, version: version)
    }

    /// The context's bindings, the presets they name and the versions those presets use: a
    /// handful of primary-key lookups, however many presets, versions and bindings the store holds.
    static func fetchResolutionSnapshot(_ db: Database, catalog: Catalog, for context: Context) throws -> Snapshot {
        let version = try StoreStateRecord.fetch(db).storeVersion
        let bindings = try fetchBindings(db, for: context)
        let presetIDs = Set(bindings.all.map(\.preset.rawValue)).subtracting([PresetID.default.rawValue]).sorted()
        let presets = try fetchPresets(db, ids: presetIDs)
        let artifactIDs = Set(presets.flatMap { $0.operations.values.map(\.rawValue) }).sorted()
        return Snapshot(
            catalog: catalog, artifacts: try fetchArtifacts(db, ids: artifactIDs), presets: presets,
            bindings: bindings, version: version)
    }

    /// The artifacts with `ids` (all with `nil`), each with its update dismissals.
    static func fetchArtifacts(_ db: Database, ids: [String]?) throws -> [Artifact] {
        var dismissalRequest = UpdateDismissalRecord.all()
        var artifactRequest = ArtifactRecord.all()
        if let ids {
            dismissalRequest = dismissalRequest.filter(ids.contains(Column("artifact_id")))
            artifactRequest = artifactRequest.filter(keys: ids)
        }
        var dismissals: [String: Set<SemanticVersion>] = [:]
        for record in try dismissalRequest.fetchAll(db) {
            dismissals[record.artifactID, default: []].insert(try record.domainValue())
        }
        return try artifactRequest.fetchAll(db).map { record in
            try record.domainValue(dismissedVersions: dismissals[record.id] ?? [])
        }
    }

    /// The presets with `ids` (all with `nil`), each with its operation map.
    static func fetchPresets(_ db: Database, ids: [String]?) throws -> [Preset] {
        var operationRequest = PresetOperationRecord.all()
        var presetRequest = PresetRecord.all()
        if let ids {
            operationRequest = operationRequest.filter(ids.contains(Column("preset_id")))
            presetRequest = presetRequest.filter(keys: ids)
        }
        var operations: [String: [String: ArtifactID]] = [:]
        for record in try operationRequest.fetchAll(db) {
            operations[record.presetID, default: [:]][record.operation] = ArtifactID(record.artifactID)
        }
        return try presetRequest.fetchAll(db).map { record in
            try record.domainValue(operations: operations[record.id] ?? [:])
        }
    }

    /// The bindings of a context's chat, character and profile, each by primary key.
    static func fetchBindings(_ db: Database, for context: Context) throws -> Bindings {
        var bindings = Bindings()
        for scope in context.scopes {
            if let preset = try fetchBinding(db, scope) { bindings[scope] = preset }
        }
        return bindings
    }

    /// The preset bound to `scope`, if any.
    static func fetchBinding(_ db: Database, _ scope: Scope) throws -> PresetID? {
        try String.fetchOne(db, sql: bindingLookupSQL, arguments: [scope.kind.rawValue, scope.key]).map(PresetID.init(rawValue:))
    }

    /// Every binding, read with a cursor (there may be millions of chat bindings).
    static func fetchAllBindings(_ db: Database) throws -> Bindings {
        var presetIDs = SharedPresetIDs()
        func fetch(_ kind: ScopeKind) throws -> [String: PresetID] {
            let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM binding WHERE scope = ?", arguments: [kind.rawValue]) ?? 0
            var result: [String: PresetID] = [:]
            result.reserveCapacity(count)
            let rows = try Row.fetchCursor(db, sql: "SELECT key, preset_id FROM binding WHERE scope = ?", arguments: [kind.rawValue])
            while let row = try rows.next() {
                // Throwing accessors: a NULL in a hand-edited file is an error, not a trap.
                let key = try row.decode(String.self, atIndex: 0)
                result[key] = presetIDs.id(try row.decode(String.self, atIndex: 1))
            }
            return result
        }
        return Bindings(chats: try fetch(.chat), characters: try fetch(.character), profiles: try fetch(.profile))
    }
}
