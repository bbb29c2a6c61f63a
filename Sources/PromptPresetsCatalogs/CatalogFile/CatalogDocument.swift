import PromptPresets

/// The catalog file format, version 1, as a JSON value (YAML files hold the same tree).
///
/// ```yaml
/// format: prompt-presets.catalog
/// format_version: 1
/// name: my-app
/// operations:
///   - key: summarize
///     title: Summarize
///     description: Summarises a document.
///     fields:
///       - {key: prompt, title: Prompt, kind: text, max_length: 100000, multiline: true}
///     variables:
///       - {name: document, description: The document's text., required: true}
///     defaults:
///       - version: 1.0.0
///         date: 2026-01-15
///         changelog: [First version.]
///         config: {prompt: "Summarise {{document}}."}
/// ```
enum CatalogDocument {
    /// The value of `format`: what tells a reader this is a catalog file at all.
    static let formatMarker = "prompt-presets.catalog"
    /// The value of `format_version` this program writes and reads; a reader refuses others.
    static let formatVersion = 1

    /// The names of the field kinds, as files spell them.
    enum Kind {
        static let text = "text"
        static let boolean = "boolean"
        static let integer = "integer"
        static let connectionProfile = "connection_profile"
        static let list = "list"
        static let record = "record"
        static let all = [text, boolean, integer, connectionProfile, list, record]
    }

    /// The document of `catalog`. Nested nullable kinds (never useful: null is null) are
    /// written once.
    static func value(of catalog: Catalog) -> JSONValue {
        .object([
            "format": .string(formatMarker),
            "format_version": .int(formatVersion),
            "name": .string(catalog.name),
            "operations": .array(catalog.operations.map(value(of:))),
        ])
    }

    private static func value(of operation: OperationDefinition) -> JSONValue {
        .object([
            "key": .string(operation.key),
            "title": .string(operation.title),
            "description": .string(operation.description),
            "fields": .array(operation.schema.fields.map(value(of:))),
            "variables": .array(operation.variables.map { variable in
                .object([
                    "name": .string(variable.name),
                    "description": .string(variable.description),
                    "required": .bool(variable.isRequired),
                ])
            }),
            "defaults": .array(operation.history.map { entry in
                .object([
                    "version": .string(entry.version.description),
                    "date": .string(entry.date),
                    "changelog": .array(entry.changelog.map(JSONValue.string)),
                    "config": entry.config.jsonValue,
                ])
            }),
        ])
    }

    private static func value(of spec: FieldSpec) -> JSONValue {
        var members: [String: JSONValue] = ["key": .string(spec.key), "title": .string(spec.title)]
        if spec.isOptional { members["optional"] = .bool(true) }
        var kind = spec.kind
        while case .nullable(let wrapped) = kind {
            members["nullable"] = .bool(true)
            kind = wrapped
        }
        switch kind {
        case .text(let maxLength, let isMultiline):
            members["kind"] = .string(Kind.text)
            members["max_length"] = .int(maxLength)
            members["multiline"] = .bool(isMultiline)
        case .boolean:
            members["kind"] = .string(Kind.boolean)
        case .integer(let range):
            members["kind"] = .string(Kind.integer)
            members["min"] = .int(range.lowerBound)
            members["max"] = .int(range.upperBound)
        case .connectionProfile:
            members["kind"] = .string(Kind.connectionProfile)
        case .list(let specs, let maxCount):
            members["kind"] = .string(Kind.list)
            members["max_count"] = .int(maxCount)
            members["fields"] = .array(specs.map(value(of:)))
        case .record(let specs):
            members["kind"] = .string(Kind.record)
            members["fields"] = .array(specs.map(value(of:)))
        case .nullable:
            preconditionFailure("unwrapped above")
        }
        return .object(members)
    }

    /// The order keys are written in YAML, so a file reads top-down; configs keep sorted keys.
    static let keyOrder = [
        "format", "format_version", "name", "operations",
        "key", "title", "description", "kind", "optional", "nullable", "max_length", "multiline",
        "min", "max", "max_count", "required", "fields", "variables", "defaults",
        "version", "date", "changelog", "config",
    ]
}
