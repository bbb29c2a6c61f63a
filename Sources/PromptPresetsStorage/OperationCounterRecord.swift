
/// A row of `operation_counter`: the highest version number ever given out for an operation.
package struct OperationCounterRecord: Codable, Hashable, Sendable {
    package var operation: String
    package var lastNumber: Int

    enum CodingKeys: String, CodingKey {
        case operation
        case lastNumber = "last_number"
    }

    /// The counter's value, refusing one the domain could not raise.
    package func checkedValue() throws -> Int {
        try StoredNumber.checked(lastNumber, "last_number", in: "operation_counter of '\(operation)'")
    }

    /// The row's columns as they are stored.
    package init(operation: String, lastNumber: Int) {
        self.operation = operation
        self.lastNumber = lastNumber
    }
}
