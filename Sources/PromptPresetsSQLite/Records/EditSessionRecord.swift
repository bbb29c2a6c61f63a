import Foundation
import GRDB
import PromptPresets

/// A row of `edit_session`: an open edit of one operation in one preset.
struct EditSessionRecord: Codable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "edit_session"

    var id: String
    var presetID: String
    var operation: String
    var previousArtifactID: String?
    /// Canonical JSON (`Config.canonicalText`).
    var startConfig: String
    var artifactID: String?
    var openedAt: Double
    var lastActivityAt: Double

    enum CodingKeys: String, CodingKey {
        case id
        case presetID = "preset_id"
        case operation
        case previousArtifactID = "previous_artifact_id"
        case startConfig = "start_config"
        case artifactID = "artifact_id"
        case openedAt = "opened_at"
        case lastActivityAt = "last_activity_at"
    }

    init(_ session: EditSession) {
        id = session.id.rawValue
        presetID = session.preset.rawValue
        operation = session.operation
        previousArtifactID = session.previousArtifact?.rawValue
        startConfig = session.startConfig.canonicalText
        artifactID = session.artifact?.rawValue
        openedAt = session.openedAt.storedValue
        lastActivityAt = session.lastActivityAt.storedValue
    }

    func domainValue() throws -> EditSession {
        EditSession(
            id: SessionID(id), preset: PresetID(presetID), operation: operation,
            previousArtifact: previousArtifactID.map(ArtifactID.init(rawValue:)),
            startConfig: try Config(storedText: startConfig, in: "edit session \(id) start_config"),
            artifact: artifactID.map(ArtifactID.init(rawValue:)),
            openedAt: Date(storedValue: openedAt), lastActivityAt: Date(storedValue: lastActivityAt))
    }
}
