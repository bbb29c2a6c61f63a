import PromptPresets

extension Components.Schemas.ConnectionProfile {
    /// `{id, name, api}`: never anything else (no credential is stored).
    public init(_ profile: ConnectionProfile) {
        self.init(api: profile.api, id: profile.id, name: profile.name)
    }
}

extension Components.Schemas.Binding {
    /// A pin, with the name of the preset it points at (none when that preset no longer exists).
    public init(_ binding: Binding, in snapshot: Snapshot) {
        let scope: ScopePayload = switch binding.scope.kind {
        case .chat: .chat
        case .character: .character
        case .profile: .profile
        }
        self.init(
            key: binding.scope.key, preset: binding.preset.rawValue, presetName: snapshot.preset(id: binding.preset)?.name,
            scope: scope)
    }
}

extension Components.Schemas.AuditEntry {
    public init(_ entry: AuditEntry) {
        self.init(
            action: entry.action, actor: entry.actor, after: entry.after, at: entry.at, before: entry.before,
            subject: entry.subject)
    }
}

extension ScopeKind {
    /// The scope kind of any of the document's `chat | character | profile` enums (they share these raw values).
    public init?<Payload: RawRepresentable>(_ payload: Payload) where Payload.RawValue == String {
        self.init(rawValue: payload.rawValue)
    }
}
