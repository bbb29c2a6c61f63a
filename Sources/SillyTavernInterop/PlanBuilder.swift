import Foundation
import PromptPresets

/// What the extension records about one of its objects besides its content: its
/// `internalVersion` and its times, kept on import so an export writes them back unchanged.
struct FileIdentity {
    var number: Int?
    var createdAt: Date?
    var modifiedAt: Date?

    init(number: Int? = nil, createdAt: Date? = nil, modifiedAt: Date? = nil) {
        self.number = number
        self.createdAt = createdAt
        self.modifiedAt = modifiedAt
    }

    /// The identity in an entry of the file: `internalVersion`, `createdAt`, `modifiedAt` (epoch ms).
    init(_ members: [String: JSONValue]) {
        number = members["internalVersion"]?.intValue.flatMap { $0 > 0 ? $0 : nil }
        createdAt = Self.date(members["createdAt"])
        modifiedAt = Self.date(members["modifiedAt"])
    }

    private static func date(_ value: JSONValue?) -> Date? {
        let milliseconds: Double? = switch value {
        case .int(let number)?: Double(number)
        case .double(let number)?: number
        default: nil
        }
        return milliseconds.map { Date(timeIntervalSince1970: $0 / 1000) }
    }
}

/// Collects an `InstallPlan` and its report items, deciding for each thing whether the store
/// already has it (so running an importer twice plans nothing the second time).
struct PlanBuilder {
    let snapshot: Snapshot
    private(set) var plan = InstallPlan()
    private(set) var items: [ReportItem] = []

    /// Operation → names of artifacts this plan creates.
    private var plannedArtifactNames: [String: Set<String>] = [:]
    /// Operation → config → (key, name) of the artifact this plan creates with it.
    private var plannedArtifactsByConfig: [String: [Config: (key: String, name: String)]] = [:]
    private var plannedPresetNames: Set<String> = []
    /// Names of presets this plan creates (not updates).
    private var newPresetNames: Set<String> = []
    private var plannedScopes: Set<Scope> = []

    init(_ snapshot: Snapshot) {
        self.snapshot = snapshot
    }

    mutating func note(_ kind: ReportItem.Kind, _ subject: String, _ outcome: ReportItem.Outcome, _ detail: String = "") {
        items.append(ReportItem(kind, subject, outcome, detail))
    }

    // MARK: Connection profiles

    /// Plans the profiles the store does not know yet (by id or by name).
    mutating func addConnectionProfiles(_ profiles: [ConnectionProfile]) {
        var seenIDs: Set<String> = []
        var seenNames: Set<String> = []
        for profile in profiles {
            let subject = "'\(profile.name)'"
            if let stored = snapshot.connectionProfiles[profile.id] {
                note(.connectionProfile, subject, .unchanged, stored.name == profile.name
                     ? "already known" : "already known as '\(stored.name)'")
                continue
            }
            if let stored = snapshot.connectionProfile(named: profile.name) {
                note(.connectionProfile, subject, .warning,
                     "a stored profile has this name with another id (\(stored.id)); versions from this file keep the file's id \(profile.id)")
                continue
            }
            let name: String
            do {
                name = try Naming.validated(profile.name)
            } catch {
                note(.connectionProfile, subject, .skipped, error.description)
                continue
            }
            guard seenIDs.insert(profile.id).inserted, seenNames.insert(name).inserted else {
                note(.connectionProfile, subject, .skipped, "listed twice in the connection manager")
                continue
            }
            plan.connectionProfiles.append(ConnectionProfile(id: profile.id, name: name, api: profile.api))
            note(.connectionProfile, subject, .created, profile.api.isEmpty ? "" : "api \(profile.api)")
        }
    }

    // MARK: Artifacts

    /// Where a customised config goes: a stored artifact with the same content, an artifact this
    /// plan already creates, or a new one named `name` (made unique).
    struct ArtifactChoice {
        var reference: InstallPlan.Reference
        var name: String
        var outcome: ReportItem.Outcome
        /// Set when the config is shared with an artifact planned earlier in this run.
        var isShared: Bool
    }

    /// - Parameters:
    ///   - reuseAnyEqualConfig: also reuse a stored or planned artifact of another name with the
    ///     same config (migration: names are generated, content is what counts). Otherwise only a
    ///     stored artifact with the same name, or that name with a " (k)" suffix, is reused.
    mutating func artifact(
        operation: String, name: String, label: String?, config: Config, origin: ArtifactOrigin,
        reuseAnyEqualConfig: Bool, identity: FileIdentity = FileIdentity(), basedOn: SemanticVersion? = nil
    ) -> ArtifactChoice {
        if reuseAnyEqualConfig, let planned = plannedArtifactsByConfig[operation]?[config] {
            return ArtifactChoice(reference: .new(key: planned.key), name: planned.name, outcome: .created, isShared: true)
        }
        let stored = snapshot.artifacts(of: operation)
        if let same = snapshot.artifact(of: operation, named: name), same.config == config {
            return ArtifactChoice(reference: .existing(same.id), name: same.name, outcome: .reused, isShared: false)
        }
        if let variant = stored.last(where: { $0.config == config && Self.isSuffixedVariant($0.name, of: name) }) {
            return ArtifactChoice(reference: .existing(variant.id), name: variant.name, outcome: .reused, isShared: false)
        }
        if reuseAnyEqualConfig, let equal = stored.last(where: { $0.config == config }) {
            return ArtifactChoice(reference: .existing(equal.id), name: equal.name, outcome: .reused, isShared: false)
        }
        let unique = Naming.unique(name) { candidate in
            snapshot.artifact(of: operation, named: candidate) != nil
                || plannedArtifactNames[operation, default: []].contains(candidate)
        }
        let key = "\(operation)#\(plan.artifacts.count + 1)"
        plan.artifacts.append(InstallPlan.NewArtifact(
            key: key, operation: operation, name: unique, label: label, config: config,
            basedOn: basedOn ?? snapshot.catalog[operation]?.defaultVersion(matching: config)?.version, origin: origin,
            number: identity.number, createdAt: identity.createdAt, modifiedAt: identity.modifiedAt))
        plannedArtifactNames[operation, default: []].insert(unique)
        if plannedArtifactsByConfig[operation]?[config] == nil {
            plannedArtifactsByConfig[operation, default: [:]][config] = (key, unique)
        }
        return ArtifactChoice(reference: .new(key: key), name: unique, outcome: .created, isShared: false)
    }

    /// Whether `candidate` is `base (k)` for some integer k ≥ 2.
    static func isSuffixedVariant(_ candidate: String, of base: String) -> Bool {
        guard candidate.hasPrefix(base + " ("), candidate.hasSuffix(")") else { return false }
        let digits = candidate.dropFirst(base.count + 2).dropLast()
        return !digits.isEmpty && digits.allSatisfy(\.isASCII) && Int(digits).map { $0 >= 2 } == true
    }

    // MARK: Presets

    /// Whether a stored preset maps every operation exactly as `operations` does.
    func storedPreset(_ preset: Preset, matches operations: [String: InstallPlan.Reference]) -> Bool {
        for key in snapshot.catalog.operationKeys {
            switch operations[key] ?? .default {
            case .default: if preset.operations[key] != nil { return false }
            case .existing(let id): if preset.operations[key] != id { return false }
            case .new: return false
            }
        }
        return true
    }

    /// A preset from the file (import): a stored one of the same name is updated when its map or
    /// description differs and left alone otherwise; a new one is created. Returns the outcome.
    mutating func importPreset(
        name: String, description: String, operations: [String: InstallPlan.Reference],
        identity: FileIdentity = FileIdentity()
    ) -> ReportItem.Outcome {
        let operations = operations.filter { $0.value != .default }
        plannedPresetNames.insert(name)
        if let stored = try? snapshot.preset(named: name), !stored.isDefault {
            if storedPreset(stored, matches: operations) && stored.description == description { return .unchanged }
            plan.presets.append(InstallPlan.PresetEntry(
                name: name, description: description, operations: operations, existing: stored.id,
                modifiedAt: identity.modifiedAt))
            return .updated
        }
        plan.presets.append(InstallPlan.PresetEntry(
            name: name, description: description, operations: operations,
            createdAt: identity.createdAt, modifiedAt: identity.modifiedAt))
        newPresetNames.insert(name)
        return .created
    }

    /// A generated preset (migration): a stored preset named `name` or `name (k)` with the same map
    /// is reused; otherwise a new preset with a unique name. Returns the name and the outcome.
    mutating func generatedPreset(
        name: String, description: String, operations: [String: InstallPlan.Reference]
    ) -> (name: String, outcome: ReportItem.Outcome) {
        let operations = operations.filter { $0.value != .default }
        let candidates = snapshot.presets.values
            .filter { $0.name == name || Self.isSuffixedVariant($0.name, of: name) }
            .sorted { $0.name.count < $1.name.count || ($0.name.count == $1.name.count && $0.name < $1.name) }
        if let match = candidates.first(where: { storedPreset($0, matches: operations) && !plannedPresetNames.contains($0.name) }) {
            plannedPresetNames.insert(match.name)
            return (match.name, .unchanged)
        }
        let unique = Naming.unique(name) { candidate in
            (try? snapshot.preset(named: candidate)) != nil || plannedPresetNames.contains(candidate)
        }
        plannedPresetNames.insert(unique)
        newPresetNames.insert(unique)
        plan.presets.append(InstallPlan.PresetEntry(name: unique, description: description, operations: operations))
        return (unique, .created)
    }

    /// Whether `name` is a preset this plan creates or updates.
    func isPlannedPreset(_ name: String) -> Bool { plannedPresetNames.contains(name) }

    /// Raises the store's counter for `operation` to `number` (a number the file uses).
    mutating func reserve(_ number: Int, for operation: String) {
        guard number > snapshot.counters[operation] ?? 0 else { return }
        plan.reservedNumbers[operation] = max(plan.reservedNumbers[operation] ?? 0, number)
    }

    // MARK: Bindings

    /// Plans `scope` → preset `presetName` unless the store already binds it so; returns the outcome.
    mutating func bind(_ scope: Scope, to presetName: String) -> ReportItem.Outcome {
        if !newPresetNames.contains(presetName), let preset = try? snapshot.preset(named: presetName),
           snapshot.bindings[scope] == preset.id {
            return .unchanged
        }
        if plannedScopes.contains(scope) {
            plan.bindings.removeAll { $0.scope == scope }
        }
        plannedScopes.insert(scope)
        plan.bindings.append(InstallPlan.NewBinding(scope, preset: presetName))
        return .created
    }
}
