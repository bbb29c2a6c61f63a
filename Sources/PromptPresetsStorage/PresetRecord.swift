import Foundation
import PromptPresets

/// A row of `preset`. Its operation map lives in `preset_operation`.
package struct PresetRecord: Codable, Hashable, Sendable {
    package var id: String
    package var name: String
    package var description: String
    package var createdAt: Double
    package var modifiedAt: Double
    package var revision: Int

    enum CodingKeys: String, CodingKey {
        case id, name, description
        case createdAt = "created_at"
        case modifiedAt = "modified_at"
        case revision
    }

    package init(_ preset: Preset) {
        id = preset.id.rawValue
        name = preset.name
        description = preset.description
        createdAt = preset.createdAt.storedValue
        modifiedAt = preset.modifiedAt.storedValue
        revision = preset.revision
    }

    package func domainValue(operations: [String: ArtifactID]) throws -> Preset {
        Preset(
            id: PresetID(id), name: name, description: description, operations: operations,
            createdAt: Date(storedValue: createdAt), modifiedAt: Date(storedValue: modifiedAt),
            revision: try StoredNumber.checked(revision, "revision", in: "preset \(id)"))
    }

    /// The row's columns as they are stored.
    package init(id: String, name: String, description: String, createdAt: Double, modifiedAt: Double, revision: Int) {
        self.id = id
        self.name = name
        self.description = description
        self.createdAt = createdAt
        self.modifiedAt = modifiedAt
        self.revision = revision
    }
}

/// A row of `preset_operation`: one entry of a preset's operation map.
package struct PresetOperationRecord: Codable, Hashable, Sendable {
    package var presetID: String
    package var operation: String
    package var artifactID: String

    enum CodingKeys: String, CodingKey {
        case presetID = "preset_id"
        case operation
        case artifactID = "artifact_id"
    }

    /// One record per operation `preset` maps to an artifact.
    package static func records(of preset: Preset) -> [PresetOperationRecord] {
        preset.operations.sorted { $0.key < $1.key }.map {
            PresetOperationRecord(presetID: preset.id.rawValue, operation: $0.key, artifactID: $0.value.rawValue)
        }
    }

    /// The row's columns as they are stored.
    package init(presetID: String, operation: String, artifactID: String) {
        self.presetID = presetID
        self.operation = operation
        self.artifactID = artifactID
    }
}
