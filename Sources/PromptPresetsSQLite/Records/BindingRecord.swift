import GRDB
import PromptPresets

/// A row of `binding`: a preset pinned to a chat, character or profile.
struct BindingRecord: Codable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "binding"

    /// `chat`, `character` or `profile` (`ScopeKind.rawValue`).
    var scope: String
    var key: String
    var presetID: String

    enum CodingKeys: String, CodingKey {
        case scope, key
        case presetID = "preset_id"
    }

    init(_ binding: Binding) {
        scope = binding.scope.kind.rawValue
        key = binding.scope.key
        presetID = binding.preset.rawValue
    }

    func domainValue() throws -> Binding {
        guard let kind = ScopeKind(rawValue: scope) else {
            throw InvalidRecord(detail: "binding '\(key)' has an unknown scope '\(scope)'")
        }
        return Binding(Scope(kind, key), to: PresetID(presetID))
    }
}
