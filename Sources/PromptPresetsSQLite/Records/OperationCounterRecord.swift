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

    /// The counter's value, refusing one the domain could not raise.
    func checkedValue() throws -> Int {
        try StoredNumber.checked(lastNumber, "last_number", in: "operation_counter of '\(operation)'")
    }
}
