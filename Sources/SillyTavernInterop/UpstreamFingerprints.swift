import PromptPresets

/// SHA-256 fingerprints of every default value the Auto-Recap extension has shipped (§9.6),
/// per operation and field, generated from its public history by `Scripts/upstream-fingerprints.py`
/// (the table holds no upstream text).
///
/// A value whose fingerprint is in the table is one the user never changed: import and migrate
/// treat it as "not customised" and use this catalog's default for that field instead.
///
/// ```swift
/// UpstreamFingerprints.match("scene_recap", "prompt", value)   // the release that shipped it, or nil
/// ```
public enum UpstreamFingerprints {
    /// One shipped value: where it belongs, its digest, and the first release and commit with it.
    public struct Entry: Sendable, Hashable {
        public var operation: String
        public var field: String
        public var sha256: String
        public var release: String
        public var commit: String
        public var date: String

        public init(_ operation: String, _ field: String, _ sha256: String, release: String, commit: String, date: String) {
            self.operation = operation
            self.field = field
            self.sha256 = sha256
            self.release = release
            self.commit = commit
            self.date = date
        }

        /// `release 2.0.0 (commit 8907ecb34bcc, 2025-11-13)`.
        public var source: String { "release \(release) (commit \(commit), \(date))" }
    }

    private struct Key: Hashable {
        var operation: String
        var field: String
        var sha256: String
    }

    private static let index: [Key: Entry] = {
        var index: [Key: Entry] = [:]
        for entry in table {
            let key = Key(operation: entry.operation, field: entry.field, sha256: entry.sha256)
            if index[key] == nil { index[key] = entry }  // the table lists the first release first
        }
        return index
    }()

    /// The digest a value is fingerprinted by: a string's UTF-8, any other value's canonical JSON.
    public static func digest(_ value: JSONValue) -> String { ImportOptions.digest(value) }

    /// Every fingerprint in `ImportOptions.fingerprint`'s form, for importing the extension's files.
    public static let importKeys: Set<String> = Set(table.map { "\($0.operation)/\($0.field)/\($0.sha256)" })

    /// The shipped value `value` is for `operation`'s `field`, or nil when the extension never shipped it.
    public static func match(_ operation: String, _ field: String, _ value: JSONValue) -> Entry? {
        index[Key(operation: operation, field: field, sha256: digest(value))]
    }

    /// Every fingerprint of `operation`.
    public static func entries(of operation: String) -> [Entry] {
        table.filter { $0.operation == operation }
    }

    /// `config` with every field that holds a value the extension shipped as its default replaced
    /// by this catalog's current default, and the entries that matched (empty when none did).
    /// Fields the user changed are left as they are. Connection profiles are never defaults.
    /// - Parameter lookup: where fingerprints are found; the shipped table unless a test gives its own.
    public static func normalised(
        _ config: Config, of definition: OperationDefinition,
        lookup: (String, String, JSONValue) -> Entry? = { match($0, $1, $2) }
    ) -> (config: Config, matches: [String: Entry]) {
        var result = config
        var matches: [String: Entry] = [:]
        for spec in definition.schema.fields where spec.kind != .connectionProfile {
            guard let value = config[spec.key], value != definition.current.config[spec.key],
                  let entry = lookup(definition.key, spec.key, value)
            else { continue }
            result[spec.key] = definition.current.config[spec.key]
            matches[spec.key] = entry
        }
        return (result, matches)
    }
}
