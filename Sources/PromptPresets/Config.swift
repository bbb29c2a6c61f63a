/// The full set of field values of one operation, handled as one atomic unit.
///
/// A config is a value: copying it never shares mutable state, so a resolution handed to a
/// caller can never leak edits back into a default or a stored artifact.
public struct Config: Sendable, Hashable {
    public var fields: [String: JSONValue]

    public init(_ fields: [String: JSONValue] = [:]) {
        self.fields = fields
    }

    public subscript(field: String) -> JSONValue? {
        get { fields[field] }
        set { fields[field] = newValue }
    }

    /// The config as a JSON object.
    public var jsonValue: JSONValue { .object(fields) }

    /// Compact, key-sorted JSON: equal configs give equal texts (used for hashing in bundles).
    public var canonicalText: String { jsonValue.canonicalText }
}

extension Config: Codable {
    public init(from decoder: any Decoder) throws {
        self.init(try [String: JSONValue](from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        try fields.encode(to: encoder)
    }
}
