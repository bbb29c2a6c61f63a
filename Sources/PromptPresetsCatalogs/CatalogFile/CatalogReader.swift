import Foundation
import PromptPresets

/// Builds a `Catalog` from a catalog document, checking everything `OperationDefinition` and
/// `Catalog` take as preconditions first: a file is input, so a mistake in it is a problem
/// with a path, never a trap.
struct CatalogReader {
    private var reader = DocumentReader()

    /// The catalog `document` declares, or `nil` when it has errors; the problems found either way.
    static func read(_ document: JSONValue) -> (Catalog?, [CatalogProblem]) {
        var builder = CatalogReader()
        let catalog = builder.catalog(document)
        let problems = builder.reader.problems
        return (builder.reader.hasErrors ? nil : catalog, problems)
    }

    /// Names of catalogs and keys of operations: they appear in stores, URLs and command lines.
    static func isValidName(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 100
            && text.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0)) }
    }

    private mutating func catalog(_ document: JSONValue) -> Catalog? {
        guard let root = reader.object(document, at: "$", allowed: ["format", "format_version", "name", "operations"]) else { return nil }
        // A file of another kind, or from a newer program, is refused before anything else is read.
        guard let marker = reader.string(root, "format") else { return nil }
        guard marker == CatalogDocument.formatMarker else {
            reader.error(root.path("format"), "expected '\(CatalogDocument.formatMarker)', found '\(marker)'; this is not a catalog file")
            return nil
        }
        guard let version = reader.int(root, "format_version") else { return nil }
        guard version == CatalogDocument.formatVersion else {
            reader.error(root.path("format_version"),
                         "version \(version) is not supported; this program reads version \(CatalogDocument.formatVersion)")
            return nil
        }
        let name = reader.string(root, "name")
        if let name, !Self.isValidName(name) {
            reader.error(root.path("name"), "'\(name)' is not a valid catalog name (1 to 100 ASCII letters, digits, '-', '_' or '.')")
        }
        guard let elements = reader.array(root, "operations") else { return nil }
        if elements.isEmpty { reader.error(root.path("operations"), "a catalog needs at least one operation") }
        var operations: [OperationDefinition] = []
        var firstPathOfKey: [String: String] = [:]
        for (element, path) in elements {
            guard let operation = operation(element, at: path) else { continue }
            if let first = firstPathOfKey[operation.key] {
                reader.error("\(path).key", "duplicate operation key '\(operation.key)' (first at \(first))")
                continue
            }
            firstPathOfKey[operation.key] = path
            operations.append(operation)
        }
        guard let name, !reader.hasErrors else { return nil }
        return Catalog(name: name, operations: operations)
    }

    private mutating func operation(_ value: JSONValue, at path: String) -> OperationDefinition? {
        guard let members = reader.object(
            value, at: path, allowed: ["key", "title", "description", "fields", "variables", "defaults"])
        else { return nil }
        let key = reader.string(members, "key")
        if let key, !Self.isValidName(key) {
            reader.error(members.path("key"), "'\(key)' is not a valid operation key (1 to 100 ASCII letters, digits, '-', '_' or '.')")
        }
        let title = reader.string(members, "title")
        if title?.isEmpty == true { reader.error(members.path("title"), "must not be empty") }
        let description = reader.string(members, "description", default: "")
        let specs = reader.array(members, "fields").flatMap { fieldSpecs($0, at: members.path("fields")) }
        if specs?.isEmpty == true { reader.error(members.path("fields"), "an operation needs at least one field") }
        let variables = reader.array(members, "variables", isOptional: true).flatMap { templateVariables($0) }
        // The defaults are read even when the fields or variables are broken, so one pass reports
        // everything; their configs can only be checked against a schema that loaded.
        let history = reader.array(members, "defaults").flatMap { elements in
            defaults(elements, at: members.path("defaults"),
                     schema: specs.flatMap { $0.isEmpty ? nil : FieldSchema($0) }, variables: variables)
        }
        guard let key, let title, let description, let specs, let variables, let history else { return nil }
        return OperationDefinition(
            key: key, title: title, description: description, schema: FieldSchema(specs),
            variables: variables, history: history)
    }

    // MARK: Fields

    private mutating func fieldSpecs(_ elements: [(JSONValue, String)], at path: String) -> [FieldSpec]? {
        var specs: [FieldSpec] = []
        var firstPathOfKey: [String: String] = [:]
        var isComplete = true
        for (element, elementPath) in elements {
            guard let spec = fieldSpec(element, at: elementPath) else { isComplete = false; continue }
            if let first = firstPathOfKey[spec.key] {
                reader.error("\(elementPath).key", "duplicate field key '\(spec.key)' (first at \(first))")
                isComplete = false
                continue
            }
            firstPathOfKey[spec.key] = elementPath
            specs.append(spec)
        }
        return isComplete ? specs : nil
    }

    private mutating func fieldSpec(_ value: JSONValue, at path: String) -> FieldSpec? {
        let common = ["key", "title", "kind", "optional", "nullable"]
        // The kind decides which other keys belong; read it first to check them.
        let kindName = value.objectValue?["kind"]?.stringValue
        let extra: [String] = switch kindName {
        case CatalogDocument.Kind.text: ["max_length", "multiline"]
        case CatalogDocument.Kind.integer: ["min", "max"]
        case CatalogDocument.Kind.list: ["max_count", "fields"]
        case CatalogDocument.Kind.record: ["fields"]
        case CatalogDocument.Kind.boolean, CatalogDocument.Kind.connectionProfile: []
        // An unknown or missing kind is reported once; the keys of the kinds it may have meant are not.
        default: ["max_length", "multiline", "min", "max", "max_count", "fields"]
        }
        guard let members = reader.object(value, at: path, allowed: common + extra) else { return nil }
        let key = reader.string(members, "key")
        if key?.isEmpty == true { reader.error(members.path("key"), "must not be empty") }
        let title = reader.string(members, "title")
        let isOptional = reader.bool(members, "optional", default: false)
        let isNullable = reader.bool(members, "nullable", default: false)
        guard let kindText = reader.string(members, "kind") else { return nil }
        var kind: FieldKind?
        switch kindText {
        case CatalogDocument.Kind.text:
            let maxLength = reader.int(members, "max_length", default: FieldKind.defaultMaxLength)
            let isMultiline = reader.bool(members, "multiline", default: false)
            if let maxLength, maxLength < 1 { reader.error(members.path("max_length"), "must be at least 1, found \(maxLength)") }
            if let maxLength, maxLength >= 1, let isMultiline { kind = .text(maxLength: maxLength, isMultiline: isMultiline) }
        case CatalogDocument.Kind.boolean:
            kind = .boolean
        case CatalogDocument.Kind.integer:
            let minimum = reader.int(members, "min", default: Int.min)
            let maximum = reader.int(members, "max", default: Int.max)
            if let minimum, let maximum {
                if minimum <= maximum {
                    kind = .integer(minimum...maximum)
                } else {
                    reader.error(members.path("max"), "\(maximum) is below min \(minimum)")
                }
            }
        case CatalogDocument.Kind.connectionProfile:
            kind = .connectionProfile
        case CatalogDocument.Kind.list:
            let maxCount = reader.int(members, "max_count", default: FieldKind.defaultMaxCount)
            if let maxCount, maxCount < 0 { reader.error(members.path("max_count"), "must not be negative, found \(maxCount)") }
            let specs = reader.array(members, "fields").flatMap { fieldSpecs($0, at: members.path("fields")) }
            if specs?.isEmpty == true { reader.error(members.path("fields"), "a list needs at least one field") }
            if let maxCount, maxCount >= 0, let specs, !specs.isEmpty { kind = .list(of: specs, maxCount: maxCount) }
        case CatalogDocument.Kind.record:
            let specs = reader.array(members, "fields").flatMap { fieldSpecs($0, at: members.path("fields")) }
            if specs?.isEmpty == true { reader.error(members.path("fields"), "a record needs at least one field") }
            if let specs, !specs.isEmpty { kind = .record(specs) }
        default:
            reader.error(members.path("kind"),
                         "unknown field kind '\(kindText)' (expected one of: \(CatalogDocument.Kind.all.joined(separator: ", ")))")
        }
        guard let key, !key.isEmpty, let title, let isOptional, let isNullable, let kind else { return nil }
        return FieldSpec(key, title: title, kind: isNullable ? .nullable(kind) : kind, isOptional: isOptional)
    }

    // MARK: Variables

    private mutating func templateVariables(_ elements: [(JSONValue, String)]) -> [TemplateVariable]? {
        var variables: [TemplateVariable] = []
        var firstPathOfName: [String: String] = [:]
        var isComplete = true
        for (element, path) in elements {
            guard let members = reader.object(element, at: path, allowed: ["name", "description", "required"]),
                  let name = reader.string(members, "name"),
                  let description = reader.string(members, "description", default: ""),
                  let isRequired = reader.bool(members, "required", default: false)
            else { isComplete = false; continue }
            // Exactly the names `Template.variables` finds between the braces.
            guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }) else {
                reader.error(members.path("name"), "'\(name)' is not a variable name (letters, digits, '_' and '.')")
                isComplete = false
                continue
            }
            if let first = firstPathOfName[name] {
                reader.error(members.path("name"), "duplicate variable '\(name)' (first at \(first))")
                isComplete = false
                continue
            }
            firstPathOfName[name] = path
            variables.append(TemplateVariable(name, description, isRequired: isRequired))
        }
        return isComplete ? variables : nil
    }

    // MARK: Default history

    private mutating func defaults(
        _ elements: [(JSONValue, String)], at path: String, schema: FieldSchema?, variables: [TemplateVariable]?
    ) -> [DefaultVersion]? {
        if elements.isEmpty {
            reader.error(path, "an operation needs at least one default version")
            return nil
        }
        var history: [DefaultVersion] = []
        var isComplete = true
        var previous: (version: SemanticVersion, path: String)?
        for (index, (element, elementPath)) in elements.enumerated() {
            let isCurrent = index == elements.count - 1
            let (version, entry) = defaultVersion(element, at: elementPath, schema: schema, variables: variables, isCurrent: isCurrent)
            if let version {
                if let previous, version <= previous.version {
                    let relation = version == previous.version ? "repeats" : "is older than"
                    reader.error("\(elementPath).version",
                                 "\(version) \(relation) \(previous.version) at \(previous.path); versions must increase, oldest first")
                    isComplete = false
                }
                previous = (version, "\(elementPath).version")
            }
            guard let entry else { isComplete = false; continue }
            history.append(entry)
        }
        if let schema, let variables {
            warnAboutVariables(ofOlder: history.dropLast(), at: path, schema: schema, variables: variables)
        }
        return isComplete ? history : nil
    }

    /// One warning for the variables the older defaults use without declaring, or leave out
    /// though required: worth a look, but history is not rewritten.
    private mutating func warnAboutVariables(
        ofOlder entries: ArraySlice<DefaultVersion>, at path: String, schema: FieldSchema, variables: [TemplateVariable]
    ) {
        var versions: [String] = []
        var undeclared: [String] = []
        var unused: [String] = []
        for entry in entries {
            let findings = Template.lint(entry.config, schema: schema, variables: variables)
            if !findings.isEmpty { versions.append(entry.version.description) }
            for finding in findings {
                switch finding.kind {
                case .unknownVariable: if !undeclared.contains(finding.variable) { undeclared.append(finding.variable) }
                case .missingRequiredVariable: if !unused.contains(finding.variable) { unused.append(finding.variable) }
                }
            }
        }
        guard !versions.isEmpty else { return }
        var parts: [String] = []
        if !undeclared.isEmpty { parts.append("use undeclared " + undeclared.map { "{{\($0)}}" }.joined(separator: ", ")) }
        if !unused.isEmpty { parts.append("leave out required " + unused.map { "{{\($0)}}" }.joined(separator: ", ")) }
        reader.warning(path, "older defaults \(versions.joined(separator: ", ")) \(parts.joined(separator: " and ")); they are kept as shipped")
    }

    private mutating func defaultVersion(
        _ value: JSONValue, at path: String, schema: FieldSchema?, variables: [TemplateVariable]?, isCurrent: Bool
    ) -> (SemanticVersion?, DefaultVersion?) {
        guard let members = reader.object(value, at: path, allowed: ["version", "date", "changelog", "config"]) else { return (nil, nil) }
        var version: SemanticVersion?
        if let number = members["version"], case .double = number {
            // YAML reads `version: 1.0` as a number.
            reader.error(members.path("version"), "expected a version like 1.2.0, found a number; write all three parts")
        } else if let text = reader.string(members, "version") {
            version = SemanticVersion(text)
            if version == nil { reader.error(members.path("version"), "'\(text)' is not a version like 1.2.0") }
        }
        let date = reader.string(members, "date")
        if let date, !Self.isCalendarDate(date) {
            reader.error(members.path("date"), "'\(date)' is not a date like 2026-01-15")
        }
        let changelog = reader.strings(members, "changelog", isOptional: true)
        guard let configValue = members["config"] else {
            reader.error(members.path("config"), "missing")
            return (version, nil)
        }
        guard let fields = configValue.objectValue else {
            reader.error(members.path("config"), "expected an object, found \(configValue.kindDescription)")
            return (version, nil)
        }
        let config = Config(fields)
        guard let schema else { return (version, nil) }
        let issues = schema.issues(in: config, root: members.path("config"))
        for issue in issues { reader.error(issue.path, issue.problem) }
        // The current default is what users get: its variables must be right. Older ones are
        // history and stay as shipped, even if the operation has renamed its variables since;
        // `defaults` sums up what they do in one warning.
        if isCurrent, let variables {
            for warning in Template.lint(config, schema: schema, variables: variables) {
                let message = switch warning.kind {
                case .unknownVariable: "uses {{\(warning.variable)}}, which the operation does not declare in variables"
                case .missingRequiredVariable: "does not use the required variable {{\(warning.variable)}}"
                }
                reader.error(members.path("config") + ".\(warning.field)", message + " (this is the current default)")
            }
        }
        guard let version, let date, Self.isCalendarDate(date), let changelog, issues.isEmpty else { return (version, nil) }
        return (version, DefaultVersion(version, date: date, changelog: changelog, config: config))
    }

    /// Whether `text` is an ISO 8601 calendar date (`2026-01-15`) that exists.
    static func isCalendarDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), day >= 1
        else { return false }
        let isLeap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, isLeap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        return day <= days
    }
}

extension FieldKind {
    /// The `max_length` of a text field that does not give one: 1 MiB characters, like prompts.
    static let defaultMaxLength = 1 << 20
    /// The `max_count` of a list field that does not give one.
    static let defaultMaxCount = 1_000
}
