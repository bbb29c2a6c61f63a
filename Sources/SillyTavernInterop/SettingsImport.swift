import PromptPresets

/// Plans reading a 2.x `settings.json` into the store (§9.1): the extension's artifacts,
/// presets, stickies and global selection, and the connection manager's profiles (id, name, api).
///
/// Stored `isDefault` artifacts are skipped (defaults are code), and so is any artifact whose
/// config equals a known default version. A preset naming an artifact that does not exist uses
/// the default and is reported as dangling; a sticky to a missing preset is reported and skipped.
/// Running it again on the same file plans nothing: equal artifacts, presets and bindings are
/// reused or left alone.
///
/// ```swift
/// let settings = try SettingsFile.parse(data)
/// let (plan, report) = try planSettingsImport(settings, into: snapshot)
/// let outcome = try snapshot.install(plan, environment)
/// print(report.text)
/// ```
/// - Throws: `extensionSectionMissing`, or `wrongType` / `invalidValue` with the JSON path of the
///   first value that cannot be read. Nothing is planned then.
public func planSettingsImport(
    _ settings: JSONValue, into snapshot: Snapshot
) throws(SillyTavernError) -> (plan: InstallPlan, report: SettingsImportReport) {
    let section = try SettingsFile.extensionSection(of: settings)
    let connections = try SettingsFile.connectionProfiles(in: settings)
    let directory = ConnectionDirectory(file: connections, snapshot: snapshot)
    var builder = PlanBuilder(snapshot)
    builder.addConnectionProfiles(connections)

    // Operation → artifact name in the file → what presets naming it get.
    var references: [String: [String: InstallPlan.Reference]] = [:]
    if let raw = section["operation_artifacts"] {
        let path = JSONPath.section.appending("operation_artifacts")
        let byOperation = try SettingsFile.object(raw, at: path)
        for operation in byOperation.keys.sorted() {
            let listPath = path.appending(operation)
            guard let list = byOperation[operation]!.arrayValue else {
                builder.note(.artifact, listPath.description, .skipped,
                             "expected an array, found \(byOperation[operation]!.kindDescription); kept as it is in settings.json")
                continue
            }
            if operation == "entry_defaults", snapshot.catalog[operation] == nil {
                // The extension kept entry defaults as an operation of their own for a week (Nov 2025);
                // this catalog has them inside entity_types.
                builder.note(.artifact, "operation 'entry_defaults'", .skipped,
                             "the extension's short-lived entry_defaults operation; entity_types carries entry defaults here. \(list.count) entr\(list.count == 1 ? "y" : "ies") left in settings.json")
                continue
            }
            guard let definition = snapshot.catalog[operation] else {
                builder.note(.artifact, "operation '\(operation)'", .skipped,
                             "not an operation of the '\(snapshot.catalog.name)' catalog; \(list.count) entr\(list.count == 1 ? "y" : "ies") left in settings.json")
                continue
            }
            for (index, element) in list.enumerated() {
                let entryPath = listPath.appending(index)
                if let number = element.objectValue?["internalVersion"]?.intValue, number > 0 {
                    builder.reserve(number, for: operation)
                }
                do throws(SillyTavernError) {
                    try importArtifact(
                        element, of: definition, at: entryPath, directory: directory, references: &references, builder: &builder)
                } catch {
                    builder.note(.artifact, entryPath.description, .skipped, "\(error.description); kept as it is in settings.json")
                }
            }
        }
    }

    // File preset name → the name it has in the store.
    var presetNames: [String: String] = [Preset.defaultName: Preset.defaultName]
    if let raw = section["operations_presets"] {
        let path = JSONPath.section.appending("operations_presets")
        let presets = try SettingsFile.object(raw, at: path)
        for key in presets.keys.sorted() {
            let presetPath = path.appending(key)
            do throws(SillyTavernError) {
                let members = try SettingsFile.object(presets[key]!, at: presetPath)
                let fileName = try SettingsFile.optionalString(members["name"], at: presetPath.appending("name")) ?? key
                if try bool(members["isDefault"], at: presetPath.appending("isDefault")) == true || fileName == Preset.defaultName {
                    builder.note(.preset, "'\(fileName)'", .skipped, "the built-in Default preset (defaults are code)")
                    continue
                }
                let name = try importedName(fileName, at: presetPath.appending("name"))
                let description = try SettingsFile.optionalString(members["description"], at: presetPath.appending("description")) ?? ""
                let operationsPath = presetPath.appending("operations")
                let fileOperations = try SettingsFile.object(members["operations"] ?? .object([:]), at: operationsPath)
                var operations: [String: InstallPlan.Reference] = [:]
                var notes: [String] = []
                for operation in snapshot.catalog.operationKeys {
                    guard let value = fileOperations[operation] else {
                        notes.append("\(operation) not listed → default")
                        continue
                    }
                    guard let artifactName = try SettingsFile.optionalString(value, at: operationsPath.appending(operation)),
                          artifactName != Preset.defaultName
                    else { continue }
                    if let reference = references[operation]?[artifactName] {
                        operations[operation] = reference
                    } else {
                        builder.note(.preset, "'\(name)'", .dangling,
                                     "\(operation) names '\(artifactName)', which no artifact has; it uses the default")
                    }
                }
                for operation in fileOperations.keys.sorted() where snapshot.catalog[operation] == nil {
                    notes.append("unknown operation '\(operation)' ignored")
                }
                let outcome = builder.importPreset(
                    name: name, description: description, operations: operations, identity: FileIdentity(members))
                presetNames[fileName] = name
                var detail = notes
                if name != fileName { detail.insert("stored as '\(name)'", at: 0) }
                builder.note(.preset, "'\(fileName)'", outcome, detail.joined(separator: "; "))
            } catch {
                builder.note(.preset, presetPath.description, .skipped, "\(error.description); kept as it is in settings.json")
            }
        }
    }

    /// The store name of the preset a sticky names, or nil (reported) when it does not exist.
    func target(_ presetName: String) -> String? {
        if let name = presetNames[presetName] { return name }
        if (try? snapshot.preset(named: presetName)) != nil { return presetName }
        return nil
    }

    let stickies: [(key: String, kind: ScopeKind)] = [("character_sticky_presets", .character), ("chat_sticky_presets", .chat)]
    for (key, kind) in stickies {
        guard let raw = section[key] else { continue }
        let path = JSONPath.section.appending(key)
        let entries = try SettingsFile.object(raw, at: path)
        for scopeKey in entries.keys.sorted() {
            let scope = Scope(kind, scopeKey)
            let presetName: String?
            do throws(SillyTavernError) {
                presetName = try SettingsFile.optionalString(entries[scopeKey], at: path.appending(scopeKey))
            } catch {
                builder.note(.binding, path.appending(scopeKey).description, .skipped, "\(error.description); kept as it is in settings.json")
                continue
            }
            guard let presetName else {
                builder.note(.binding, scope.description, .skipped, "no preset selected")
                continue
            }
            guard let name = target(presetName) else {
                builder.note(.binding, scope.description, .skipped, "preset '\(presetName)' no longer exists")
                continue
            }
            builder.note(.binding, scope.description, builder.bind(scope, to: name), "→ preset '\(name)'")
        }
    }

    let globalPath = JSONPath.section.appending("active_operations_preset_global")
    if let presetName = try SettingsFile.optionalString(section["active_operations_preset_global"], at: globalPath) {
        let scope = Scope.profile(Context.defaultProfile)
        if let name = target(presetName) {
            builder.note(.binding, scope.description, builder.bind(scope, to: name), "→ preset '\(name)' (the global selection)")
        } else {
            builder.note(.binding, scope.description, .skipped, "the global selection names preset '\(presetName)', which no longer exists")
        }
    }

    let managed: Set<String> = [
        "operation_artifacts", "operations_presets", "character_sticky_presets", "chat_sticky_presets",
        "active_operations_preset_global",
    ]
    for key in section.keys.sorted() where !managed.contains(key) {
        let detail = switch key {
        case "profiles": "stale per-profile copies; the top-level keys are the live data"
        case "profile": "the extension's settings profile; not a prompt setting"
        default: LegacyKey.isFlatKey(key, in: snapshot.catalog)
            ? "a 1.x setting; `sillytavern migrate` reads these"
            : "not a prompt setting; left in settings.json"
        }
        builder.note(.setting, JSONPath.section.appending(key).description, .skipped, detail)
    }
    return (builder.plan, SettingsImportReport(items: builder.items))
}

/// Plans one entry of `operation_artifacts.<operation>`: a stored default is skipped, a config
/// equal to a known default maps to it, anything else becomes a version that keeps the entry's
/// name, `internalVersion`, `customLabel` and times.
/// - Throws: `wrongType` / `invalidValue` with the path of what cannot be read; nothing is planned then.
private func importArtifact(
    _ element: JSONValue, of definition: OperationDefinition, at entryPath: JSONPath, directory: ConnectionDirectory,
    references: inout [String: [String: InstallPlan.Reference]], builder: inout PlanBuilder
) throws(SillyTavernError) {
    let operation = definition.key
    let members = try SettingsFile.object(element, at: entryPath)
    let fileName = try SettingsFile.string(members["name"], at: entryPath.appending("name"))
    let subject = "\(operation) '\(fileName)'"
    if try bool(members["isDefault"], at: entryPath.appending("isDefault")) == true {
        references[operation, default: [:]][fileName] = references[operation]?[fileName] ?? .default
        builder.note(.artifact, subject, .skipped, "stored copy of the default (defaults are code)")
        return
    }
    let read = try extensionConfig(
        members, of: definition, at: entryPath, subject: subject, directory: directory, builder: &builder)
    if references[operation]?[fileName] != nil {
        builder.note(.artifact, subject, .skipped, "a second artifact with this name; presets use the first")
        return
    }
    if let version = definition.defaultVersion(matching: read) {
        references[operation, default: [:]][fileName] = .default
        builder.note(.artifact, subject, .skipped,
                     "equal to default \(version.version), not a customisation; presets naming it use the default")
        return
    }
    // Fields holding a value the extension shipped are not customisations; the version keeps
    // them as they are (nothing is lost) and is based on the current default.
    let upstream = UpstreamFingerprints.normalised(read, of: definition)
    if definition.defaultVersion(matching: upstream.config) != nil {
        references[operation, default: [:]][fileName] = .default
        builder.note(.artifact, subject, .skipped,
                     "the extension's own default (\(upstreamSummary(upstream.matches))), not a customisation; presets naming it use the default \(definition.current.version)")
        return
    }
    let config = read
    let name = try importedName(fileName, at: entryPath.appending("name"))
    let label = try SettingsFile.optionalString(members["customLabel"], at: entryPath.appending("customLabel"))
        .flatMap { try? Naming.validated($0) }
    let choice = builder.artifact(
        operation: operation, name: name, label: label, config: config, origin: .import,
        reuseAnyEqualConfig: false, identity: FileIdentity(members),
        basedOn: upstream.matches.isEmpty ? nil : definition.current.version)
    references[operation, default: [:]][fileName] = choice.reference
    let renamed = choice.name == fileName ? "" : "stored as '\(choice.name)'"
    switch choice.outcome {
    case .reused:
        builder.note(.artifact, subject, .reused, [renamed, "already stored with the same config"].filter { !$0.isEmpty }.joined(separator: ", "))
    default:
        builder.note(.artifact, subject, .created, renamed.isEmpty ? "" : "\(renamed) (the name is taken by another version)")
    }
}

/// `prompt = release 2.0.0 (commit …, date), prefill = …` for a report.
func upstreamSummary(_ matches: [String: UpstreamFingerprints.Entry]) -> String {
    matches.keys.sorted().map { "\($0) = \(matches[$0]!.source)" }.joined(separator: ", ")
}

/// A config from one stored 2.x artifact, built field by field from the operation's schema.
///
/// Missing fields take the current default's value (reported); `""` for a connection profile
/// means the current connection; a profile named instead of identified is mapped to its id;
/// a null completion preset is the empty name. Other keys of the entry are metadata.
/// - Throws: `invalidValue` with the field's path when a value breaks the schema.
func extensionConfig(
    _ members: [String: JSONValue], of definition: OperationDefinition, at path: JSONPath, subject: String,
    directory: ConnectionDirectory, builder: inout PlanBuilder
) throws(SillyTavernError) -> Config {
    var config = Config()
    var filled: [String] = []
    for spec in definition.schema.fields {
        guard var value = members[spec.key] else {
            config[spec.key] = definition.current.config[spec.key]
            filled.append(spec.key)
            continue
        }
        switch (spec.kind, value) {
        case (.connectionProfile, .string(let text)):
            switch directory.match(text) {
            case .current: value = .null
            case .id: break
            case .name(let profile):
                value = .string(profile.id)
                builder.note(.artifact, subject, .warning, "\(spec.key) named connection profile '\(profile.name)'; stored as its id")
            case .unknown:
                builder.note(.artifact, subject, .warning, "\(spec.key) is an id the connection manager does not list; kept as is")
            }
        case (.text, .null):
            value = .string("")
        default:
            break
        }
        config[spec.key] = value
    }
    if !filled.isEmpty {
        builder.note(.artifact, subject, .warning, "missing \(filled.joined(separator: ", ")); filled from the current default \(definition.current.version)")
    }
    if let issue = definition.schema.issues(in: config, root: path.description).first {
        throw .invalidValue(path: issue.path, problem: issue.problem)
    }
    return config
}

/// A name from the file as the store takes it: trimmed; a case variant of the reserved
/// `Default` on a user entry gets " (imported)".
/// - Throws: `invalidValue` for an empty, over-long or control-character name.
func importedName(_ raw: String, at path: JSONPath) throws(SillyTavernError) -> String {
    do {
        return try Naming.validated(raw)
    } catch PresetError.reservedName(let name) {
        return "\(name) (imported)"
    } catch {
        throw .invalidValue(path: path.description, problem: error.description)
    }
}

/// A boolean, or nil when absent or null.
func bool(_ value: JSONValue?, at path: JSONPath) throws(SillyTavernError) -> Bool? {
    switch value {
    case nil, .null?: return nil
    case .bool(let flag)?: return flag
    case let other?: throw .wrongType(path: path.description, expected: "a boolean", found: other.kindDescription)
    }
}

/// What `sillytavern import` planned: every artifact, preset, binding and connection profile
/// it creates, reuses, updates or skips, each dangling reference, and the keys it leaves alone.
public struct SettingsImportReport: Sendable, Hashable, Encodable, CustomStringConvertible {
    /// Everything the plan does or skips, in file order: connection profiles, artifacts, presets,
    /// bindings, then the section's other keys.
    public var items: [ReportItem]

    /// A report of the given items.
    public init(items: [ReportItem]) {
        self.items = items
    }

    /// The items with `outcome`.
    public func items(_ outcome: ReportItem.Outcome) -> [ReportItem] { items.filter { $0.outcome == outcome } }
    /// What the plan creates.
    public var created: [ReportItem] { items(.created) }
    /// What the store already has with the same content.
    public var reused: [ReportItem] { items(.reused) }
    /// What is deliberately not imported, with why.
    public var skipped: [ReportItem] { items(.skipped) }
    /// References to artifacts that do not exist (the default is used).
    public var dangling: [ReportItem] { items(.dangling) }

    /// One line per item, then a count per outcome.
    public var text: String {
        let counts = ReportItem.Outcome.allCases.compactMap { outcome -> String? in
            let count = items(outcome).count
            return count == 0 ? nil : "\(count) \(outcome.rawValue)"
        }
        return (items.map(\.line) + ["", "SillyTavern import: " + (counts.isEmpty ? "nothing found" : counts.joined(separator: ", ")) + "."])
            .joined(separator: "\n")
    }

    /// The text rendering, `text`.
    public var description: String { text }

    /// `{"items": [{kind, subject, outcome, detail}, …], "counts": {outcome: n}}` for `--json`.
    public var jsonValue: JSONValue {
        var counts: [String: JSONValue] = [:]
        for outcome in ReportItem.Outcome.allCases { counts[outcome.rawValue] = .int(items(outcome).count) }
        return .object(["items": .array(items.map(\.jsonValue)), "counts": .object(counts)])
    }

    /// Encodes `jsonValue`.
    public func encode(to encoder: any Encoder) throws {
        try jsonValue.encode(to: encoder)
    }
}
