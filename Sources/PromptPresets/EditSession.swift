import Foundation

/// An open edit of one operation in one preset (§6.1).
///
/// The first real change forks a new version and points the preset at it; later changes
/// update that version in place until the session is finished or cancelled.
public struct EditSession: Sendable, Hashable, Identifiable {
    public var id: SessionID
    public var preset: PresetID
    public var operation: String
    /// What the preset referenced when the session opened (`nil` = the default); cancel restores it.
    public var previousArtifact: ArtifactID?
    /// The config the session started from; a session that ends equal to it leaves nothing behind.
    public var startConfig: Config
    /// The version the first change created, if any change happened yet.
    public var artifact: ArtifactID?
    public var openedAt: Date
    public var lastActivityAt: Date
    /// The editor holding the session (a browser tab, an API client, a CLI run); others must take it over.
    public var owner: String
    /// Bumped on every change; an editor's change names the revision it saw (§6.1).
    public var revision: Int
    /// For a session opened on `Default`: the scope the copy made by the first real change
    /// is bound to (the scope where Default was in effect), if any.
    public var copyBinding: Scope?

    public init(
        id: SessionID, preset: PresetID, operation: String, previousArtifact: ArtifactID?,
        startConfig: Config, artifact: ArtifactID? = nil, openedAt: Date, lastActivityAt: Date,
        owner: String = "", revision: Int = 1, copyBinding: Scope? = nil
    ) {
        self.id = id
        self.preset = preset
        self.operation = operation
        self.previousArtifact = previousArtifact
        self.startConfig = startConfig
        self.artifact = artifact
        self.openedAt = openedAt
        self.lastActivityAt = lastActivityAt
        self.owner = owner
        self.revision = revision
        self.copyBinding = copyBinding
    }
}

/// One line of the audit log: who changed what, when, from which reference to which.
public struct AuditEntry: Sendable, Hashable, Codable {
    public var at: Date
    public var actor: String
    public var action: String
    public var subject: String
    public var before: String?
    public var after: String?

    public init(at: Date, actor: String, action: String, subject: String, before: String? = nil, after: String? = nil) {
        self.at = at
        self.actor = actor
        self.action = action
        self.subject = subject
        self.before = before
        self.after = after
    }
}

/// One thing a command changed, for a store to persist in the command's transaction.
///
/// Updates carry the new value whose `revision` is one more than the stored one, and deletes
/// the revision they read; a store refuses the whole transaction when the stored revision
/// differs (a stale write, from this process or another).
public enum Change: Sendable, Hashable {
    case insertArtifact(Artifact)
    case updateArtifact(Artifact)
    case deleteArtifact(ArtifactID, revision: Int)
    case insertPreset(Preset)
    case updatePreset(Preset)
    case deletePreset(PresetID, revision: Int)
    case setBinding(Binding)
    case removeBinding(Scope)
    /// Removes every binding pointing at the preset (chat bindings may not all be loaded).
    case removeBindings(to: PresetID)
    /// Inserts a session at revision 1, or replaces the one at `revision - 1`.
    case putSession(EditSession)
    case deleteSession(SessionID, revision: Int)
    /// Raises the operation's number counter to `value`; it never goes down.
    case setCounter(operation: String, value: Int)
    case putConnectionProfile(ConnectionProfile)
    case deleteConnectionProfile(id: String)
    case appendAudit(AuditEntry)
}
