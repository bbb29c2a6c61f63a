/// One entry of an operation's default history: a shipped config and why it changed.
public struct DefaultVersion: Sendable, Equatable {
    public var version: SemanticVersion
    /// ISO 8601 date (`2025-11-12`) the version shipped.
    public var date: String
    public var changelog: [String]
    public var config: Config

    public init(_ version: SemanticVersion, date: String, changelog: [String], config: Config) {
        self.version = version
        self.date = date
        self.changelog = changelog
        self.config = config
    }
}

/// One kind of LLM call a host application makes, declared in code (§2.1).
///
/// A class so the resolution hot path shares one instance instead of copying its fields;
/// every property is a constant, so it is as immutable as a value.
public final class OperationDefinition: Sendable {
    public let key: String
    public let title: String
    public let description: String
    public let schema: FieldSchema
    public let variables: [TemplateVariable]
    /// Oldest first; the last entry is the current default.
    public let history: [DefaultVersion]
    /// `changelogs[i]` holds the changelog lines of every version after `history[i]`,
    /// precomputed so resolution can hand them out without allocating.
    private let changelogs: [[String]]
    private let allChangelog: [String]

    /// - Precondition: `history` is non-empty, strictly increasing, and every config is valid
    ///   against `schema`; a catalog is code, so a mistake here is a programming error.
    public init(
        key: String, title: String, description: String, schema: FieldSchema,
        variables: [TemplateVariable] = [], history: [DefaultVersion]
    ) {
        precondition(!history.isEmpty, "\(key): a default history needs at least one version")
        precondition(zip(history, history.dropFirst()).allSatisfy { $0.version < $1.version },
                     "\(key): default versions must increase")
        for entry in history {
            let issues = schema.issues(in: entry.config, root: "\(key)@\(entry.version)")
            precondition(issues.isEmpty, "invalid default: \(issues)")
        }
        self.key = key
        self.title = title
        self.description = description
        self.schema = schema
        self.variables = variables
        self.history = history
        self.current = history[history.count - 1]
        self.changelogs = history.indices.map { index in
            history[(index + 1)...].flatMap { entry in entry.changelog.map { "\(entry.version): \($0)" } }
        }
        self.allChangelog = history.flatMap { entry in entry.changelog.map { "\(entry.version): \($0)" } }
    }

    /// The default a user gets who never customised this operation.
    public let current: DefaultVersion

    /// The default that shipped as `version`, if any did.
    public func defaultVersion(_ version: SemanticVersion) -> DefaultVersion? {
        history.first { $0.version == version }
    }

    /// The newest default version whose config equals `config`, if any.
    public func defaultVersion(matching config: Config) -> DefaultVersion? {
        history.last { $0.config == config }
    }

    /// Changelog lines of every default newer than `version` (all of them when unknown).
    public func changelog(since version: SemanticVersion?) -> [String] {
        guard let version else { return allChangelog }
        guard let index = history.lastIndex(where: { $0.version <= version }) else { return allChangelog }
        return changelogs[index]
    }

    /// Whether this is a data-only operation (no prompt field), like `entity_types`.
    public var hasPrompt: Bool { schema.field("prompt") != nil }
}

/// The operations a host application declares, in display order (§2).
public struct Catalog: Sendable {
    public let name: String
    public let operations: [OperationDefinition]
    /// Keys by UTF-8 length: a catalog has a dozen operations, so finding one by its length
    /// and one comparison beats hashing it on the resolve path.
    private let keysByLength: [[(key: String, position: Int)]]

    /// - Precondition: operation keys are unique.
    public init(name: String, operations: [OperationDefinition]) {
        var byLength: [[(key: String, position: Int)]] = []
        for (position, operation) in operations.enumerated() {
            let length = operation.key.utf8.count
            if byLength.count <= length { byLength += Array(repeating: [], count: length + 1 - byLength.count) }
            precondition(!byLength[length].contains { $0.key == operation.key }, "duplicate operation key \(operation.key)")
            byLength[length].append((operation.key, position))
        }
        self.name = name
        self.operations = operations
        self.keysByLength = byLength
    }

    public var operationKeys: [String] { operations.map(\.key) }

    /// The position of the operation named `key` in `operations`.
    func position(of key: String) -> Int? {
        let length = key.utf8.count
        guard length < keysByLength.count else { return nil }
        for candidate in keysByLength[length] where candidate.key == key { return candidate.position }
        return nil
    }

    public subscript(key: String) -> OperationDefinition? {
        position(of: key).map { operations[$0] }
    }

    /// The operation named `key`.
    /// - Throws: `PresetError.unknownOperation`, listing the valid keys.
    public func operation(_ key: String) throws(PresetError) -> OperationDefinition {
        guard let operation = self[key] else { throw .unknownOperation(key, valid: operationKeys) }
        return operation
    }
}
