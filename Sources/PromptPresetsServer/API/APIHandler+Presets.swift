import PromptPresets
import PromptPresetsAPI

/// `/presets`: list, create, get, rename/describe, delete, duplicate, and point an operation at a version.
/// Every answer with a preset carries its revision as the `ETag`; writes take it back as `If-Match`.
extension APIHandler {
    func listPresets(_ input: Operations.ListPresets.Input) async throws -> Operations.ListPresets.Output {
        let snapshot = library.snapshot
        return .ok(.init(body: .json(snapshot.allPresets.map { .init($0, in: snapshot) })))
    }

    func createPreset(_ input: Operations.CreatePreset.Input) async throws -> Operations.CreatePreset.Output {
        let body = switch input.body { case .json(let body): body }
        let preset = try await library.perform(actor: actor) { snapshot, environment in
            try snapshot.createPreset(named: body.name, description: body.description ?? "", environment)
        }
        let (wire, tag) = try answer(preset.id)
        return .created(.init(headers: .init(eTag: tag), body: .json(wire)))
    }

    func getPreset(_ input: Operations.GetPreset.Input) async throws -> Operations.GetPreset.Output {
        let (wire, tag) = try answer(try preset(input.path.id).id)
        return .ok(.init(headers: .init(eTag: tag), body: .json(wire)))
    }

    func updatePreset(_ input: Operations.UpdatePreset.Input) async throws -> Operations.UpdatePreset.Output {
        let id = try preset(input.path.id).id
        let expected = try ETag.expectedRevision(ifMatch: input.headers.ifMatch)
        let body = switch input.body { case .json(let body): body }
        let change = try RenameRequest(name: body.name, description: body.description)
        _ = try await library.perform(actor: actor) { snapshot, environment in
            try change.outcome(
                rename: { try snapshot.renamePreset(id, to: $0, expectedRevision: expected, environment) },
                describe: { try $0.describePreset(id, as: $1, expectedRevision: $2, environment) },
                on: snapshot, expectedRevision: expected)
        }
        let (wire, tag) = try answer(id)
        return .ok(.init(headers: .init(eTag: tag), body: .json(wire)))
    }

    func deletePreset(_ input: Operations.DeletePreset.Input) async throws -> Operations.DeletePreset.Output {
        let id = try preset(input.path.id).id
        let expected = try ETag.expectedRevision(ifMatch: input.headers.ifMatch)
        let before = library.snapshot
        let removed = try await library.perform(actor: actor) { snapshot, environment in
            try snapshot.deletePreset(id, expectedRevision: expected, environment)
        }
        return .ok(.init(body: .json(.init(deleted: id.rawValue, removedBindings: removed.map { .init($0, in: before) }))))
    }

    func duplicatePreset(_ input: Operations.DuplicatePreset.Input) async throws -> Operations.DuplicatePreset.Output {
        let id = try preset(input.path.id).id
        let name: String? = switch input.body {
        case .json(let body): body.name
        case nil: nil
        }
        let copy = try await library.perform(actor: actor) { snapshot, environment in
            try snapshot.duplicatePreset(id, as: name, environment)
        }
        let (wire, tag) = try answer(copy.id)
        return .created(.init(headers: .init(eTag: tag), body: .json(wire)))
    }

    func setPresetOperation(_ input: Operations.SetPresetOperation.Input) async throws -> Operations.SetPresetOperation.Output {
        let id = try preset(input.path.id).id
        let operation = try library.catalog.operation(input.path.operation).key
        let expected = try ETag.expectedRevision(ifMatch: input.headers.ifMatch)
        guard APIRequest.bodyFields.contains("artifact") else {
            throw APIError.badRequest("Field 'artifact' is required: a version id, or null for the default.")
        }
        let artifact = switch input.body { case .json(let body): body.artifact.map { ArtifactID($0) } }
        _ = try await library.perform(actor: actor) { snapshot, environment in
            try snapshot.setOperation(operation, of: id, to: artifact, expectedRevision: expected, environment)
        }
        let (wire, tag) = try answer(id)
        return .ok(.init(headers: .init(eTag: tag), body: .json(wire)))
    }

    private func preset(_ id: String, in snapshot: Snapshot? = nil) throws -> Preset {
        guard let preset = (snapshot ?? library.snapshot).preset(id: PresetID(id)) else {
            throw PresetError.presetNotFound(id, suggestion: nil)
        }
        return preset
    }

    /// The preset as it is now, and its revision as an entity tag.
    private func answer(_ id: PresetID) throws -> (Components.Schemas.Preset, String) {
        let snapshot = library.snapshot
        let preset = try preset(id.rawValue, in: snapshot)
        return (.init(preset, in: snapshot), ETag.revision(preset.revision))
    }
}
