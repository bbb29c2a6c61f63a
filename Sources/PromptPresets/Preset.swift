import Foundation

/// A named bundle mapping each operation to an artifact; a missing entry means "the default" (§4).
public struct Preset: Sendable, Hashable, Identifiable {
    public var id: PresetID
    public var name: String
    public var description: String
    /// Operation key → artifact. Operations not listed use their current default.
    public var operations: [String: ArtifactID]
    public var createdAt: Date
    public var modifiedAt: Date
    public var revision: Int

    public init(
        id: PresetID, name: String, description: String = "", operations: [String: ArtifactID] = [:],
        createdAt: Date, modifiedAt: Date, revision: Int = 1
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.operations = operations
        self.createdAt = createdAt
        self.modifiedAt = modifiedAt
        self.revision = revision
    }

    /// The reserved name of the virtual preset that maps every operation to its default.
    public static let defaultName = "Default"

    /// The virtual Default preset: always exists, never stored, never changed.
    public static let `default` = Preset(
        id: .default, name: defaultName, description: "The catalog's defaults for every operation.",
        createdAt: Date(timeIntervalSince1970: 0), modifiedAt: Date(timeIntervalSince1970: 0), revision: 0)

    public var isDefault: Bool { id == .default }
}

/// A connection profile known by id and name; credentials live in the host application, never here.
public struct ConnectionProfile: Sendable, Hashable, Codable, Identifiable {
    public var id: String
    public var name: String
    public var api: String

    public init(id: String, name: String, api: String = "") {
        self.id = id
        self.name = name
        self.api = api
    }
}
