import Foundation

/// The native sharing format (§7.1).
///
/// ```json
/// {
///   "format": "prompt-presets.bundle", "version": 1, "exported_at": "2025-11-16T12:00:00Z", "catalog": "auto-recap",
///   "presets": [{"name": "Alice", "description": "",
///                "operations": {"scene_recap": {"artifact": "scene_recap:3"}, "auto_scene_break": {"default": "1.1.0"}}}],
///   "artifacts": [{"key": "scene_recap:3", "operation": "scene_recap", "name": "Alice recap v3", "label": "Alice recap",
///                  "description": "", "based_on": "1.1.0", "config": {…}, "sha256": "…"}]
/// }
/// ```
/// Defaults are written as version references, never as text. Connection profiles appear only by
/// name; `sha256` is the SHA-256 of the config's canonical text as written (with names).
public enum BundleFormat {
    /// The value of the `format` key.
    public static let formatName = "prompt-presets.bundle"
    /// The only `version` this build reads and writes.
    public static let version = 1
}

extension Snapshot {
    /// The bundle of `presets` and the versions they use, ready to be written as JSON.
    ///
    /// Every catalog operation appears in every preset: `{"artifact": key}` for a stored version,
    /// `{"default": "<current version>"}` otherwise.
    /// - Parameters:
    ///   - presets: the presets to export, in order (the virtual Default included if listed).
    ///   - exportedAt: the time written to `exported_at`.
    ///   - allowSecrets: export even when the scanner finds credential-shaped text.
    /// - Throws: `SharingError.domain(.presetNotFound)` for an unknown id; `.secretsFound` when the
    ///   export contains credential-shaped text and `allowSecrets` is false.
    public func exportBundle(presets ids: [PresetID], exportedAt: Date, allowSecrets: Bool = false) throws(SharingError) -> JSONValue {
        var presetValues: [JSONValue] = []
        var artifactValues: [JSONValue] = []
        var exportedKeys: Set<String> = []
        var seenPresets: Set<PresetID> = []
        for id in ids where seenPresets.insert(id).inserted {
            guard let preset = preset(id: id) else { throw .domain(.presetNotFound(id.rawValue, suggestion: nil)) }
            var operations: [String: JSONValue] = [:]
            for definition in catalog.operations {
                guard let artifactID = preset.operations[definition.key], let artifact = artifacts[artifactID] else {
                    operations[definition.key] = .object(["default": .string(definition.current.version.description)])
                    continue
                }
                let key = "\(artifact.operation):\(artifact.number)"
                if exportedKeys.insert(key).inserted {
                    artifactValues.append(bundleEntry(for: artifact, key: key, schema: definition.schema))
                }
                operations[definition.key] = .object(["artifact": .string(key)])
            }
            presetValues.append(.object([
                "name": .string(preset.name),
                "description": .string(preset.description),
                "operations": .object(operations),
            ]))
        }
        let document = JSONValue.object([
            "format": .string(BundleFormat.formatName),
            "version": .int(BundleFormat.version),
            "exported_at": .string(Self.iso8601(exportedAt)),
            "catalog": .string(catalog.name),
            "presets": .array(presetValues),
            "artifacts": .array(artifactValues),
        ])
        if !allowSecrets {
            let findings = SecretScanner.findings(in: document)
            if !findings.isEmpty { throw .secretsFound(findings) }
        }
        return document
    }

    private func bundleEntry(for artifact: Artifact, key: String, schema: FieldSchema) -> JSONValue {
        let config = JSONValue.object(ConnectionProfileFields.names(in: artifact.config.fields, schema: schema, snapshot: self))
        return .object([
            "key": .string(key),
            "operation": .string(artifact.operation),
            "name": .string(artifact.name),
            "label": artifact.label.map(JSONValue.string) ?? .null,
            "description": .string(artifact.description),
            "based_on": artifact.basedOn.map { .string($0.description) } ?? .null,
            "config": config,
            "sha256": .string(Checksum.sha256Hex(config.canonicalText.utf8)),
        ])
    }

    private static func iso8601(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }

    /// Plans the import of a bundle: validates everything first (JSON paths in every error), then
    /// decides per version whether to reuse a stored one, map to the default or create one (§7.3).
    ///
    /// Nothing is written: pass `plan` to `install(_:_:)`.
    /// - Throws: `SharingError` for a wrong format or version, another catalog, a checksum that does
    ///   not match, unknown operations (unless skipped) or invalid values.
    public func planBundleImport(_ document: JSONValue, options: ImportOptions) throws(SharingError) -> ImportPlanResult {
        guard let root = document.objectValue else { throw .notAnObject(path: "$", found: document.kindDescription) }
        guard root["format"] == .string(BundleFormat.formatName) else {
            throw .wrongFormat(path: "$.format", expected: "\"\(BundleFormat.formatName)\"", found: Self.shown(root["format"]))
        }
        guard root["version"] == .int(BundleFormat.version) else {
            throw .unsupportedVersion(path: "$.version", found: Self.shown(root["version"]), supported: BundleFormat.version)
        }
        if let name = root["catalog"]?.stringValue, name != catalog.name {
            throw .catalogMismatch(expected: catalog.name, found: name)
        }
        var validator = ImportValidator()
        _ = validator.string(root["catalog"], at: "$.catalog")
        if let exportedAt = root["exported_at"], exportedAt.stringValue == nil {
            validator.problem("$.exported_at", "expected an ISO 8601 date string, found \(exportedAt.kindDescription)")
        }
        let known: Set<String> = ["format", "version", "exported_at", "catalog", "presets", "artifacts"]
        for key in root.keys.sorted() where !known.contains(key) {
            validator.warnings.append("$.\(key): unknown field ignored.")
        }
        guard let artifactValues = root["artifacts"]?.arrayValue ?? (root["artifacts"] == nil ? [] : nil) else {
            throw .invalidValues([ValidationIssue(path: "$.artifacts", problem: "expected an array, found \(root["artifacts"]!.kindDescription)")])
        }
        guard let presetValues = root["presets"]?.arrayValue else {
            let found = root["presets"].map(\.kindDescription) ?? "nothing"
            throw .invalidValues([ValidationIssue(path: "$.presets", problem: "expected an array, found \(found)")])
        }

        // Versions.
        var candidates: [ImportCandidate] = []
        var candidateIndexByKey: [String: Int] = [:]
        var skipped: [String] = []
        for (index, value) in artifactValues.enumerated() {
            let path = "$.artifacts[\(index)]"
            guard let entry = validator.object(value, at: path) else { continue }
            let allowed: Set<String> = ["key", "operation", "name", "label", "description", "based_on", "config", "sha256"]
            for key in entry.keys.sorted() where !allowed.contains(key) {
                validator.problem("\(path).\(key)", "unknown field (expected one of: \(allowed.sorted().joined(separator: ", ")))")
            }
            let key = validator.string(entry["key"], at: "\(path).key")
            guard let operation = validator.string(entry["operation"], at: "\(path).operation") else { continue }
            guard let definition = catalog[operation] else {
                if !validator.unknownOperations.contains(operation) { validator.unknownOperations.append(operation) }
                if !skipped.contains(operation) { skipped.append(operation) }
                continue
            }
            let name = validator.name(entry["name"], at: "\(path).name")
            let label = validator.optionalString(entry["label"], at: "\(path).label").flatMap { label in
                label.flatMap { validator.name(.string($0), at: "\(path).label") }
            }
            let description = validator.optionalString(entry["description"], at: "\(path).description") ?? nil
            var basedOn: SemanticVersion?
            if let text = validator.optionalString(entry["based_on"], at: "\(path).based_on") ?? nil {
                basedOn = SemanticVersion(text)
                if basedOn == nil { validator.problem("\(path).based_on", "'\(text)' is not a version such as 1.1.0") }
            }
            let sha256 = validator.string(entry["sha256"], at: "\(path).sha256")
            guard let fields = validator.object(entry["config"], at: "\(path).config") else { continue }
            if let sha256, let name, sha256.lowercased() != Checksum.sha256Hex(JSONValue.object(fields).canonicalText.utf8) {
                throw .checksumMismatch(artifact: name, path: "\(path).sha256")
            }
            let config = Config(validator.connectionProfileIDs(
                in: fields, schema: definition.schema, root: "\(path).config", snapshot: self))
            validator.issues += definition.schema.issues(in: config, root: "\(path).config")
            guard let key, let name else { continue }
            if candidateIndexByKey[key] != nil {
                validator.problem("\(path).key", "duplicate key '\(key)'")
                continue
            }
            candidateIndexByKey[key] = candidates.count
            candidates.append(ImportCandidate(
                operation: operation, sourceName: name, label: label ?? nil, description: description ?? "",
                config: config, providedFields: nil, basedOn: basedOn, isNamedDefault: false))
        }

        // Presets.
        var requests: [ImportPresetRequest] = []
        for (index, value) in presetValues.enumerated() {
            let path = "$.presets[\(index)]"
            guard let entry = validator.object(value, at: path) else { continue }
            for key in entry.keys.sorted() where !["name", "description", "operations"].contains(key) {
                validator.problem("\(path).\(key)", "unknown field (expected one of: description, name, operations)")
            }
            let name = validator.name(entry["name"], at: "\(path).name")
            let description = validator.optionalString(entry["description"], at: "\(path).description") ?? nil
            guard let operations = validator.object(entry["operations"], at: "\(path).operations") else { continue }
            var references: [String: ImportPresetRequest.Reference] = [:]
            for operation in operations.keys.sorted() {
                let operationPath = "\(path).operations.\(operation)"
                guard let definition = catalog[operation] else {
                    if !validator.unknownOperations.contains(operation) { validator.unknownOperations.append(operation) }
                    if !skipped.contains(operation) { skipped.append(operation) }
                    continue
                }
                guard let reference = validator.object(operations[operation], at: operationPath) else { continue }
                if reference.count == 1, let version = reference["default"] {
                    if let text = version.stringValue, SemanticVersion(text) != nil {
                        references[operation] = .default
                    } else {
                        validator.problem("\(operationPath).default", "expected a version such as \"\(definition.current.version)\", found \(Self.shown(version))")
                    }
                } else if reference.count == 1, let key = reference["artifact"] {
                    guard let text = key.stringValue else {
                        validator.problem("\(operationPath).artifact", "expected a string, found \(key.kindDescription)")
                        continue
                    }
                    guard let candidate = candidateIndexByKey[text] else {
                        validator.problem("\(operationPath).artifact", "no artifact with key '\(text)' in $.artifacts")
                        continue
                    }
                    if candidates[candidate].operation != operation {
                        validator.problem("\(operationPath).artifact", "artifact '\(text)' belongs to operation '\(candidates[candidate].operation)'")
                        continue
                    }
                    references[operation] = .candidate(candidate)
                } else {
                    validator.problem(operationPath, "expected {\"default\": \"<version>\"} or {\"artifact\": \"<key>\"}")
                }
            }
            if let name {
                requests.append(ImportPresetRequest(name: name, description: description ?? "", operations: references))
            }
        }
        try validator.check(options: options, catalog: catalog)

        var planner = ImportPlanner(snapshot: self, hostDefaults: options.hostDefaults)
        for request in requests { planner.addPreset(request, candidates: candidates) }
        for index in candidates.indices { planner.reference(for: index, in: candidates) }
        planner.report.skippedOperations = skipped
        planner.report.warnings = validator.warnings + planner.report.warnings
        return ImportPlanResult(plan: planner.plan, report: planner.report)
    }

    /// A value as shown in a message: its JSON text when short, else its kind; "nothing" when missing.
    static func shown(_ value: JSONValue?) -> String {
        guard let value else { return "missing" }
        switch value {
        case .string, .int, .double, .bool, .null:
            let text = value.canonicalText
            return text.count <= 60 ? text : value.kindDescription
        case .array, .object:
            return value.kindDescription
        }
    }
}
