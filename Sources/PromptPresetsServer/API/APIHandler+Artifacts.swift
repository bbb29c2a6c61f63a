import PromptPresets
import PromptPresetsAPI

/// `/artifacts/{id}`: stored versions by id — list, get, rename/describe, delete, duplicate.
/// Every answer with a version carries its revision as the `ETag`; writes take it back as `If-Match`.
extension APIHandler {
    func listArtifacts(_ input: Operations.ListArtifacts.Input) async throws -> Operations.ListArtifacts.Output {
        let snapshot = library.snapshot
        let operations = if let operation = input.query.operation, !operation.isEmpty {
            [try snapshot.catalog.operation(operation).key]
        } else {
            snapshot.catalog.operationKeys
        }
        let artifacts = try operations.flatMap { snapshot.artifacts(of: $0) }.map { try Components.Schemas.Artifact($0, in: snapshot) }
        return .ok(.init(body: .json(artifacts)))
    }

    func getArtifact(_ input: Operations.GetArtifact.Input) async throws -> Operations.GetArtifact.Output {
        let (wire, tag) = try answer(try artifact(input.path.id).id)
        return .ok(.init(headers: .init(eTag: tag), body: .json(wire)))
    }

    func updateArtifact(_ input: Operations.UpdateArtifact.Input) async throws -> Operations.UpdateArtifact.Output {
        let id = try artifact(input.path.id).id
        let expected = try ETag.expectedRevision(ifMatch: input.headers.ifMatch)
        let body = switch input.body { case .json(let body): body }
        let change = try RenameRequest(name: body.name, description: body.description)
        _ = try await library.perform(actor: actor) { snapshot, environment in
            try change.outcome(
                rename: { try snapshot.renameArtifact(id, to: $0, expectedRevision: expected, environment) },
                describe: { try $0.describeArtifact(id, as: $1, expectedRevision: $2, environment) },
                on: snapshot, expectedRevision: expected)
        }
        let (wire, tag) = try answer(id)
        return .ok(.init(headers: .init(eTag: tag), body: .json(wire)))
    }

    func deleteArtifact(_ input: Operations.DeleteArtifact.Input) async throws -> Operations.DeleteArtifact.Output {
        let id = try artifact(input.path.id).id
        let expected = try ETag.expectedRevision(ifMatch: input.headers.ifMatch)
        let deleted = try await library.perform(actor: actor) { snapshot, environment in
            try snapshot.deleteArtifact(id, expectedRevision: expected, environment)
        }
        return .ok(.init(body: .json(.init(deleted: .init(deleted), operation: deleted.operation))))
    }

    func duplicateArtifact(_ input: Operations.DuplicateArtifact.Input) async throws -> Operations.DuplicateArtifact.Output {
        let source = try artifact(input.path.id)
        let copy = try await library.perform(actor: actor) { snapshot, environment in
            try snapshot.duplicateVersion(source.name, of: source.operation, environment)
        }
        let (wire, tag) = try answer(copy.id)
        return .created(.init(headers: .init(eTag: tag), body: .json(wire)))
    }

    private func artifact(_ id: String, in snapshot: Snapshot? = nil) throws -> Artifact {
        guard let artifact = (snapshot ?? library.snapshot).artifacts[ArtifactID(id)] else {
            throw APIError.notFound("No stored version with id '\(id.debugEscapedForMessage)'.")
        }
        return artifact
    }

    /// The version as it is now, and its revision as an entity tag.
    private func answer(_ id: ArtifactID) throws -> (Components.Schemas.Artifact, String) {
        let snapshot = library.snapshot
        let artifact = try artifact(id.rawValue, in: snapshot)
        return (try .init(artifact, in: snapshot), ETag.revision(artifact.revision))
    }
}
