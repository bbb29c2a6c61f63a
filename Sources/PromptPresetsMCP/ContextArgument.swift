import PromptPresets

/// The prompt arguments that choose the context a prompt is resolved in, rather than
/// filling a template variable.
public enum ContextArgument: String, CaseIterable, Sendable {
    case chat
    case character
    case profile

    /// What a client shows next to the argument.
    public var description: String {
        switch self {
        case .chat: "Chat key whose binding is used when resolving the preset (optional)."
        case .character: "Character key whose binding is used when resolving the preset (optional)."
        case .profile: "Connection profile key whose binding is used when resolving the preset (optional)."
        }
    }

    /// The kind of binding the argument's key looks up.
    public var kind: ScopeKind {
        switch self {
        case .chat: .chat
        case .character: .character
        case .profile: .profile
        }
    }
}
