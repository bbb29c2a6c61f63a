import Foundation
import PromptPresets

extension JSONValue {
    static func timestamp(_ date: Date) -> JSONValue { .string(APITime.format(date)) }
}

/// ISO 8601 timestamps as the API writes them.
enum APITime {
    static func format(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}

/// Literals for JSON bodies written in code (`["limit": 5]`, `["a", "b"]`).
extension JSONValue: ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral {
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}
