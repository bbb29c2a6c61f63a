import MCP
import PromptPresets

/// What `completion/complete` offers: for `chat`, `character` and `profile`, the keys bound
/// in the store that start with what was typed; nothing for template variables.
struct ArgumentCompletion {
    let snapshot: Snapshot

    /// The most values one answer carries (the protocol's limit).
    static let limit = 100

    func complete(_ argument: String, prefix: String) -> Complete.Result.Completion {
        guard let context = ContextArgument(rawValue: argument) else { return .init(values: [], total: 0, hasMore: false) }
        let keys: [String]
        switch context {
        case .chat: keys = snapshot.bindings.chats.entries.map(\.key)
        case .character: keys = snapshot.bindings.characters.entries.map(\.key)
        case .profile: keys = snapshot.bindings.profiles.entries.map(\.key)
        }
        let matches = keys.filter { $0.hasPrefix(prefix) }.sorted()
        return .init(values: Array(matches.prefix(Self.limit)), total: matches.count, hasMore: matches.count > Self.limit)
    }
}
