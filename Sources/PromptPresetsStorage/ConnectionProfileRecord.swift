import PromptPresets

/// A row of `connection_profile`: a name and an API kind, never a credential.
package struct ConnectionProfileRecord: Codable, Hashable, Sendable {
    package var id: String
    package var name: String
    package var api: String

    package init(_ profile: ConnectionProfile) {
        id = profile.id
        name = profile.name
        api = profile.api
    }

    package func domainValue() -> ConnectionProfile {
        ConnectionProfile(id: id, name: name, api: api)
    }

    /// The row's columns as they are stored.
    package init(id: String, name: String, api: String) {
        self.id = id
        self.name = name
        self.api = api
    }
}
