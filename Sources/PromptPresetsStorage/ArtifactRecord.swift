import Foundation
import PromptPresets

/// A row of `artifact`. Dismissed update versions live in `update_dismissal`.
package struct ArtifactRecord: Codable, Hashable, Sendable {
    package var id: String
    package var operation: String
    package var name: String
    package var label: String?
    package var description: String
    package var number: Int
    /// Canonical JSON (`Config.canonicalText`).
    package var config: String
    package var basedOn: String?
    /// `default`, `artifact` or `none`.
    package var parentKind: String
    /// The default version or the artifact id, by `parentKind`.
    package var parentRef: String?
    package var origin: String
    package var createdAt: Double
    package var modifiedAt: Double
    package var revision: Int

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

    package init(_ artifact: Artifact) {
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

    package func domainValue(dismissedVersions: Set<SemanticVersion>) throws -> Artifact {
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

    /// The row's columns as they are stored.
    package init(
        id: String, operation: String, name: String, label: String?, description: String, number: Int,
        config: String, basedOn: String?, parentKind: String, parentRef: String?, origin: String,
        createdAt: Double, modifiedAt: Double, revision: Int
    ) {
        self.id = id
        self.operation = operation
        self.name = name
        self.label = label
        self.description = description
        self.number = number
        self.config = config
        self.basedOn = basedOn
        self.parentKind = parentKind
        self.parentRef = parentRef
        self.origin = origin
        self.createdAt = createdAt
        self.modifiedAt = modifiedAt
        self.revision = revision
    }
}

/// A row of `update_dismissal`: the user silenced the update to `version` for one artifact.
package struct UpdateDismissalRecord: Codable, Hashable, Sendable {
    package var artifactID: String
    package var version: String

    enum CodingKeys: String, CodingKey {
        case artifactID = "artifact_id"
        case version
    }

    /// One record per dismissed version of `artifact`.
    package static func records(of artifact: Artifact) -> [UpdateDismissalRecord] {
        artifact.dismissedVersions.sorted().map { UpdateDismissalRecord(artifactID: artifact.id.rawValue, version: $0.description) }
    }

    package func domainValue() throws -> SemanticVersion {
        try SemanticVersion(storedText: version, in: "update_dismissal of artifact \(artifactID)")
    }

    /// The row's columns as they are stored.
    package init(artifactID: String, version: String) {
        self.artifactID = artifactID
        self.version = version
    }
}
