import Foundation
import GRDB
import PromptPresets

/// A row of `preset`. Its operation map lives in `preset_operation`.
struct PresetRecord: Codable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "preset"

    var id: String
    var name: String
    var description: String
    var createdAt: Double
    var modifiedAt: Double
    var revision: Int

    enum CodingKeys: String, CodingKey {
        case id, name, description
        case createdAt = "created_at"
        case modifiedAt = "modified_at"
        case revision
    }

    init(_ preset: Preset) {
        id = preset.id.rawValue
        name = preset.name
        description = preset.description
        createdAt = preset.createdAt.storedValue
        modifiedAt = preset.modifiedAt.storedValue
        revision = preset.revision
    }

    func domainValue(operations: [String: ArtifactID]) throws -> Preset {
        Preset(
            id: PresetID(id), name: name, description: description, operations: operations,
            createdAt: Date(storedValue: createdAt), modifiedAt: Date(storedValue: modifiedAt),
            revision: try StoredNumber.checked(revision, "revision", in: "preset \(id)"))
    }
}

/// A row of `preset_operation`: one entry of a preset's operation map.
struct PresetOperationRecord: Codable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "preset_operation"

    var presetID: String
    var operation: String
    var artifactID: String

    enum CodingKeys: String, CodingKey {
        case presetID = "preset_id"
        case operation
        case artifactID = "artifact_id"
    }

    /// One record per operation `preset` maps to an artifact.
    static func records(of preset: Preset) -> [PresetOperationRecord] {
        preset.operations.sorted { $0.key < $1.key }.map {
            PresetOperationRecord(presetID: preset.id.rawValue, operation: $0.key, artifactID: $0.value.rawValue)
        }
    }
}
