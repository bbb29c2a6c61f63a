import Foundation

extension Snapshot {
    /// Pins a preset (Default included) to a chat, character or profile, replacing any previous pin.
    public func bind(_ scope: Scope, to presetID: PresetID, _ environment: CommandEnvironment) throws(PresetError) -> Outcome<Binding> {
        let scope = try scope.validated()
        let preset = try existingPreset(presetID)
        let before = bindings[scope]
        return try transact(environment) { transaction in
            let binding = Binding(scope, to: presetID)
            transaction.bind(binding)
            transaction.audit("binding.set", scope.description, before: before?.rawValue, after: preset.id.rawValue)
            return binding
        }
    }

    /// Clears the pin of a scope.
    /// - Throws: `bindingNotFound` when the scope has none.
    public func unbind(_ scope: Scope, _ environment: CommandEnvironment) throws(PresetError) -> Outcome<Binding> {
        let scope = try scope.validated()
        guard let presetID = bindings[scope] else { throw .bindingNotFound(scope.description) }
        return try transact(environment) { transaction in
            transaction.unbind(scope)
            transaction.audit("binding.clear", scope.description, before: presetID.rawValue)
            return Binding(scope, to: presetID)
        }
    }

    /// Adds a connection profile (a name and an API kind; never a credential).
    public func addConnectionProfile(
        named rawName: String, api: String = "", id: String? = nil, _ environment: CommandEnvironment
    ) throws(PresetError) -> Outcome<ConnectionProfile> {
        let name = try Naming.validated(rawName)
        if connectionProfile(named: name) != nil { throw .connectionProfileNameTaken(name) }
        return try transact(environment) { transaction in
            let profile = ConnectionProfile(id: id ?? environment.ids.next(), name: name, api: api)
            transaction.put(profile)
            transaction.audit("connection.add", "connection '\(name)'", after: profile.id)
            return profile
        }
    }

    /// Renames a connection profile; configs keep pointing at it because they hold its id.
    public func renameConnectionProfile(
        _ oldName: String, to rawName: String, _ environment: CommandEnvironment
    ) throws(PresetError) -> Outcome<ConnectionProfile> {
        guard var profile = connectionProfile(named: oldName) else { throw .connectionProfileNotFound(oldName) }
        let name = try Naming.validated(rawName)
        if name != oldName, connectionProfile(named: name) != nil { throw .connectionProfileNameTaken(name) }
        profile.name = name
        return try transact(environment) { [profile] transaction in
            transaction.put(profile)
            transaction.audit("connection.rename", "connection '\(name)'", before: oldName, after: name)
            return profile
        }
    }

    /// Removes a connection profile; returns the names of versions whose configs still name it
    /// (they fall back to the current connection in the host application).
    public func removeConnectionProfile(_ name: String, _ environment: CommandEnvironment) throws(PresetError) -> Outcome<[String]> {
        guard let profile = connectionProfile(named: name) else { throw .connectionProfileNotFound(name) }
        let users = artifacts.values
            .filter { artifact in artifact.config.fields.values.contains(.string(profile.id)) }
            .map { "\($0.operation) '\($0.name)'" }.sorted()
        return try transact(environment) { transaction in
            transaction.deleteConnectionProfile(profile.id)
            transaction.audit("connection.remove", "connection '\(name)'", before: profile.id)
            return users
        }
    }

}

extension Scope {
    /// This scope with its key trimmed and checked (non-empty, at most 500 characters, no control characters).
    /// - Throws: `invalidName` naming the problem.
    public func validated() throws(PresetError) -> Scope {
        // The usual key (printable ASCII, no surrounding spaces, not too long) is fine as it is.
        let bytes = self.key.utf8
        if !bytes.isEmpty, bytes.count <= 500, bytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) { return self }
        let key = self.key.trimmingCharacters(in: .whitespacesAndNewlines)
        if key.isEmpty { throw .invalidName(self.key, reason: "a \(kind.rawValue) key cannot be empty") }
        if key.count > 500 { throw .invalidName(String(key.prefix(40)) + "…", reason: "\(key.count) characters; the limit is 500") }
        if key.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw .invalidName(key, reason: "control characters are not allowed")
        }
        return Scope(kind, key)
    }
}

extension Context {
    /// This context with every key trimmed and checked like a binding's scope key.
    /// - Throws: `invalidName` naming the bad key.
    public func validated() throws(PresetError) -> Context {
        var context = Context(profile: try Scope.profile(profile).validated().key)
        if let chat { context.chat = try Scope.chat(chat).validated().key }
        if let character { context.character = try Scope.character(character).validated().key }
        return context
    }
}
