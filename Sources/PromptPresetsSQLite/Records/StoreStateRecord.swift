import GRDB
import PromptPresets
import PromptPresetsStorage

/// The one row of `store_state`: the store's version and how far back the change log reaches.
struct StoreStateRecord: Codable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "store_state"

    var version: Int64
    /// The newest version whose change-log rows were trimmed.
    var logFloor: Int64

    enum CodingKeys: String, CodingKey {
        case version
        case logFloor = "log_floor"
    }

    var storeVersion: StoreVersion { StoreVersion(version) }

    /// Reads the row, refusing a missing one and impossible numbers (a version that cannot
    /// grow, a floor past the version).
    static func fetch(_ db: Database) throws -> StoreStateRecord {
        guard let state = try StoreStateRecord.fetchOne(db, sql: "SELECT version, log_floor FROM store_state WHERE id = 1") else {
            throw InvalidRecord(detail: "store_state has no row")
        }
        _ = try StoreState(version: state.version, logFloor: state.logFloor)
        return state
    }
}
