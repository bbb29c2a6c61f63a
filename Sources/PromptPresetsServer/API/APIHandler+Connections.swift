import PromptPresets
import PromptPresetsAPI

/// `/connections`: the connection-profile directory (`{id, name, api}`; never a credential).
extension APIHandler {
    func listConnections(_ input: Operations.ListConnections.Input) async throws -> Operations.ListConnections.Output {
        let profiles = library.snapshot.connectionProfiles.values.sorted { ($0.name, $0.id) < ($1.name, $1.id) }
        return .ok(.init(body: .json(profiles.map(Components.Schemas.ConnectionProfile.init))))
    }

    func createConnection(_ input: Operations.CreateConnection.Input) async throws -> Operations.CreateConnection.Output {
        let body = switch input.body { case .json(let body): body }
        let api = body.api ?? ""
        guard api.count <= 200, !api.containsControlCharacter else {
            throw APIError.unprocessable("api: at most 200 characters, no control characters.")
        }
        let profile = try await library.perform(actor: actor) { snapshot, environment in
            try snapshot.addConnectionProfile(named: body.name, api: api, environment)
        }
        return .created(.init(body: .json(.init(profile))))
    }

    func getConnection(_ input: Operations.GetConnection.Input) async throws -> Operations.GetConnection.Output {
        .ok(.init(body: .json(.init(try connectionProfile(input.path.id)))))
    }

    func renameConnection(_ input: Operations.RenameConnection.Input) async throws -> Operations.RenameConnection.Output {
        let profile = try connectionProfile(input.path.id)
        let body = switch input.body { case .json(let body): body }
        let renamed = try await library.perform(actor: actor) { snapshot, environment in
            try snapshot.renameConnectionProfile(profile.name, to: body.name, environment)
        }
        return .ok(.init(body: .json(.init(renamed))))
    }

    func deleteConnection(_ input: Operations.DeleteConnection.Input) async throws -> Operations.DeleteConnection.Output {
        let profile = try connectionProfile(input.path.id)
        let users = try await library.perform(actor: actor) { snapshot, environment in
            try snapshot.removeConnectionProfile(profile.name, environment)
        }
        return .ok(.init(body: .json(.init(deleted: .init(profile), stillReferencedBy: users))))
    }

    private func connectionProfile(_ id: String) throws -> ConnectionProfile {
        guard let profile = library.snapshot.connectionProfiles[id] else {
            throw APIError.notFound("No connection profile with id '\(id.debugEscapedForMessage)'.")
        }
        return profile
    }
}
