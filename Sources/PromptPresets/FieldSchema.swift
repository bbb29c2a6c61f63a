/// What one field of a config may hold.
public indirect enum FieldKind: Sendable, Equatable {
    /// Text of at most `maxLength` characters; `isMultiline` is a hint for editors.
    case text(maxLength: Int, isMultiline: Bool)
    case boolean
    case integer(ClosedRange<Int>)
    /// The id of a connection profile, or null for "use the current connection".
    case connectionProfile
    /// An array of records, each with the given fields.
    case list(of: [FieldSpec], maxCount: Int)
    /// An object with exactly the given fields.
    case record([FieldSpec])
    /// The wrapped kind, or null.
    case nullable(FieldKind)

    /// Multi-line text up to 1 MiB characters: prompts.
    public static let prompt = FieldKind.text(maxLength: 1 << 20, isMultiline: true)
    /// Multi-line text up to 1 MiB characters that starts the model's reply.
    public static let prefill = FieldKind.text(maxLength: 1 << 20, isMultiline: true)
    /// Single-line text up to 1,000 characters: completion preset names.
    public static let shortText = FieldKind.text(maxLength: 1_000, isMultiline: false)
}

/// One named field of a config schema.
public struct FieldSpec: Sendable, Equatable {
    public var key: String
    public var title: String
    public var kind: FieldKind
    /// Whether a record may leave the field out altogether (rows the host application wrote
    /// before the field existed); a present value still follows `kind`.
    public var isOptional: Bool

    public init(_ key: String, title: String, kind: FieldKind, isOptional: Bool = false) {
        self.key = key
        self.title = title
        self.kind = kind
        self.isOptional = isOptional
    }
}

/// A problem found while validating a config: where, and what.
public struct ValidationIssue: Sendable, Hashable, CustomStringConvertible {
    /// A JSON path such as `scene_recap.prompt` or `entity_types.types[2].name`.
    public var path: String
    public var problem: String

    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    public var description: String { "\(path): \(problem)" }
}

/// The fields an operation's config has, and the rules their values follow.
public struct FieldSchema: Sendable, Equatable {
    public var fields: [FieldSpec]

    public init(_ fields: [FieldSpec]) {
        self.fields = fields
    }

    /// The standard fields of a prompt operation (§2.3).
    public static let promptFields: [FieldSpec] = [
        FieldSpec("prompt", title: "Prompt", kind: .prompt),
        FieldSpec("prefill", title: "Prefill", kind: .prefill),
        FieldSpec("connection_profile", title: "Connection profile", kind: .connectionProfile),
        FieldSpec("completion_preset_name", title: "Completion preset", kind: .shortText),
        FieldSpec("include_preset_prompts", title: "Include preset prompts", kind: .boolean),
    ]

    /// A prompt operation's schema: the standard fields plus any extras.
    public static func promptOperation(extraFields: [FieldSpec] = []) -> FieldSchema {
        FieldSchema(promptFields + extraFields)
    }

    public func field(_ key: String) -> FieldSpec? {
        fields.first { $0.key == key }
    }

    /// Keys of the fields holding prompt text, which template variables are linted in.
    public var promptFieldKeys: [String] {
        fields.compactMap { spec in
            if case .text(_, true) = spec.kind, spec.key.hasSuffix("prompt") { return spec.key }
            return nil
        }
    }

    /// Every problem with `config`, each with a path starting at `root`. Empty means valid.
    public func issues(in config: Config, root: String) -> [ValidationIssue] {
        FieldSchema.issues(in: config.fields, specs: fields, path: root)
    }

    private static func issues(in members: [String: JSONValue], specs: [FieldSpec], path: String) -> [ValidationIssue] {
        var found: [ValidationIssue] = []
        for spec in specs {
            let fieldPath = path.isEmpty ? spec.key : "\(path).\(spec.key)"
            guard let value = members[spec.key] else {
                if spec.isOptional { continue }
                found.append(ValidationIssue(path: fieldPath, problem: "missing field"))
                continue
            }
            found += issues(in: value, kind: spec.kind, path: fieldPath)
        }
        let known = Set(specs.map(\.key))
        for key in members.keys.sorted() where !known.contains(key) {
            let fieldPath = path.isEmpty ? key : "\(path).\(key)"
            found.append(ValidationIssue(
                path: fieldPath,
                problem: "unknown field (expected one of: \(specs.map(\.key).joined(separator: ", ")))"))
        }
        return found
    }

    private static func issues(in value: JSONValue, kind: FieldKind, path: String) -> [ValidationIssue] {
        func wrongType(_ expected: String) -> [ValidationIssue] {
            [ValidationIssue(path: path, problem: "expected \(expected), found \(value.kindDescription)")]
        }
        switch kind {
        case .text(let maxLength, _):
            guard let text = value.stringValue else { return wrongType("a string") }
            if text.count > maxLength {
                return [ValidationIssue(path: path, problem: "text is \(text.count) characters long; the limit is \(maxLength)")]
            }
            return []
        case .boolean:
            return value.boolValue == nil ? wrongType("a boolean") : []
        case .integer(let range):
            guard let number = value.intValue else { return wrongType("an integer") }
            return range.contains(number) ? [] : [ValidationIssue(
                path: path, problem: "\(number) is outside \(range.lowerBound)...\(range.upperBound)")]
        case .connectionProfile:
            switch value {
            case .null: return []
            case .string(let id) where !id.isEmpty && id.count <= 200: return []
            default: return wrongType("a connection profile id or null")
            }
        case .list(let specs, let maxCount):
            guard let elements = value.arrayValue else { return wrongType("an array") }
            if elements.count > maxCount {
                return [ValidationIssue(path: path, problem: "\(elements.count) entries; the limit is \(maxCount)")]
            }
            var found: [ValidationIssue] = []
            for (index, element) in elements.enumerated() {
                let elementPath = "\(path)[\(index)]"
                guard let members = element.objectValue else {
                    found.append(ValidationIssue(path: elementPath, problem: "expected an object, found \(element.kindDescription)"))
                    continue
                }
                found += issues(in: members, specs: specs, path: elementPath)
            }
            return found
        case .record(let specs):
            guard let members = value.objectValue else { return wrongType("an object") }
            return issues(in: members, specs: specs, path: path)
        case .nullable(let wrapped):
            return value == .null ? [] : issues(in: value, kind: wrapped, path: path)
        }
    }
}
