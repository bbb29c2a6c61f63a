import Foundation
import PromptPresets

/// A row of `edit_session`: an open edit of one operation in one preset.
package struct EditSessionRecord: Codable, Hashable, Sendable {
    package var id: String
    package var presetID: String
    package var operation: String
    package var previousArtifactID: String?
    /// Canonical JSON (`Config.canonicalText`).
    package var startConfig: String
    package var artifactID: String?
    package var openedAt: Double
    package var lastActivityAt: Double
    package var owner: String
    package var revision: Int
    /// `copyBinding`'s scope kind (`ScopeKind.rawValue`) and key; both NULL when there is none.
    package var copyScope: String?
    package var copyKey: String?

    enum CodingKeys: String, CodingKey {
        case id
        case presetID = "preset_id"
        case operation
        case previousArtifactID = "previous_artifact_id"
        case startConfig = "start_config"
        case artifactID = "artifact_id"
        case openedAt = "opened_at"
        case lastActivityAt = "last_activity_at"
        case owner, revision
        case copyScope = "copy_scope"
        case copyKey = "copy_key"
    }

    package init(_ session: EditSession) {
        id = session.id.rawValue
        presetID = session.preset.rawValue
        operation = session.operation
        previousArtifactID = session.previousArtifact?.rawValue
        startConfig = session.startConfig.canonicalText
        artifactID = session.artifact?.rawValue
        openedAt = session.openedAt.storedValue
        lastActivityAt = session.lastActivityAt.storedValue
        owner = session.owner
        revision = session.revision
        copyScope = session.copyBinding?.kind.rawValue
        copyKey = session.copyBinding?.key
    }

    package func domainValue() throws -> EditSession {
        let place = "edit session \(id)"
        var copyBinding: Scope?
        if copyScope != nil || copyKey != nil {
            guard let scope = copyScope, let kind = ScopeKind(rawValue: scope), let key = copyKey else {
                throw InvalidRecord(detail: "\(place) has an invalid copy binding (\(copyScope ?? "NULL"), \(copyKey ?? "NULL"))")
            }
            copyBinding = Scope(kind, key)
        }
        return EditSession(
            id: SessionID(id), preset: PresetID(presetID), operation: operation,
            previousArtifact: previousArtifactID.map(ArtifactID.init(rawValue:)),
            startConfig: try Config(storedText: startConfig, in: "\(place) start_config"),
            artifact: artifactID.map(ArtifactID.init(rawValue:)),
            openedAt: Date(storedValue: openedAt), lastActivityAt: Date(storedValue: lastActivityAt),
            owner: owner, revision: try StoredNumber.checked(revision, "revision", in: place), copyBinding: copyBinding)
    }

    /// The row's columns as they are stored.
    package init(
        id: String, presetID: String, operation: String, previousArtifactID: String?, startConfig: String,
        artifactID: String?, openedAt: Double, lastActivityAt: Double, owner: String, revision: Int,
        copyScope: String?, copyKey: String?
    ) {
        self.id = id
        self.presetID = presetID
        self.operation = operation
        self.previousArtifactID = previousArtifactID
        self.startConfig = startConfig
        self.artifactID = artifactID
        self.openedAt = openedAt
        self.lastActivityAt = lastActivityAt
        self.owner = owner
        self.revision = revision
        self.copyScope = copyScope
        self.copyKey = copyKey
    }
}
