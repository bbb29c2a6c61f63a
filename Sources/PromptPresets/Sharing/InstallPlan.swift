import Foundation

/// Everything an importer wants written, decided up front, for `Snapshot.install(_:_:)`.
///
/// Importers (bundle, extension file, SillyTavern settings) are planners: pure functions from a
/// snapshot and a file to a plan and a report. `install` is the single write path they share,
/// so validation, numbering and atomicity live in one place.
public struct InstallPlan: Sendable, Hashable {
    /// A version to create; `key` is how presets in the same plan refer to it.
    public struct NewArtifact: Sendable, Hashable {
        public var key: String
        public var operation: String
        public var name: String
        public var label: String?
        public var description: String
        public var config: Config
        public var basedOn: SemanticVersion?
        public var origin: ArtifactOrigin
        /// The number the version had where it came from (the extension's `internalVersion`); kept
        /// when no stored version of the operation has it, otherwise the next free number is used.
        public var number: Int?
        /// Creation and modification times from where it came from; `nil` means now.
        public var createdAt: Date?
        public var modifiedAt: Date?

        public init(
            key: String, operation: String, name: String, label: String? = nil, description: String = "",
            config: Config, basedOn: SemanticVersion?, origin: ArtifactOrigin,
            number: Int? = nil, createdAt: Date? = nil, modifiedAt: Date? = nil
        ) {
            self.number = number
            self.createdAt = createdAt
            self.modifiedAt = modifiedAt
            self.key = key
            self.operation = operation
            self.name = name
            self.label = label
            self.description = description
            self.config = config
            self.basedOn = basedOn
            self.origin = origin
        }
    }

    /// What a planned preset's operation points at.
    public enum Reference: Sendable, Hashable {
        case `default`
        case existing(ArtifactID)
        case new(key: String)
    }

    /// A preset to create, or (with `existing`) a stored preset whose description and map to replace.
    public struct PresetEntry: Sendable, Hashable {
        public var name: String
        public var description: String
        /// Operations left out use the default.
        public var operations: [String: Reference]
        public var existing: PresetID?
        /// Creation and modification times from where it came from; `nil` means now.
        public var createdAt: Date?
        public var modifiedAt: Date?

        public init(
            name: String, description: String = "", operations: [String: Reference], existing: PresetID? = nil,
            createdAt: Date? = nil, modifiedAt: Date? = nil
        ) {
            self.createdAt = createdAt
            self.modifiedAt = modifiedAt
            self.name = name
            self.description = description
            self.operations = operations
            self.existing = existing
        }
    }

    /// A binding to set; `preset` is a name from this plan, a stored preset's name, or `Default`.
    public struct NewBinding: Sendable, Hashable {
        public var scope: Scope
        public var preset: String

        public init(_ scope: Scope, preset: String) {
            self.scope = scope
            self.preset = preset
        }
    }

    public var connectionProfiles: [ConnectionProfile]
    public var artifacts: [NewArtifact]
    public var presets: [PresetEntry]
    public var bindings: [NewBinding]
    /// Operation → the highest number the source uses for its versions (stored or not): the
    /// store's counter is raised to it, so versions created later never take one of those numbers.
    public var reservedNumbers: [String: Int] = [:]

    public init(
        connectionProfiles: [ConnectionProfile] = [], artifacts: [NewArtifact] = [],
        presets: [PresetEntry] = [], bindings: [NewBinding] = []
    ) {
        self.connectionProfiles = connectionProfiles
        self.artifacts = artifacts
        self.presets = presets
        self.bindings = bindings
    }

    public var isEmpty: Bool {
        connectionProfiles.isEmpty && artifacts.isEmpty && presets.isEmpty && bindings.isEmpty
            && reservedNumbers.isEmpty
    }
}

/// What `install` wrote.
public struct InstallResult: Sendable, Hashable {
    public var connectionProfiles: [ConnectionProfile] = []
    /// Plan key → the created version.
    public var artifacts: [String: Artifact] = [:]
    public var createdPresets: [Preset] = []
    public var updatedPresets: [Preset] = []
    public var bindings: [Binding] = []
}

extension Snapshot {
    /// Writes a plan in one transaction: every config is validated against its schema and every
    /// name checked first, so either all of it is installed or nothing is.
    /// - Throws: the first problem found, with the plan position in the path for configs.
    public func install(_ plan: InstallPlan, _ environment: CommandEnvironment) throws(PresetError) -> Outcome<InstallResult> {
        try validate(plan)
        return try transact(environment) { transaction throws(PresetError) in
            var result = InstallResult()
            for profile in plan.connectionProfiles where transaction.snapshot.connectionProfile(named: profile.name) == nil
                && transaction.snapshot.connectionProfiles[profile.id] == nil {
                transaction.put(profile)
                result.connectionProfiles.append(profile)
                transaction.audit("connection.add", "connection '\(profile.name)'", after: profile.id)
            }
            for (operation, highest) in plan.reservedNumbers.sorted(by: { $0.key < $1.key }) {
                transaction.reserveNumbers(upTo: highest, for: operation)
            }
            for planned in plan.artifacts {
                let number: Int
                if let wanted = planned.number, wanted > 0,
                   !transaction.snapshot.artifacts(of: planned.operation).contains(where: { $0.number == wanted }) {
                    number = wanted
                    transaction.reserveNumbers(upTo: wanted, for: planned.operation)
                } else {
                    number = try transaction.nextNumber(for: planned.operation)
                }
                let artifact = Artifact(
                    id: ArtifactID(environment.ids.next()), operation: planned.operation, name: planned.name,
                    label: planned.label, description: planned.description, number: number, config: planned.config,
                    basedOn: planned.basedOn, parent: planned.basedOn.map(ArtifactParent.default) ?? .none,
                    origin: planned.origin, createdAt: planned.createdAt ?? transaction.now,
                    modifiedAt: planned.modifiedAt ?? planned.createdAt ?? transaction.now)
                transaction.insert(artifact)
                result.artifacts[planned.key] = artifact
                transaction.audit("artifact.\(planned.origin.rawValue)", "\(planned.operation) '\(artifact.name)'", after: artifact.id.rawValue)
            }
            for entry in plan.presets {
                var operations: [String: ArtifactID] = [:]
                for (operation, reference) in entry.operations {
                    switch reference {
                    case .default: break
                    case .existing(let id): operations[operation] = id
                    case .new(let key): operations[operation] = result.artifacts[key]!.id
                    }
                }
                if let id = entry.existing, var preset = transaction.snapshot.presets[id] {
                    preset.description = entry.description
                    preset.operations = operations
                    transaction.update(preset, modifiedAt: entry.modifiedAt)
                    result.updatedPresets.append(transaction.snapshot.presets[id]!)
                    transaction.audit("preset.import", "preset '\(preset.name)'", after: id.rawValue)
                } else {
                    let preset = Preset(
                        id: PresetID(environment.ids.next()), name: entry.name, description: entry.description,
                        operations: operations, createdAt: entry.createdAt ?? transaction.now,
                        modifiedAt: entry.modifiedAt ?? entry.createdAt ?? transaction.now)
                    transaction.insert(preset)
                    result.createdPresets.append(preset)
                    transaction.audit("preset.import", "preset '\(preset.name)'", after: preset.id.rawValue)
                }
            }
            for planned in plan.bindings {
                let preset = try transaction.snapshot.preset(named: planned.preset)
                let binding = Binding(try planned.scope.validated(), to: preset.id)
                transaction.bind(binding)
                result.bindings.append(binding)
                transaction.audit("binding.set", planned.scope.description, after: preset.id.rawValue)
            }
            return result
        }
    }

    private func validate(_ plan: InstallPlan) throws(PresetError) {
        var keys: Set<String> = []
        var newNames: Set<[String]> = []
        for (index, planned) in plan.artifacts.enumerated() {
            let definition = try catalog.operation(planned.operation)
            let issues = definition.schema.issues(in: planned.config, root: "artifacts[\(index)].config")
            if !issues.isEmpty { throw .invalidConfig(issues) }
            let name = try Naming.validated(planned.name)
            if name != planned.name { throw .invalidName(planned.name, reason: "leading or trailing spaces") }
            if artifact(of: planned.operation, named: name) != nil || !newNames.insert([planned.operation, name]).inserted {
                throw .artifactNameTaken(operation: planned.operation, name: name)
            }
            if !keys.insert(planned.key).inserted {
                throw .invalidConfig([ValidationIssue(path: "artifacts[\(index)].key", problem: "duplicate key '\(planned.key)'")])
            }
        }
        var presetNames: Set<String> = []
        for entry in plan.presets {
            let name = try Naming.validated(entry.name)
            if let id = entry.existing {
                guard let stored = presets[id], stored.name == name else { throw .presetNotFound(entry.name, suggestion: nil) }
            } else if presetIDsByName[name] != nil {
                throw .presetNameTaken(name)
            }
            if !presetNames.insert(name).inserted { throw .presetNameTaken(name) }
            for (operation, reference) in entry.operations {
                _ = try catalog.operation(operation)
                switch reference {
                case .default: break
                case .existing(let id):
                    guard artifacts[id]?.operation == operation else {
                        throw .artifactNotFound(operation: operation, name: id.rawValue, suggestion: nil)
                    }
                case .new(let key):
                    guard let planned = plan.artifacts.first(where: { $0.key == key }), planned.operation == operation else {
                        throw .artifactNotFound(operation: operation, name: key, suggestion: nil)
                    }
                }
            }
        }
        for profile in plan.connectionProfiles {
            _ = try Naming.validated(profile.name)
        }
        for binding in plan.bindings {
            _ = try binding.scope.validated()
            if !presetNames.contains(binding.preset) { _ = try preset(named: binding.preset) }
        }
    }
}
