import HashTreeCollections

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

    /// Listing order: profiles, then characters, then chats (as `Bindings.all`).
    var order: Int {
        switch self {
        case .profile: 0
        case .character: 1
        case .chat: 2
        }
    }
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
///
/// A snapshot that changes one binding shares all the others with the snapshot it came from,
/// so a write costs O(log n) whatever the store holds, and a lookup costs about what a plain
/// dictionary's does (`BindingMap`, §8.5). `scopes(boundTo:)` is the reverse index that makes
/// deleting a preset cost the bindings pointing at it, not all bindings.
public struct Bindings: Sendable, Hashable {
    public private(set) var chats: BindingMap
    public private(set) var characters: BindingMap
    public private(set) var profiles: BindingMap
    private var byPreset: TreeDictionary<PresetID, TreeSet<Scope>> = [:]

    public init(chats: [String: PresetID] = [:], characters: [String: PresetID] = [:], profiles: [String: PresetID] = [:]) {
        self.chats = BindingMap(chats)
        self.characters = BindingMap(characters)
        self.profiles = BindingMap(profiles)
        for (key, preset) in profiles { byPreset[preset, default: []].insert(.profile(key)) }
        for (key, preset) in characters { byPreset[preset, default: []].insert(.character(key)) }
        for (key, preset) in chats { byPreset[preset, default: []].insert(.chat(key)) }
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
            let old: PresetID?
            switch scope {
            case .chat(let key): old = chats.set(key, to: newValue)
            case .character(let key): old = characters.set(key, to: newValue)
            case .profile(let key): old = profiles.set(key, to: newValue)
            }
            guard old != newValue else { return }
            if let old {
                byPreset[old]?.remove(scope)
                if byPreset[old]?.isEmpty == true { byPreset[old] = nil }
            }
            if let newValue { byPreset[newValue, default: []].insert(scope) }
        }
    }

    /// The scopes pinned to `preset`, in no particular order.
    public func scopes(boundTo preset: PresetID) -> TreeSet<Scope> {
        byPreset[preset] ?? []
    }

    /// All bindings, profiles first, then characters, then chats, each sorted by key.
    public var all: [Binding] {
        profiles.sorted { $0.key < $1.key }.map { Binding(.profile($0.key), to: $0.value) }
            + characters.sorted { $0.key < $1.key }.map { Binding(.character($0.key), to: $0.value) }
            + chats.sorted { $0.key < $1.key }.map { Binding(.chat($0.key), to: $0.value) }
    }

    public var count: Int { chats.count + characters.count + profiles.count }

    public static func == (lhs: Bindings, rhs: Bindings) -> Bool {
        lhs.chats == rhs.chats && lhs.characters == rhs.characters && lhs.profiles == rhs.profiles
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(chats)
        hasher.combine(characters)
        hasher.combine(profiles)
    }
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
