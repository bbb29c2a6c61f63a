import Foundation

/// The JavaScript extension's preset file (§7.2), written and read for compatibility.
///
/// ```json
/// {
///   "format_version": "1.0", "exported_at": 1763300009000,
///   "preset_name": "Alice RP Setup", "preset_description": "…",
///   "operations": {
///     "scene_recap": {"artifact_name": "Detailed Recap for Alice", "prompt": "…", "prefill": "{",
///                     "connection_profile_name": null, "completion_preset_name": "", "include_preset_prompts": false},
///     "entity_types": {"artifact_name": "Default", "types": […], "defaults": {…}}
///   }
/// }
/// ```
/// What an operation entry holds is derived from its schema: every field under its own key,
/// except connection-profile fields, written as `<key>_name` holding the profile's name (or null),
/// plus `artifact_name` (`Default` for the default). The format has no default references, so
/// every catalog operation is written with its full text.
public enum ExtensionFormat {
    /// The only `format_version` the extension writes and this build reads.
    public static let formatVersion = "1.0"
    /// The `artifact_name` of an operation that uses its default.
    public static let defaultArtifactName = "Default"

    /// The key a top-level connection-profile field is written under (`connection_profile_name`).
    static func nameKey(_ key: String) -> String { "\(key)_name" }
}

extension Snapshot {
    /// One preset in the extension's format: every catalog operation with its full config.
    /// - Parameters:
    ///   - preset: the preset to export (the virtual Default included).
    ///   - exportedAt: written to `exported_at` as milliseconds since 1970.
    ///   - allowSecrets: export even when the scanner finds credential-shaped text.
    /// - Throws: `SharingError.domain(.presetNotFound)` for an unknown id; `.secretsFound` when the
    ///   export contains credential-shaped text and `allowSecrets` is false.
    public func exportExtension(preset id: PresetID, exportedAt: Date, allowSecrets: Bool = false) throws(SharingError) -> JSONValue {
        guard let preset = preset(id: id) else { throw .domain(.presetNotFound(id.rawValue, suggestion: nil)) }
        var operations: [String: JSONValue] = [:]
        for definition in catalog.operations {
            let artifact = preset.operations[definition.key].flatMap { artifacts[$0] }
            let config = artifact?.config ?? definition.current.config
            var fields = ConnectionProfileFields.names(
                in: config.fields, schema: definition.schema, snapshot: self, renamed: ExtensionFormat.nameKey)
            fields["artifact_name"] = .string(artifact?.name ?? ExtensionFormat.defaultArtifactName)
            operations[definition.key] = .object(fields)
        }
        let document = JSONValue.object([
            "format_version": .string(ExtensionFormat.formatVersion),
            "exported_at": .int(Int((exportedAt.timeIntervalSince1970 * 1000).rounded())),
            "preset_name": .string(preset.name),
            "preset_description": .string(preset.description),
            "operations": .object(operations),
        ])
        if !allowSecrets {
            let findings = SecretScanner.findings(in: document)
            if !findings.isEmpty { throw .secretsFound(findings) }
        }
        return document
    }

    /// Plans the import of an extension file: validates everything first (JSON paths in every
    /// error), then decides per operation whether to reuse a stored version, map to the default or
    /// create one (§7.3).
    ///
    /// Operations the file leaves out use the default; fields an operation leaves out (older files
    /// predate them) are taken from the current default. `artifact_name: "Default"`, or a config
    /// equal to any default version the catalog shipped, maps to the default.
    /// Nothing is written: pass `plan` to `install(_:_:)`.
    /// - Throws: `SharingError` for a wrong `format_version`, unknown operations (unless
    ///   `options.skipUnknownOperations`), unknown fields or invalid values.
    public func planExtensionImport(_ document: JSONValue, options: ImportOptions) throws(SharingError) -> ImportPlanResult {
        guard let root = document.objectValue else { throw .notAnObject(path: "$", found: document.kindDescription) }
        guard root["format_version"] == .string(ExtensionFormat.formatVersion) else {
            if root["format"] == .string(BundleFormat.formatName) {
                throw .wrongFormat(path: "$.format", expected: "an extension file (format_version \"1.0\")", found: "a prompt-presets bundle")
            }
            throw .wrongFormat(path: "$.format_version", expected: "\"\(ExtensionFormat.formatVersion)\"", found: Self.shown(root["format_version"]))
        }
        guard var operations = root["operations"]?.objectValue else {
            guard let found = root["operations"] else {
                throw .invalidValues([ValidationIssue(path: "$.operations", problem: "missing field")])
            }
            throw .notAnObject(path: "$.operations", found: found.kindDescription)
        }
        var validator = ImportValidator()
        let presetName = validator.name(root["preset_name"], at: "$.preset_name")
        let presetDescription = validator.optionalString(root["preset_description"], at: "$.preset_description") ?? nil
        if let exportedAt = root["exported_at"] {
            switch exportedAt {
            case .int, .double, .null: break
            default: validator.problem("$.exported_at", "expected a number of milliseconds, found \(exportedAt.kindDescription)")
            }
        }
        let known: Set<String> = ["format_version", "exported_at", "preset_name", "preset_description", "operations"]
        for key in root.keys.sorted() where !known.contains(key) {
            validator.warnings.append("$.\(key): unknown field ignored.")
        }

        Self.foldEntryDefaults(into: &operations, catalog: catalog, warnings: &validator.warnings)
        var candidates: [ImportCandidate] = []
        var references: [String: ImportPresetRequest.Reference] = [:]
        var skipped: [String] = []
        for operation in operations.keys.sorted() {
            let path = "$.operations.\(operation)"
            guard let definition = catalog[operation] else {
                validator.unknownOperations.append(operation)
                skipped.append(operation)
                continue
            }
            guard let entry = validator.object(operations[operation], at: path) else { continue }
            let schema = definition.schema
            var allowed: [String] = ["artifact_name"]
            for spec in schema.fields {
                allowed.append(ConnectionProfileFields.isConnectionProfile(spec.kind) ? ExtensionFormat.nameKey(spec.key) : spec.key)
            }
            for key in entry.keys.sorted() where !allowed.contains(key) {
                validator.problem("\(path).\(key)", "unknown field (expected one of: \(allowed.joined(separator: ", ")))")
            }
            let artifactName: String?
            if entry["artifact_name"] == nil {
                artifactName = presetName
            } else {
                artifactName = validator.name(entry["artifact_name"], at: "\(path).artifact_name")
            }
            var fields = entry.filter { $0.key != "artifact_name" && allowed.contains($0.key) }
            fields = validator.connectionProfileIDs(
                in: fields, schema: schema, root: path, snapshot: self, renamed: ExtensionFormat.nameKey)
            let provided = Set(fields.keys)
            let config = Config(definition.current.config.fields.merging(fields) { _, given in given })
            validator.issues += schema.issues(in: config, root: path)
            guard let artifactName else { continue }
            references[operation] = .candidate(candidates.count)
            candidates.append(ImportCandidate(
                operation: operation, sourceName: artifactName, label: Self.importedLabel(artifactName),
                description: "", config: config, providedFields: provided, basedOn: nil,
                isNamedDefault: Naming.isReserved(artifactName)))
        }
        try validator.check(options: options, catalog: catalog)
        guard let presetName else { throw .invalidValues(validator.issues) }  // unreachable: a nil name is an issue

        var planner = ImportPlanner(snapshot: self, hostDefaults: options.hostDefaults)
        planner.addPreset(
            ImportPresetRequest(name: presetName, description: presetDescription ?? "", operations: references),
            candidates: candidates)
        planner.report.skippedOperations = skipped
        planner.report.warnings = validator.warnings + planner.report.warnings
        return ImportPlanResult(plan: planner.plan, report: planner.report)
    }

    /// Files from the week the extension kept entry defaults as an operation of their own
    /// (`entry_defaults: {artifact_name, defaults}`) carry them into `entity_types.defaults` here;
    /// a `Default` one, or one this catalog has as an operation, is left alone.
    static func foldEntryDefaults(into operations: inout [String: JSONValue], catalog: Catalog, warnings: inout [String]) {
        let key = "entry_defaults", target = "entity_types"
        guard catalog[key] == nil, let entry = operations[key] else { return }
        operations[key] = nil
        guard let members = entry.objectValue, let defaults = members["defaults"], defaults != .null,
              members["artifact_name"] != .string(ExtensionFormat.defaultArtifactName), let definition = catalog[target]
        else {
            warnings.append("$.operations.\(key): the extension's short-lived entry_defaults operation uses the default; nothing to carry over.")
            return
        }
        var types = operations[target]?.objectValue ?? [
            "artifact_name": members["artifact_name"] ?? .string(ExtensionFormat.defaultArtifactName),
            "types": definition.current.config["types"] ?? .array([]),
        ]
        types["defaults"] = defaults
        operations[target] = .object(types)
        warnings.append("$.operations.\(key): its defaults were carried into \(target).defaults (this catalog keeps entry defaults there).")
    }

    /// The label an imported version gets: its name in the file without a trailing ` v<N>`, so
    /// editing "Strict Detection v3 (imported)" produces "Strict Detection v<next>"; `nil` when
    /// nothing is left ("v2").
    static func importedLabel(_ name: String) -> String? {
        var base = Substring(name)
        if let space = base.lastIndex(of: " ") {
            let suffix = base[base.index(after: space)...]
            if suffix.count > 1, suffix.first == "v", suffix.dropFirst().allSatisfy(\.isASCII), Int(suffix.dropFirst()) != nil {
                base = base[..<space]
            }
        } else if base.first == "v", base.count > 1, Int(base.dropFirst()) != nil {
            return nil
        }
        let label = base.trimmingCharacters(in: .whitespaces)
        return label.isEmpty ? nil : label
    }
}
