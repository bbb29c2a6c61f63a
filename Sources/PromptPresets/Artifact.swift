import Foundation

/// How an artifact came to be.
public enum ArtifactOrigin: String, Sendable, Hashable, Codable, CaseIterable {
    case edit, duplicate, `import`, migration, merge
}

/// What an artifact was forked from.
public enum ArtifactParent: Sendable, Hashable {
    /// The operation's default at the given version.
    case `default`(SemanticVersion)
    /// Another artifact of the same operation (which may since have been pruned).
    case artifact(ArtifactID)
    /// Nothing known: imports and migrations of unknown descent.
    case none
}

/// A stored, named, numbered user version of one operation's config (§3).
///
/// The config never changes once the edit session that created it is finished; only
/// `name`, `label`, `description` and the update bookkeeping (`basedOn`, dismissals) may.
public struct Artifact: Sendable, Hashable, Identifiable {
    public var id: ArtifactID
    public var operation: String
    public var name: String
    /// The base used to name versions forked from this one (`<label> v<N>`).
    public var label: String?
    public var description: String
    /// Per-operation number, never reused.
    public var number: Int
    public var config: Config
    /// The default version this descends from, or `nil` when unknown.
    public var basedOn: SemanticVersion?
    public var parent: ArtifactParent
    public var origin: ArtifactOrigin
    public var createdAt: Date
    public var modifiedAt: Date
    /// Default versions whose update notification the user dismissed.
    public var dismissedVersions: Set<SemanticVersion>
    /// Bumped on every stored change; writes carry the revision they read.
    public var revision: Int

    public init(
        id: ArtifactID, operation: String, name: String, label: String? = nil, description: String = "",
        number: Int, config: Config, basedOn: SemanticVersion?, parent: ArtifactParent,
        origin: ArtifactOrigin, createdAt: Date, modifiedAt: Date,
        dismissedVersions: Set<SemanticVersion> = [], revision: Int = 1
    ) {
        self.id = id
        self.operation = operation
        self.name = name
        self.label = label
        self.description = description
        self.number = number
        self.config = config
        self.basedOn = basedOn
        self.parent = parent
        self.origin = origin
        self.createdAt = createdAt
        self.modifiedAt = modifiedAt
        self.dismissedVersions = dismissedVersions
        self.revision = revision
    }
}
