import GRDB

/// A row of `operation_counter`: the highest version number ever given out for an operation.
struct OperationCounterRecord: Codable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "operation_counter"

    var operation: String
    var lastNumber: Int

    enum CodingKeys: String, CodingKey {
        case operation
        case lastNumber = "last_number"
    }
}
