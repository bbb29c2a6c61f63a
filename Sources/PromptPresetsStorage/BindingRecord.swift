import PromptPresets

/// A row of `binding`: a preset pinned to a chat, character or profile.
package struct BindingRecord: Codable, Hashable, Sendable {
    /// `chat`, `character` or `profile` (`ScopeKind.rawValue`).
    package var scope: String
    package var key: String
    package var presetID: String

    enum CodingKeys: String, CodingKey {
        case scope, key
        case presetID = "preset_id"
    }

    package init(_ binding: Binding) {
        scope = binding.scope.kind.rawValue
        key = binding.scope.key
        presetID = binding.preset.rawValue
    }

    package func domainValue() throws -> Binding {
        guard let kind = ScopeKind(rawValue: scope) else {
            throw InvalidRecord(detail: "binding '\(key)' has an unknown scope '\(scope)'")
        }
        return Binding(Scope(kind, key), to: PresetID(presetID))
    }

    /// The row's columns as they are stored.
    package init(scope: String, key: String, presetID: String) {
        self.scope = scope
        self.key = key
        self.presetID = presetID
    }
}
