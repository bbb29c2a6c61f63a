import Foundation
import GRDB
import PromptPresets

/// A row of `artifact`. Dismissed update versions live in `update_dismissal`.
struct ArtifactRecord: Codable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "artifact"

    var id: String
    var operation: String
    var name: String
    var label: String?
    var description: String
    var number: Int
    /// Canonical JSON (`Config.canonicalText`).
    var config: String
    var basedOn: String?
    /// `default`, `artifact` or `none`.
    var parentKind: String
    /// The default version or the artifact id, by `parentKind`.
    var parentRef: String?
    var origin: String
    var createdAt: Double
    var modifiedAt: Double
    var revision: Int

    enum CodingKeys: String, CodingKey {
        case id, operation, name, label, description, number, config
        case basedOn = "based_on"
        case parentKind = "parent_kind"
        case parentRef = "parent_ref"
        case origin
        case createdAt = "created_at"
        case modifiedAt = "modified_at"
        case revision
    }

    init(_ artifact: Artifact) {
        id = artifact.id.rawValue
        operation = artifact.operation
        name = artifact.name
        label = artifact.label
        description = artifact.description
        number = artifact.number
        config = artifact.config.canonicalText
        basedOn = artifact.basedOn?.description
        switch artifact.parent {
        case .default(let version):
            parentKind = "default"
            parentRef = version.description
        case .artifact(let parent):
            parentKind = "artifact"
            parentRef = parent.rawValue
        case .none:
            parentKind = "none"
            parentRef = nil
        }
        origin = artifact.origin.rawValue
        createdAt = artifact.createdAt.storedValue
        modifiedAt = artifact.modifiedAt.storedValue
        revision = artifact.revision
    }

    func domainValue(dismissedVersions: Set<SemanticVersion>) throws -> Artifact {
        let place = "artifact \(id)"
        let parent: ArtifactParent
        switch (parentKind, parentRef) {
        case ("default", let ref?): parent = .default(try SemanticVersion(storedText: ref, in: "\(place) parent_ref"))
        case ("artifact", let ref?): parent = .artifact(ArtifactID(ref))
        case ("none", nil): parent = .none
        default: throw InvalidRecord(detail: "\(place) has an invalid parent (\(parentKind), \(parentRef ?? "NULL"))")
        }
        guard let origin = ArtifactOrigin(rawValue: origin) else {
            throw InvalidRecord(detail: "\(place) has an unknown origin '\(origin)'")
        }
        return Artifact(
            id: ArtifactID(id), operation: operation, name: name, label: label, description: description,
            number: try StoredNumber.checked(number, "number", in: place), config: try Config(storedText: config, in: "\(place) config"),
            basedOn: try basedOn.map { try SemanticVersion(storedText: $0, in: "\(place) based_on") },
            parent: parent, origin: origin,
            createdAt: Date(storedValue: createdAt), modifiedAt: Date(storedValue: modifiedAt),
            dismissedVersions: dismissedVersions, revision: try StoredNumber.checked(revision, "revision", in: place))
    }
}

/// A row of `update_dismissal`: the user silenced the update to `version` for one artifact.
struct UpdateDismissalRecord: Codable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "update_dismissal"

    var artifactID: String
    var version: String

    enum CodingKeys: String, CodingKey {
        case artifactID = "artifact_id"
        case version
    }

    /// One record per dismissed version of `artifact`.
    static func records(of artifact: Artifact) -> [UpdateDismissalRecord] {
        artifact.dismissedVersions.sorted().map { UpdateDismissalRecord(artifactID: artifact.id.rawValue, version: $0.description) }
    }

    func domainValue() throws -> SemanticVersion {
        try SemanticVersion(storedText: version, in: "update_dismissal of artifact \(artifactID)")
    }
}
