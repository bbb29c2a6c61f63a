/// Where a preset can be pinned (§5).
public enum Scope: Sendable, Hashable, CustomStringConvertible {
    case chat(String)
    case character(String)
    case profile(String)

    /// `chat`, `character` or `profile`.
    public var kind: ScopeKind {
        switch self {
        case .chat: .chat
        case .character: .character
        case .profile: .profile
        }
    }

    public var key: String {
        switch self {
        case .chat(let key), .character(let key), .profile(let key): key
        }
    }

    public init(_ kind: ScopeKind, _ key: String) {
        switch kind {
        case .chat: self = .chat(key)
        case .character: self = .character(key)
        case .profile: self = .profile(key)
        }
    }

    public var description: String { "\(kind.rawValue) '\(key)'" }
}

public enum ScopeKind: String, Sendable, Hashable, Codable, CaseIterable {
    case chat, character, profile
}

/// A pin of a preset to a scope. Also called "sticky".
public struct Binding: Sendable, Hashable {
    public var scope: Scope
    public var preset: PresetID

    public init(_ scope: Scope, to preset: PresetID) {
        self.scope = scope
        self.preset = preset
    }
}

/// Every binding, one per scope, looked up by key.
public struct Bindings: Sendable, Hashable {
    public var chats: [String: PresetID]
    public var characters: [String: PresetID]
    public var profiles: [String: PresetID]

    public init(chats: [String: PresetID] = [:], characters: [String: PresetID] = [:], profiles: [String: PresetID] = [:]) {
        self.chats = chats
        self.characters = characters
        self.profiles = profiles
    }

    public init(_ bindings: some Sequence<Binding>) {
        self.init()
        for binding in bindings { self[binding.scope] = binding.preset }
    }

    public subscript(scope: Scope) -> PresetID? {
        get {
            switch scope {
            case .chat(let key): chats[key]
            case .character(let key): characters[key]
            case .profile(let key): profiles[key]
            }
        }
        set {
            switch scope {
            case .chat(let key): chats[key] = newValue
            case .character(let key): characters[key] = newValue
            case .profile(let key): profiles[key] = newValue
            }
        }
    }

    /// All bindings, profiles first, then characters, then chats, each sorted by key.
    public var all: [Binding] {
        profiles.sorted { $0.key < $1.key }.map { Binding(.profile($0.key), to: $0.value) }
            + characters.sorted { $0.key < $1.key }.map { Binding(.character($0.key), to: $0.value) }
            + chats.sorted { $0.key < $1.key }.map { Binding(.chat($0.key), to: $0.value) }
    }

    public var count: Int { chats.count + characters.count + profiles.count }
}

/// What the caller is doing right now: the scopes a resolution consults.
public struct Context: Sendable, Hashable {
    public var chat: String?
    public var character: String?
    /// The profile name; a context that names none uses `Default`.
    public var profile: String

    public init(chat: String? = nil, character: String? = nil, profile: String? = nil) {
        self.chat = chat
        self.character = character
        self.profile = profile ?? Context.defaultProfile
    }

    public static let defaultProfile = "Default"
}
