import PromptPresets

/// How a `change_log` row names the object a commit touched: an entity kind and the
/// object's primary key. A binding's kind names its scope kind (`binding.chat`), so a key
/// never has to encode two values.
extension ChangedObject {
    package static let bindingPrefix = "binding."

    package var entity: String {
        switch self {
        case .artifact: "artifact"
        case .preset: "preset"
        case .binding(let scope): Self.bindingPrefix + scope.kind.rawValue
        case .session: "session"
        case .counter: "counter"
        case .profile: "profile"
        }
    }

    package var key: String {
        switch self {
        case .artifact(let id): id.rawValue
        case .preset(let id): id.rawValue
        case .binding(let scope): scope.key
        case .session(let id): id.rawValue
        case .counter(let operation): operation
        case .profile(let id): id
        }
    }

    /// The object a stored row names.
    /// - Throws: `InvalidRecord` for an entity kind this version does not write.
    package init(entity: String, key: String) throws {
        switch entity {
        case "artifact": self = .artifact(ArtifactID(key))
        case "preset": self = .preset(PresetID(key))
        case "session": self = .session(SessionID(key))
        case "counter": self = .counter(operation: key)
        case "profile": self = .profile(id: key)
        default:
            guard entity.hasPrefix(Self.bindingPrefix),
                  let kind = ScopeKind(rawValue: String(entity.dropFirst(Self.bindingPrefix.count)))
            else { throw InvalidRecord(detail: "change_log names an unknown entity '\(entity)'") }
            self = .binding(Scope(kind, key))
        }
    }
}
