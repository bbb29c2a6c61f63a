// Two catalogs are equal when they declare the same thing: a catalog written to a file and
// read back must compare equal to the one in code.

extension OperationDefinition: Equatable {
    public static func == (lhs: OperationDefinition, rhs: OperationDefinition) -> Bool {
        lhs === rhs || (lhs.key == rhs.key && lhs.title == rhs.title && lhs.description == rhs.description
            && lhs.schema == rhs.schema && lhs.variables == rhs.variables && lhs.history == rhs.history)
    }
}

extension Catalog: Equatable {
    public static func == (lhs: Catalog, rhs: Catalog) -> Bool {
        lhs.name == rhs.name && lhs.operations == rhs.operations
    }
}
