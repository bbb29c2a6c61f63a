import PromptPresets

extension Catalog {
    /// `{name, operations: [operation]}`.
    var apiJSON: JSONValue {
        .object(["name": .string(name), "operations": .array(operations.map(\.apiJSON))])
    }
}

extension OperationDefinition {
    /// An operation with its field schema, declared variables and default history (configs left out).
    var apiJSON: JSONValue {
        .object([
            "key": .string(key),
            "title": .string(title),
            "description": .string(description),
            "hasPrompt": .bool(hasPrompt),
            "currentVersion": .string(current.version.description),
            "fields": .array(schema.fields.map(\.apiJSON)),
            "variables": .array(variables.map { variable in
                .object([
                    "name": .string(variable.name), "description": .string(variable.description),
                    "required": .bool(variable.isRequired),
                ])
            }),
            "history": .array(history.map { entry in
                .object([
                    "version": .string(entry.version.description), "date": .string(entry.date),
                    "changelog": .array(entry.changelog.map(JSONValue.string)),
                ])
            }),
        ])
    }
}

extension FieldSpec {
    /// `{key, title, kind}` where kind describes the value type.
    var apiJSON: JSONValue {
        .object(["key": .string(key), "title": .string(title), "kind": kind.apiJSON])
    }
}

extension FieldKind {
    /// `{type: text|boolean|integer|connectionProfile|list|record, …details, nullable}`.
    var apiJSON: JSONValue {
        switch self {
        case .text(let maxLength, let isMultiline):
            .object(["type": "text", "maxLength": .int(maxLength), "multiline": .bool(isMultiline), "nullable": false])
        case .boolean:
            .object(["type": "boolean", "nullable": false])
        case .integer(let range):
            .object(["type": "integer", "minimum": .int(range.lowerBound), "maximum": .int(range.upperBound), "nullable": false])
        case .connectionProfile:
            .object(["type": "connectionProfile", "nullable": true])
        case .list(let specs, let maxCount):
            .object(["type": "list", "maxCount": .int(maxCount), "fields": .array(specs.map(\.apiJSON)), "nullable": false])
        case .record(let specs):
            .object(["type": "record", "fields": .array(specs.map(\.apiJSON)), "nullable": false])
        case .nullable(let wrapped):
            {
                guard case .object(var members) = wrapped.apiJSON else { return wrapped.apiJSON }
                members["nullable"] = true
                return .object(members)
            }()
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}
