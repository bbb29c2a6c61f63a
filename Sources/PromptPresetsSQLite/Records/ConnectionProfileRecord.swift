import GRDB
import PromptPresets

/// A row of `connection_profile`: a name and an API kind, never a credential.
struct ConnectionProfileRecord: Codable, Hashable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "connection_profile"

    var id: String
    var name: String
    var api: String

    init(_ profile: ConnectionProfile) {
        id = profile.id
        name = profile.name
        api = profile.api
    }

    func domainValue() -> ConnectionProfile {
        ConnectionProfile(id: id, name: name, api: api)
    }
}
