import OpenAPIRuntime
import PromptPresets

extension Components.Schemas.VersionRef {
    /// `{id, name, number}`: how other objects point at a stored version.
    public init(_ artifact: Artifact) {
        self.init(id: artifact.id.rawValue, name: artifact.name, number: artifact.number)
    }
}

extension Components.Schemas.UpdateInfo {
    public init(_ info: UpdateInfo) {
        self.init(changelog: info.changelog, from: info.from?.description, to: info.to.description)
    }
}

extension Components.Schemas.Artifact {
    /// A stored version with its config, lineage, pending update and the presets that use it.
    public init(_ artifact: Artifact, in snapshot: Snapshot) throws {
        let update = snapshot.catalog[artifact.operation].flatMap { snapshot.update(for: artifact, in: $0) }
        self.init(
            basedOn: artifact.basedOn?.description,
            config: try OpenAPIObjectContainer(artifact.config.jsonValue),
            createdAt: artifact.createdAt,
            description: artifact.description,
            dismissedVersions: artifact.dismissedVersions.sorted().map(\.description),
            id: artifact.id.rawValue,
            isDefault: false,
            label: artifact.label,
            modifiedAt: artifact.modifiedAt,
            name: artifact.name,
            number: artifact.number,
            operation: artifact.operation,
            origin: .init(artifact.origin),
            parent: snapshot.parentName(of: artifact),
            revision: artifact.revision,
            update: update.map { .init(value1: .init($0)) },
            usedBy: snapshot.presetsReferencing(artifact.id))
    }
}

extension Components.Schemas.Version {
    /// A stored version, or a default: `{name: "Default", number: 0, isDefault: true, defaultVersion, config}`.
    public init(_ reference: VersionReference, in snapshot: Snapshot) throws {
        if let artifact = reference.artifact {
            self = .Artifact(try .init(artifact, in: snapshot))
        } else {
            self = .DefaultVersion(.init(
                config: try OpenAPIObjectContainer(reference.config.jsonValue), defaultVersion: reference.defaultVersion?.description,
                isDefault: true, name: reference.name, number: reference.number))
        }
    }
}

extension Components.Schemas.Artifact.OriginPayload {
    public init(_ origin: ArtifactOrigin) {
        self = switch origin {
        case .edit: .edit
        case .duplicate: .duplicate
        case .import: ._import
        case .migration: .migration
        case .merge: .merge
        }
    }
}

extension Components.Schemas.Preset {
    /// A preset with every catalog operation: the version it uses (none for the default) and any pending update.
    public init(_ preset: Preset, in snapshot: Snapshot) {
        let operations = snapshot.catalog.operations.map { definition in
            let artifact = preset.operations[definition.key].flatMap { snapshot.artifacts[$0] }
            return OperationsPayloadPayload(
                artifact: artifact.map { .init(value1: .init($0)) },
                defaultVersion: definition.current.version.description,
                isDefault: artifact == nil,
                operation: definition.key,
                update: artifact.flatMap { snapshot.update(for: $0, in: definition) }.map { .init(value1: .init($0)) })
        }
        self.init(
            createdAt: preset.createdAt, description: preset.description, id: preset.id.rawValue,
            isDefault: preset.isDefault, modifiedAt: preset.modifiedAt, name: preset.name, operations: operations,
            revision: preset.revision)
    }
}

extension OpenAPIValueContainer {
    /// Any JSON value as the runtime's free-form value.
    public init(_ value: JSONValue) throws {
        try self.init(unvalidatedValue: value.runtimeValue)
    }
}

extension OpenAPIObjectContainer {
    /// A config object as the runtime's free-form JSON object.
    public init(_ value: JSONValue) throws {
        guard case .object(let members) = value else {
            throw DecodingError.typeMismatch(
                [String: JSONValue].self, .init(codingPath: [], debugDescription: "A config is a JSON object."))
        }
        try self.init(unvalidatedValue: members.mapValues(\.runtimeValue))
    }
}

extension JSONValue {
    /// The plain Swift value the runtime's containers take.
    fileprivate var runtimeValue: (any Sendable)? {
        switch self {
        case .null: nil
        case .bool(let value): value
        case .int(let value): value
        case .double(let value): value
        case .string(let value): value
        case .array(let values): values.map(\.runtimeValue)
        case .object(let members): members.mapValues(\.runtimeValue)
        }
    }
}
