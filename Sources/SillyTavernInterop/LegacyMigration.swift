import Foundation
import PromptPresets

/// The defaults an older release of the extension shipped, so that values a user never changed
/// are recognised as "not a customisation" even though today's catalog no longer has their text.
///
/// The catalog's own default history is always consulted; these add releases the catalog does not
/// carry (the 1.x extension's texts). Fields a release lacks take the current default's value,
/// exactly as missing 1.x keys do.
public struct LegacyDefaults: Sendable, Hashable {
    /// Shown in the report: `= 1.x shipped default, not a customisation`.
    public var release: String
    /// Operation key → the field values that release shipped (`prompt`, `prefill`, …).
    public var fields: [String: [String: JSONValue]]

    /// - Parameters:
    ///   - release: the release's name for the report, e.g. `1.x`.
    ///   - fields: operation key → the field values that release shipped.
    public init(release: String, fields: [String: [String: JSONValue]]) {
        self.release = release
        self.fields = fields
    }
}

/// Plans migrating a 1.x `settings.json` (per-profile flat keys) into the store (§9.2).
///
/// For every 1.x profile (`profiles.<name>`), each operation's values are gathered from its flat
/// keys (`<op>_prompt`, `<op>_prefill`, `<op>_connection_profile`, `<op>_completion_preset`,
/// `<op>_include_preset_prompts`, `scene_recap_error_detection_preset`, `auto_scene_break_forced_*`);
/// values a profile lacks take the current default's. A config equal to a known default version
/// (the catalog's history or `legacyDefaults`) is not a customisation and maps to the default;
/// any other becomes an artifact named `<profile> (1.x)` (made unique; identical configs share one).
/// Connection profiles given by name or by id both map to the connection manager's id.
///
/// Decisions:
/// - One preset per profile, named after it (`Default` is reserved, so that profile's preset is
///   `Default (1.x)`); an equal stored preset of that name (or `name (k)`) is reused.
/// - The top-level keys are the live copy of the active profile (`profile`). When they equal that
///   profile's copy they are reported as mirroring it; when they differ they become one more
///   preset, `<active> (live settings)`, since they are what the extension was using.
/// - The active profile's preset (or the live one) is bound as the active preset of profile
///   `Default`, the profile every context without one uses; `character_profiles` and
///   `chat_profiles` become character and chat bindings to their profile's preset.
/// - Running it again plans nothing: equal artifacts and presets are reused, equal bindings kept.
///
/// The report lists every key found in the extension's section and in each profile, and where
/// it went (or why it was ignored).
/// - Throws: `extensionSectionMissing`, or `wrongType` / `invalidValue` with the path of the first
///   value that cannot be read.
public func planLegacyMigration(
    _ settings: JSONValue, into snapshot: Snapshot, legacyDefaults: [LegacyDefaults] = []
) throws(SillyTavernError) -> (plan: InstallPlan, report: MigrationReport) {
    let catalog = snapshot.catalog
    let (section, sectionPath) = try SettingsFile.migrationSection(of: settings)
    let connections = try SettingsFile.connectionProfiles(in: settings)
    let directory = ConnectionDirectory(file: connections, snapshot: snapshot)
    var builder = PlanBuilder(snapshot)
    var keys: [MigrationReport.KeyEntry] = []

    // Sources: every stored profile copy, plus the live top-level keys when they are not a mirror.
    var sources: [LegacyProfile] = []
    let profilesPath = sectionPath.appending("profiles")
    if let raw = section["profiles"] {
        let profiles = try SettingsFile.object(raw, at: profilesPath)
        for name in profiles.keys.sorted() {
            let path = profilesPath.appending(name)
            let members = try SettingsFile.object(profiles[name]!, at: path)
            sources.append(try LegacyProfile(name: name, members: members, path: path, catalog: catalog, directory: directory))
        }
    }
    let activePath = sectionPath.appending("profile")
    let active = try SettingsFile.optionalString(section["profile"], at: activePath)
    let live = try LegacyProfile(
        name: active ?? Context.defaultProfile, members: section.filter { LegacyKey($0.key, in: catalog) != nil },
        path: sectionPath, catalog: catalog, directory: directory)
    var mirrored: LegacyProfile?
    var liveIsSource = false
    if !live.values.isEmpty {
        if let active, let copy = sources.first(where: { $0.name == active }), copy.configs == live.configs {
            mirrored = copy
        } else if sources.isEmpty {
            sources.append(live)
            liveIsSource = true
        } else {
            var extra = live
            extra.name = "\(active ?? "Live settings") (live settings)"
            extra.isLiveCopy = true
            sources.append(extra)
            liveIsSource = true
        }
    }
    let isLegacy = !sources.isEmpty && sources.contains { !$0.values.isEmpty }
    if isLegacy { builder.addConnectionProfiles(connections) }

    // Each profile's operations: the default, or an artifact.
    var placements: [String: [String: Placement]] = [:]   // profile → operation → placement
    var presetNames: [String: String] = [:]               // profile → preset name
    var firstUser: [String: String] = [:]                 // artifact plan key → first profile using it
    for source in sources where isLegacy {
        let base = Naming.isReserved(source.name) ? "\(source.name) (1.x)" : source.name
        let presetBase = try importedName(base, at: source.path)
        var operations: [String: InstallPlan.Reference] = [:]
        for definition in catalog.operations {
            guard let read = source.configs[definition.key] else { continue }
            if let reason = defaultReason(read, of: definition, legacyDefaults: legacyDefaults) {
                placements[source.name, default: [:]][definition.key] = .default(reason)
                continue
            }
            // Values the extension shipped as defaults are not customisations (§9.6).
            let upstream = UpstreamFingerprints.normalised(read, of: definition)
            if definition.defaultVersion(matching: upstream.config) != nil {
                placements[source.name, default: [:]][definition.key] = .default(
                    "= the extension's own default (\(upstreamSummary(upstream.matches))), not a customisation; uses the current default \(definition.current.version)")
                continue
            }
            let config = read  // kept as it was: fields the extension shipped are only not counted as changes
            let choice = builder.artifact(
                operation: definition.key, name: "\(presetBase) (1.x)", label: presetBase, config: config,
                origin: .migration, reuseAnyEqualConfig: true,
                basedOn: upstream.matches.isEmpty ? nil : definition.current.version)
            operations[definition.key] = choice.reference
            let changed = changedFields(config, of: definition, legacyDefaults: legacyDefaults)
            let subject = "\(definition.key) '\(choice.name)'"
            let text: String
            switch (choice.outcome, choice.reference) {
            case (.reused, _):
                text = "artifact '\(choice.name)' (already stored with the same config)"
                builder.note(.artifact, subject, .reused, "profile '\(source.name)': already stored with the same config")
            case (_, .new(let key)) where choice.isShared:
                text = "artifact '\(choice.name)' (same config as profile '\(firstUser[key] ?? "?")', shared)"
                builder.note(.artifact, subject, .reused, "profile '\(source.name)': same config as profile '\(firstUser[key] ?? "?")', shared")
            default:
                if case .new(let key) = choice.reference { firstUser[key] = source.name }
                text = "new artifact '\(choice.name)'"
                builder.note(.artifact, subject, .created, "from profile '\(source.name)'; differs from the default in \(changed.joined(separator: ", "))")
            }
            placements[source.name, default: [:]][definition.key] = .artifact(text)
        }
        let preset = builder.generatedPreset(
            name: presetBase,
            description: source.isLiveCopy
                ? "Migrated from the 1.x live settings, which differed from the saved profile '\(active ?? "")'."
                : "Migrated from the 1.x profile '\(source.name)'.",
            operations: operations)
        presetNames[source.name] = preset.name
        builder.note(.preset, "'\(preset.name)'", preset.outcome == .unchanged ? .reused : preset.outcome,
                     "from \(source.isLiveCopy ? "the live settings" : "profile '\(source.name)'"); \(operations.count) customised operation\(operations.count == 1 ? "" : "s")")
    }

    /// Where one key of a source went.
    func destination(of key: String, in source: LegacyProfile, placedAs owner: LegacyProfile) -> String {
        if let reason = source.ignored[key] { return "ignored: \(reason)" }
        guard let legacy = LegacyKey(key, in: catalog) else { return "ignored: not a prompt setting (left in settings.json)" }
        let preset = presetNames[owner.name] ?? owner.name
        let placed: String = switch placements[owner.name]?[legacy.operation] {
        case .default(let reason)?: reason
        case .artifact(let text)?: "→ \(text)"
        case nil: "→ default"
        }
        let note = source.notes[key].map { " (\($0))" } ?? ""
        return "preset '\(preset)' \(legacy.operation).\(legacy.field) \(placed)\(note)"
    }

    // Every key of every profile copy.
    for source in sources where source.path != .section {
        keys.append(.init(path: source.path.description,
                          destination: isLegacy ? "profile → preset '\(presetNames[source.name] ?? source.name)'" : "ignored: no 1.x settings"))
        for key in source.members.keys.sorted() {
            keys.append(.init(path: source.path.appending(key).description, destination: destination(of: key, in: source, placedAs: source)))
        }
    }

    // Bindings: the active profile, characters and chats.
    let globalProfile: String? = liveIsSource ? sources.last?.name : mirrored?.name ?? active
    var globalDestination = "ignored: no active profile"
    if isLegacy, let globalProfile {
        let scope = Scope.profile(Context.defaultProfile)
        if let preset = presetNames[globalProfile] {
            let outcome = builder.bind(scope, to: preset)
            builder.note(.binding, scope.description, outcome, "→ preset '\(preset)' (the active 1.x profile)")
            globalDestination = "active profile → preset '\(preset)' bound to profile '\(Context.defaultProfile)'"
        } else {
            builder.note(.binding, scope.description, .skipped, "the active profile '\(globalProfile)' does not exist")
            globalDestination = "skipped: no profile named '\(globalProfile)'"
        }
    }
    let profileStickies: [(key: String, kind: ScopeKind)] = [("character_profiles", .character), ("chat_profiles", .chat)]
    var stickyDestinations: [String: String] = [:]
    for (key, kind) in profileStickies {
        guard let raw = section[key] else { continue }
        let path = sectionPath.appending(key)
        let entries = try SettingsFile.object(raw, at: path)
        for scopeKey in entries.keys.sorted() {
            let entryPath = path.appending(scopeKey)
            let scope = Scope(kind, scopeKey)
            let profile = try SettingsFile.optionalString(entries[scopeKey], at: entryPath)
            let text: String
            if !isLegacy {
                text = "ignored: no 1.x settings"
            } else if let profile, let preset = presetNames[profile] {
                let outcome = builder.bind(scope, to: preset)
                builder.note(.binding, scope.description, outcome, "→ preset '\(preset)' (profile '\(profile)')")
                text = "\(scope.description) → preset '\(preset)'"
            } else {
                builder.note(.binding, scope.description, .skipped, profile.map { "no profile named '\($0)'" } ?? "no profile selected")
                text = "skipped: " + (profile.map { "no profile named '\($0)'" } ?? "no profile selected")
            }
            stickyDestinations[entryPath.description] = text
        }
    }

    // Every top-level key of the section.
    let twoPointX: Set<String> = [
        "operation_artifacts", "operations_presets", "character_sticky_presets", "chat_sticky_presets",
        "active_operations_preset_global",
    ]
    for key in section.keys.sorted() {
        let path = sectionPath.appending(key)
        if key == "profiles" { continue }
        if key == "profile" {
            keys.append(.init(path: path.description, destination: globalDestination))
        } else if key == "character_profiles" || key == "chat_profiles" {
            let prefix = path.description
            let entries = stickyDestinations.filter { $0.key.hasPrefix(prefix) }.sorted { $0.key < $1.key }
            if entries.isEmpty { keys.append(.init(path: prefix, destination: "ignored: empty")) }
            keys += entries.map { MigrationReport.KeyEntry(path: $0.key, destination: $0.value) }
        } else if twoPointX.contains(key) {
            keys.append(.init(path: path.description, destination: "ignored: 2.x data (`sillytavern import` reads it)"))
        } else if LegacyKey(key, in: catalog) != nil {
            let text: String
            if let mirrored {
                text = "live copy of the active profile '\(mirrored.name)': " + destination(of: key, in: live, placedAs: mirrored)
            } else if liveIsSource, let owner = sources.last {
                text = destination(of: key, in: live, placedAs: owner)
            } else {
                text = "ignored: no 1.x settings"
            }
            keys.append(.init(path: path.description, destination: text))
        } else {
            keys.append(.init(path: path.description, destination: "ignored: not a prompt setting (left in settings.json)"))
        }
    }
    return (builder.plan, MigrationReport(keys: keys, items: builder.items, foundLegacySettings: isLegacy))
}

/// Where one profile's operation went.
private enum Placement {
    case `default`(String)
    case artifact(String)
}

/// Why `config` is not a customisation, or nil when it is one.
private func defaultReason(_ config: Config, of definition: OperationDefinition, legacyDefaults: [LegacyDefaults]) -> String? {
    if let version = definition.defaultVersion(matching: config) {
        return "= default \(version.version), not a customisation"
    }
    for legacy in legacyDefaults {
        if let fields = legacy.fields[definition.key], overlaid(fields, on: definition) == config {
            return "= \(legacy.release) shipped default, not a customisation; uses the current default \(definition.current.version)"
        }
    }
    return nil
}

/// The fields where `config` differs from the closest default: a legacy release's when one is
/// given for the operation, else the current one.
private func changedFields(_ config: Config, of definition: OperationDefinition, legacyDefaults: [LegacyDefaults]) -> [String] {
    let reference = legacyDefaults.lazy.compactMap { $0.fields[definition.key] }.first
        .map { overlaid($0, on: definition) } ?? definition.current.config
    return definition.schema.fields.map(\.key).filter { config[$0] != reference[$0] }
}

/// The current default with `fields` laid over it.
private func overlaid(_ fields: [String: JSONValue], on definition: OperationDefinition) -> Config {
    var config = definition.current.config
    for (key, value) in fields where definition.schema.field(key) != nil { config[key] = value }
    return config
}

/// One 1.x profile copy (or the live top-level keys), read into per-operation configs.
private struct LegacyProfile {
    var name: String
    var path: JSONPath
    var members: [String: JSONValue]
    /// Operation → field → value, for the fields this profile sets.
    var values: [String: [String: JSONValue]] = [:]
    /// Operation → the full config (current default where the profile sets nothing).
    var configs: [String: Config] = [:]
    /// Key → what happened to its value on the way (connection profile mapping, …).
    var notes: [String: String] = [:]
    /// Key → why it was not used although it looks like a prompt setting.
    var ignored: [String: String] = [:]
    var isLiveCopy = false

    init(name: String, members: [String: JSONValue], path: JSONPath, catalog: Catalog, directory: ConnectionDirectory) throws(SillyTavernError) {
        self.name = name
        self.path = path
        self.members = members
        var fallbacks: [(key: String, legacy: LegacyKey)] = []
        var sources: [String: String] = [:]   // "op.field" → key that set it
        for key in members.keys.sorted() {
            guard let legacy = LegacyKey(key, in: catalog) else { continue }
            if legacy.isFallback { fallbacks.append((key, legacy)); continue }
            try read(key, legacy, catalog: catalog, directory: directory)
            sources["\(legacy.operation).\(legacy.field)"] = key
        }
        for (key, legacy) in fallbacks {
            if let winner = sources["\(legacy.operation).\(legacy.field)"] {
                ignored[key] = "superseded by \(winner)"
            } else {
                try read(key, legacy, catalog: catalog, directory: directory)
                notes[key] = [notes[key], "read as the completion preset (the 1.x key is \(legacy.operation)_completion_preset)"]
                    .compactMap { $0 }.joined(separator: "; ")
            }
        }
        for (operation, fields) in values {
            guard let definition = catalog[operation] else { continue }
            var config = definition.current.config
            for (field, value) in fields.sorted(by: { $0.key < $1.key }) {
                let parts = field.split(separator: ".").map(String.init)
                if parts.count == 2 {
                    var record = config[parts[0]]?.objectValue ?? [:]
                    record[parts[1]] = value
                    config[parts[0]] = .object(record)
                } else {
                    config[field] = value
                }
            }
            if let issue = definition.schema.issues(in: config, root: operation).first {
                throw .invalidValue(path: path.description, problem: "\(issue.path): \(issue.problem)")
            }
            configs[operation] = config
        }
    }

    private mutating func read(_ key: String, _ legacy: LegacyKey, catalog: Catalog, directory: ConnectionDirectory) throws(SillyTavernError) {
        guard var spec = catalog[legacy.operation]?.schema.field(legacy.configField), var value = members[key] else { return }
        let keyPath = path.appending(key)
        if key == LegacyKey.legacyEntityTypesKey {
            // Only its entity_types member is a prompt setting.
            guard let list = value.objectValue?["entity_types"] else {
                ignored[key] = "no entity_types list inside; not a prompt setting (left in settings.json)"
                return
            }
            guard let converted = legacyEntityTypes(list) else {
                throw .wrongType(path: keyPath.appending("entity_types").description, expected: "a list of entity types", found: list.kindDescription)
            }
            notes[key] = "its entity_types list, \(converted.count) type\(converted.count == 1 ? "" : "s")"
            value = .array(converted)
        }
        if let member = legacy.member {
            let record: [FieldSpec]? = switch spec.kind {
            case .record(let fields), .nullable(.record(let fields)): fields
            default: nil
            }
            guard let memberSpec = record?.first(where: { $0.key == member }) else { return }
            spec = memberSpec
        }
        func wrong(_ expected: String) -> SillyTavernError {
            .wrongType(path: keyPath.description, expected: expected, found: value.kindDescription)
        }
        let stored: JSONValue
        switch spec.kind {
        case .connectionProfile:
            guard value == .null || value.stringValue != nil else { throw wrong("a connection profile name, id or \"\"") }
            switch directory.match(value.stringValue) {
            case .current: stored = .null
            case .id(let profile):
                stored = .string(profile.id)
                notes[key] = "connection profile '\(profile.name)'"
            case .name(let profile):
                stored = .string(profile.id)
                notes[key] = "connection profile named '\(profile.name)' → id \(profile.id)"
            case .unknown(let text):
                stored = .null
                notes[key] = "unknown connection profile '\(text)': uses the current connection"
            }
        case .text:
            if value == .null {
                notes[key] = "null: the current default's value"
                return
            }
            guard value.stringValue != nil else { throw wrong("a string") }
            stored = value
        case .boolean:
            guard value.boolValue != nil else { throw wrong("a boolean") }
            stored = value
        case .integer(let range):
            guard let number = value.intValue, range.contains(number) else { throw wrong("an integer in \(range.lowerBound)...\(range.upperBound)") }
            stored = value
        default:
            stored = value
        }
        // Today's extension still writes its entry defaults as flat keys: unchanged ones are no 1.x data.
        if let member = legacy.member,
           catalog[legacy.operation]?.current.config[legacy.configField]?.objectValue?[member] == stored {
            notes[key] = "equal to the current default"
            return
        }
        values[legacy.operation, default: [:]][legacy.field] = stored
    }
}

/// The legacy entity-type list as rows of today's `types`: strings such as `quest(entry:constant)`
/// become `{name, constant, usage: "", isGuidanceOnly: false}` (the name lower-cased, spaces as `_`,
/// other characters dropped); rows already in the object shape are kept. Nil when it is not a list.
func legacyEntityTypes(_ list: JSONValue) -> [JSONValue]? {
    guard let elements = list.arrayValue else { return nil }
    var rows: [JSONValue] = []
    for element in elements {
        if element.objectValue?["name"] != nil {
            rows.append(element)
            continue
        }
        guard let text = element.stringValue else { return nil }
        let lower = text.trimmingCharacters(in: .whitespaces).lowercased()
        var namePart = Substring(lower), flagsPart = Substring("")
        if let open = lower.firstIndex(of: "("), let close = lower.lastIndex(of: ")"), open < close {
            namePart = lower[..<open]
            flagsPart = lower[lower.index(after: open)..<close]
        }
        let name = String(namePart.trimmingCharacters(in: .whitespaces)
            .replacingOccurrences(of: " ", with: "_")
            .unicodeScalars.filter { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" })
        guard !name.isEmpty else { continue }
        let flags = flagsPart.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        rows.append(.object([
            "name": .string(name), "constant": .bool(flags.contains("entry:constant")),
            "usage": .string(""), "isGuidanceOnly": .bool(false),
        ]))
    }
    return rows
}

/// What `sillytavern migrate` found and planned: every legacy key and where it went, plus the
/// artifacts, presets and bindings it creates or reuses.
public struct MigrationReport: Sendable, Hashable, Encodable, CustomStringConvertible {
    /// One key of the extension's section (or of a profile copy) and what became of it.
    public struct KeyEntry: Sendable, Hashable {
        /// `extension_settings.auto_recap_memory.profiles["Alice RP"].scene_recap_prompt`
        public var path: String
        /// `preset 'Alice RP' scene_recap.prompt → new artifact 'Alice RP (1.x)'`,
        /// `… = default 1.1.0, not a customisation`, `ignored: not a prompt setting …`
        public var destination: String

        /// A key at `path` that went to `destination`.
        public init(path: String, destination: String) {
            self.path = path
            self.destination = destination
        }
    }

    /// Every key found, in the order the report shows them (profile copies first, then the top level).
    public var keys: [KeyEntry]
    /// The plan's connection profiles, artifacts, presets and bindings, and what happened to each.
    public var items: [ReportItem]
    /// False when the file holds no 1.x flat keys (nothing to migrate).
    public var foundLegacySettings: Bool

    /// A report of the given keys and items.
    public init(keys: [KeyEntry], items: [ReportItem], foundLegacySettings: Bool) {
        self.keys = keys
        self.items = items
        self.foundLegacySettings = foundLegacySettings
    }

    /// The items with `outcome`.
    public func items(_ outcome: ReportItem.Outcome) -> [ReportItem] { items.filter { $0.outcome == outcome } }

    /// The destination of the key at `path`, if the report lists it.
    public func destination(of path: String) -> String? { keys.first { $0.path == path }?.destination }

    /// The keys, then the plan's items, then a summary line.
    public var text: String {
        var lines = ["Legacy keys (\(keys.count)):"]
        lines += keys.map { "  \($0.path): \($0.destination)" }
        lines += ["", "Changes:"]
        lines += items.isEmpty ? ["  none"] : items.map { "  " + $0.line }
        let counts = ReportItem.Outcome.allCases.compactMap { outcome -> String? in
            let count = items(outcome).count
            return count == 0 ? nil : "\(count) \(outcome.rawValue)"
        }
        lines += ["", foundLegacySettings
                  ? "1.x migration: " + (counts.isEmpty ? "nothing to do" : counts.joined(separator: ", ")) + "."
                  : "1.x migration: no 1.x settings found; nothing to migrate."]
        return lines.joined(separator: "\n")
    }

    /// The text rendering, `text`.
    public var description: String { text }

    /// `{"found_legacy_settings", "keys": [{path, destination}], "items": [...], "counts": {...}}`.
    public var jsonValue: JSONValue {
        var counts: [String: JSONValue] = [:]
        for outcome in ReportItem.Outcome.allCases { counts[outcome.rawValue] = .int(items(outcome).count) }
        return .object([
            "found_legacy_settings": .bool(foundLegacySettings),
            "keys": .array(keys.map { .object(["path": .string($0.path), "destination": .string($0.destination)]) }),
            "items": .array(items.map(\.jsonValue)),
            "counts": .object(counts),
        ])
    }

    /// Encodes `jsonValue`.
    public func encode(to encoder: any Encoder) throws {
        try jsonValue.encode(to: encoder)
    }
}

extension LegacyDefaults {
    /// Reads a legacy-defaults file: `{"release": "1.x", "operations": {"scene_recap": {"prompt": "…", …}, …}}`.
    /// - Throws: `wrongType` with the path of the first value of the wrong shape.
    public init(json value: JSONValue) throws(SillyTavernError) {
        guard let root = value.objectValue else { throw .wrongType(path: "$", expected: "an object", found: value.kindDescription) }
        guard let release = root["release"]?.stringValue else {
            throw .wrongType(path: "$.release", expected: "a string", found: root["release"]?.kindDescription ?? "nothing")
        }
        guard let operations = root["operations"]?.objectValue else {
            throw .wrongType(path: "$.operations", expected: "an object", found: root["operations"]?.kindDescription ?? "nothing")
        }
        var fields: [String: [String: JSONValue]] = [:]
        for (operation, values) in operations {
            guard let values = values.objectValue else {
                throw .wrongType(path: "$.operations.\(operation)", expected: "an object", found: values.kindDescription)
            }
            fields[operation] = values
        }
        self.init(release: release, fields: fields)
    }
}
