import Foundation

/// Choices the caller makes about an import.
public struct ImportOptions: Sendable, Hashable {
    /// Import the rest of a file whose operations the catalog does not all know, instead of refusing it.
    public var skipUnknownOperations: Bool
    /// Fingerprints (`ImportOptions.fingerprint`) of values a host application shipped as its own
    /// defaults: a version whose every field is the catalog's default or one of these is not a
    /// customisation and maps to the default.
    public var hostDefaults: Set<String>

    public init(skipUnknownOperations: Bool = false, hostDefaults: Set<String> = []) {
        self.skipUnknownOperations = skipUnknownOperations
        self.hostDefaults = hostDefaults
    }

    /// The SHA-256 a value is fingerprinted by (a string's UTF-8, any other value's canonical
    /// JSON), keyed by operation and field: `scene_recap/prompt/<hex>`.
    public static func fingerprint(operation: String, field: String, value: JSONValue) -> String {
        "\(operation)/\(field)/\(digest(value))"
    }

    /// The SHA-256 of a value: a string's UTF-8, any other value's canonical JSON.
    public static func digest(_ value: JSONValue) -> String {
        if case .string(let text) = value { return Checksum.sha256Hex(text.utf8) }
        return Checksum.sha256Hex(value.canonicalText.utf8)
    }
}

/// What an import will do (or did), for people: every preset, version and mapping, and every warning.
public struct ImportReport: Sendable, Hashable {
    /// A preset from the file and the name it gets (" (1)", " (2)", … on a collision).
    public struct PresetName: Sendable, Hashable {
        public var originalName: String
        public var finalName: String

        public init(originalName: String, finalName: String) {
            self.originalName = originalName
            self.finalName = finalName
        }
    }

    /// A version from the file and the stored version it becomes or reuses.
    public struct ArtifactName: Sendable, Hashable {
        public var operation: String
        /// The name in the file.
        public var sourceName: String
        /// The name of the version created or reused.
        public var name: String

        public init(operation: String, sourceName: String, name: String) {
            self.operation = operation
            self.sourceName = sourceName
            self.name = name
        }
    }

    /// A version from the file that maps to the operation's default.
    public struct DefaultMapping: Sendable, Hashable {
        public var operation: String
        public var sourceName: String
        /// The default version the config equals; `nil` when the file called it `Default`.
        public var matchedVersion: SemanticVersion?

        public init(operation: String, sourceName: String, matchedVersion: SemanticVersion?) {
            self.operation = operation
            self.sourceName = sourceName
            self.matchedVersion = matchedVersion
        }
    }

    public var createdPresets: [PresetName] = []
    public var createdArtifacts: [ArtifactName] = []
    /// Versions whose config equals a stored version of the same operation, which is used instead.
    public var reusedArtifacts: [ArtifactName] = []
    public var defaultMappings: [DefaultMapping] = []
    /// Operations the catalog does not know, left out because the caller asked to skip them.
    public var skippedOperations: [String] = []
    /// Unknown connection-profile names, ignored fields and template-variable lint, one sentence each.
    public var warnings: [String] = []

    public init() {}
}

/// A planned import: hand `plan` to `Snapshot.install(_:_:)` to write it, show `report` to the user.
public struct ImportPlanResult: Sendable, Hashable {
    public var plan: InstallPlan
    public var report: ImportReport

    public init(plan: InstallPlan, report: ImportReport) {
        self.plan = plan
        self.report = report
    }
}

extension Snapshot {
    /// Plans the import of a file in either format, told apart by its `format` or `format_version` key.
    ///
    /// ```swift
    /// let planned = try snapshot.planImport(data, options: ImportOptions())
    /// let outcome = try snapshot.install(planned.plan, environment)
    /// ```
    /// - Throws: `SharingError`, naming what is wrong and where; nothing is planned then.
    public func planImport(_ data: Data, options: ImportOptions) throws(SharingError) -> ImportPlanResult {
        let document: JSONValue
        do {
            document = try StrictJSON.parse(data, limits: .import)
        } catch {
            throw .parse(error)
        }
        return try planImport(document, options: options)
    }

    /// Plans the import of a parsed file in either format; see `planImport(_:options:)`.
    public func planImport(_ document: JSONValue, options: ImportOptions) throws(SharingError) -> ImportPlanResult {
        guard let members = document.objectValue else { throw .notAnObject(path: "$", found: document.kindDescription) }
        if members["format"] != nil { return try planBundleImport(document, options: options) }
        return try planExtensionImport(document, options: options)
    }
}

// MARK: - Shared planning

/// A version described by a file, decoded and validated, before deduplication.
struct ImportCandidate {
    var operation: String
    var sourceName: String
    var label: String?
    var description: String
    /// Complete and valid against the schema, connection profiles as ids.
    var config: Config
    /// Fields the file gave; the rest came from the current default. `nil` means all of them.
    var providedFields: Set<String>?
    var basedOn: SemanticVersion?
    /// The file calls it the default (the extension writes `artifact_name: "Default"`).
    var isNamedDefault: Bool
}

/// A preset described by a file; operations refer to candidates by index.
struct ImportPresetRequest {
    enum Reference {
        case `default`
        case candidate(Int)
    }

    var name: String
    var description: String
    var operations: [String: Reference]
}

/// Turns decoded candidates and presets into an `InstallPlan` following §7.3: reuse equal stored
/// versions, map configs equal to a default version to the default, share identical configs,
/// and name everything new uniquely.
struct ImportPlanner {
    let snapshot: Snapshot
    private(set) var plan = InstallPlan()
    var report = ImportReport()
    private var references: [Int: InstallPlan.Reference] = [:]
    private var plannedKeysByConfig: [String: [Config: String]] = [:]
    private var plannedArtifactNames: [String: Set<String>] = [:]
    private var plannedPresetNames: Set<String> = []
    private let hostDefaults: Set<String>

    init(snapshot: Snapshot, hostDefaults: Set<String> = []) {
        self.snapshot = snapshot
        self.hostDefaults = hostDefaults
    }

    mutating func addPreset(_ request: ImportPresetRequest, candidates: [ImportCandidate]) {
        var operations: [String: InstallPlan.Reference] = [:]
        for (operation, reference) in request.operations {
            switch reference {
            case .default:
                operations[operation] = .default
            case .candidate(let index):
                operations[operation] = self.reference(for: index, in: candidates)
            }
        }
        let name = Self.uniqueName(request.name, firstSuffix: 1) { name in
            Naming.isReserved(name) || snapshot.presetIDsByName[name] != nil || plannedPresetNames.contains(name)
        }
        plannedPresetNames.insert(name)
        plan.presets.append(InstallPlan.PresetEntry(
            name: name, description: request.description, operations: operations.filter { $0.value != .default }))
        report.createdPresets.append(ImportReport.PresetName(originalName: request.name, finalName: name))
    }

    /// The reference candidate `index` becomes, planning a new version the first time it is needed.
    @discardableResult
    mutating func reference(for index: Int, in candidates: [ImportCandidate]) -> InstallPlan.Reference {
        if let known = references[index] { return known }
        let candidate = candidates[index]
        let reference = makeReference(for: candidate)
        references[index] = reference
        return reference
    }

    private mutating func makeReference(for candidate: ImportCandidate) -> InstallPlan.Reference {
        guard let definition = snapshot.catalog[candidate.operation] else { return .default }
        if candidate.isNamedDefault {
            report.defaultMappings.append(.init(operation: candidate.operation, sourceName: candidate.sourceName, matchedVersion: nil))
            return .default
        }
        if let version = definition.history.last(where: { Self.matches(candidate, $0.config) }) {
            report.defaultMappings.append(.init(
                operation: candidate.operation, sourceName: candidate.sourceName, matchedVersion: version.version))
            return .default
        }
        if isHostDefault(candidate, definition) {
            report.defaultMappings.append(.init(operation: candidate.operation, sourceName: candidate.sourceName, matchedVersion: nil))
            report.warnings.append("\(candidate.operation) '\(candidate.sourceName)': the host application's own default, not a customisation; uses the default \(definition.current.version).")
            return .default
        }
        if let existing = snapshot.artifacts(of: candidate.operation).first(where: { $0.config == candidate.config }) {
            report.reusedArtifacts.append(.init(operation: candidate.operation, sourceName: candidate.sourceName, name: existing.name))
            return .existing(existing.id)
        }
        if let key = plannedKeysByConfig[candidate.operation]?[candidate.config] {
            return .new(key: key)
        }
        let name = Self.uniqueName("\(candidate.sourceName) (imported)", firstSuffix: 2) { name in
            Naming.isReserved(name) || snapshot.artifact(of: candidate.operation, named: name) != nil
                || plannedArtifactNames[candidate.operation]?.contains(name) == true
        }
        let key = "import-\(plan.artifacts.count + 1)"
        plannedArtifactNames[candidate.operation, default: []].insert(name)
        plannedKeysByConfig[candidate.operation, default: [:]][candidate.config] = key
        let basedOn = candidate.basedOn.flatMap { definition.defaultVersion($0)?.version }
        plan.artifacts.append(InstallPlan.NewArtifact(
            key: key, operation: candidate.operation, name: name, label: candidate.label,
            description: candidate.description, config: candidate.config, basedOn: basedOn, origin: .import))
        report.createdArtifacts.append(.init(operation: candidate.operation, sourceName: candidate.sourceName, name: name))
        for warning in Template.lint(candidate.config, schema: definition.schema, variables: definition.variables) {
            report.warnings.append("\(candidate.operation) '\(name)': \(warning)")
        }
        return .new(key: key)
    }

    /// Whether the candidate's given fields all equal `config`'s (fields the file left out were filled
    /// from the current default and do not count).
    /// Whether every field the file gave is the current default's value or a host default.
    private func isHostDefault(_ candidate: ImportCandidate, _ definition: OperationDefinition) -> Bool {
        guard !hostDefaults.isEmpty else { return false }
        let fields = candidate.providedFields ?? Set(candidate.config.fields.keys)
        return fields.allSatisfy { field in
            guard let value = candidate.config[field] else { return true }
            return value == definition.current.config[field]
                || hostDefaults.contains(ImportOptions.fingerprint(operation: candidate.operation, field: field, value: value))
        }
    }

    private static func matches(_ candidate: ImportCandidate, _ config: Config) -> Bool {
        guard let provided = candidate.providedFields else { return candidate.config == config }
        guard Set(candidate.config.fields.keys) == Set(config.fields.keys) else { return false }
        return provided.allSatisfy { candidate.config[$0] == config[$0] }
    }

    /// `Naming.unique`, shortening the base when the suffix would push the name past `Naming.maxLength`.
    static func uniqueName(_ base: String, firstSuffix: Int, isTaken: (String) -> Bool) -> String {
        var base = base
        while true {
            let name = Naming.unique(base, firstSuffix: firstSuffix, isTaken: isTaken)
            if name.count <= Naming.maxLength { return name }
            let shortened = String(base.prefix(max(1, base.count - (name.count - Naming.maxLength))))
                .trimmingCharacters(in: .whitespaces)
            if shortened == base || shortened.isEmpty { return name }
            base = shortened
        }
    }
}

// MARK: - Decoding helpers

/// Validation shared by the format decoders: every problem is collected with its JSON path, so a
/// file is refused with all of its problems at once and before anything is planned.
struct ImportValidator {
    var issues: [ValidationIssue] = []
    var warnings: [String] = []
    var unknownOperations: [String] = []

    mutating func problem(_ path: String, _ problem: String) {
        issues.append(ValidationIssue(path: path, problem: problem))
    }

    /// A required string.
    mutating func string(_ value: JSONValue?, at path: String) -> String? {
        guard let value else {
            problem(path, "missing field")
            return nil
        }
        guard let text = value.stringValue else {
            problem(path, "expected a string, found \(value.kindDescription)")
            return nil
        }
        return text
    }

    /// An optional string: missing or null give `nil`.
    mutating func optionalString(_ value: JSONValue?, at path: String) -> String?? {
        guard let value, value != .null else { return .some(nil) }
        guard let text = value.stringValue else {
            problem(path, "expected a string or null, found \(value.kindDescription)")
            return nil
        }
        return .some(text)
    }

    /// A preset or artifact name: trimmed, 1–120 characters, no control characters. The reserved
    /// `Default` is accepted here: the planner renames it like any other taken name.
    mutating func name(_ value: JSONValue?, at path: String) -> String? {
        guard let raw = string(value, at: path) else { return nil }
        do {
            return try Naming.validated(raw)
        } catch {
            switch error {
            case .reservedName: return raw.trimmingCharacters(in: .whitespacesAndNewlines)
            case .invalidName(_, let reason): problem(path, "invalid name: \(reason)")
            default: problem(path, error.description)
            }
            return nil
        }
    }

    /// An object at `path`, reported as a problem when it is something else.
    mutating func object(_ value: JSONValue?, at path: String) -> [String: JSONValue]? {
        guard let value else {
            problem(path, "missing field")
            return nil
        }
        guard let members = value.objectValue else {
            problem(path, "expected an object, found \(value.kindDescription)")
            return nil
        }
        return members
    }

    /// Maps the connection-profile names in `fields` (any depth, found through the schema) back to
    /// ids through the snapshot's directory. Unknown names become null with a warning; an empty
    /// name means "the current connection".
    mutating func connectionProfileIDs(
        in fields: [String: JSONValue], schema: FieldSchema, root: String, snapshot: Snapshot,
        renamed: (String) -> String = { $0 }
    ) -> [String: JSONValue] {
        ConnectionProfileFields.map(fields, specs: schema.fields, path: root, renamed: renamed) { value, path in
            switch value {
            case .null:
                return .null
            case .string(let name) where name.isEmpty:
                return .null
            case .string(let name):
                if let profile = snapshot.connectionProfile(named: name) { return .string(profile.id) }
                warnings.append("\(path): no connection profile named '\(name)' here; the current connection will be used instead.")
                return .null
            default:
                problem(path, "expected a connection profile name or null, found \(value.kindDescription)")
                return .null
            }
        }
    }

    /// Throws what was collected: unknown operations first (unless skipped), then every invalid value.
    func check(options: ImportOptions, catalog: Catalog) throws(SharingError) {
        if !unknownOperations.isEmpty && !options.skipUnknownOperations {
            throw .unknownOperations(unknownOperations, valid: catalog.operationKeys)
        }
        if !issues.isEmpty { throw .invalidValues(issues) }
    }
}

/// Connection-profile fields found through a schema, at any depth (§7.3.1: profiles travel by name).
enum ConnectionProfileFields {
    /// Every connection-profile value in `fields`, by path.
    static func values(in fields: [String: JSONValue], specs: [FieldSpec], path: String) -> [String: JSONValue] {
        var found: [String: JSONValue] = [:]
        _ = map(fields, specs: specs, path: path) { value, valuePath in
            found[valuePath] = value
            return value
        }
        return found
    }

    static func isConnectionProfile(_ kind: FieldKind) -> Bool {
        switch kind {
        case .connectionProfile: true
        case .nullable(let wrapped): isConnectionProfile(wrapped)
        default: false
        }
    }

    /// `fields` with every connection-profile value replaced by `transform(value, path)`. Top-level
    /// profile fields are read from and written to `renamed(key)` (the extension's `<key>_name`).
    static func map(
        _ fields: [String: JSONValue], specs: [FieldSpec], path: String, renamed: (String) -> String = { $0 },
        _ transform: (JSONValue, String) -> JSONValue
    ) -> [String: JSONValue] {
        var result = fields
        for spec in specs {
            if isConnectionProfile(spec.kind) {
                let key = renamed(spec.key)
                guard let value = fields[key] else { continue }
                result[key] = nil
                result[spec.key] = transform(value, join(path, key))
                continue
            }
            guard let value = fields[spec.key] else { continue }
            result[spec.key] = map(value, kind: spec.kind, path: join(path, spec.key), transform)
        }
        return result
    }

    private static func map(_ value: JSONValue, kind: FieldKind, path: String, _ transform: (JSONValue, String) -> JSONValue) -> JSONValue {
        switch kind {
        case .record(let specs):
            guard let members = value.objectValue else { return value }
            return .object(map(members, specs: specs, path: path, transform))
        case .list(let specs, _):
            guard let elements = value.arrayValue else { return value }
            return .array(elements.enumerated().map { index, element in
                guard let members = element.objectValue else { return element }
                return .object(map(members, specs: specs, path: "\(path)[\(index)]", transform))
            })
        case .nullable(let wrapped):
            return value == .null ? value : map(value, kind: wrapped, path: path, transform)
        case .text, .boolean, .integer, .connectionProfile:
            return value
        }
    }

    /// `fields` with connection-profile ids replaced by the profiles' names (null for an id the
    /// directory does not know), top-level ones stored under `renamed(key)`.
    static func names(
        in fields: [String: JSONValue], schema: FieldSchema, snapshot: Snapshot, renamed: @escaping (String) -> String = { $0 }
    ) -> [String: JSONValue] {
        var result = map(fields, specs: schema.fields, path: "") { value, _ in
            guard let id = value.stringValue, let profile = snapshot.connectionProfiles[id] else { return .null }
            return .string(profile.name)
        }
        for spec in schema.fields where isConnectionProfile(spec.kind) && renamed(spec.key) != spec.key {
            if let value = result.removeValue(forKey: spec.key) { result[renamed(spec.key)] = value }
        }
        return result
    }

    static func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : "\(path).\(key)"
    }
}
