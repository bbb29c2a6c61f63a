import PromptPresets
import PromptPresetsAPI

extension Artifact {
    /// A stored version with its config and lineage, as the API's wire type.
    func apiJSON(in snapshot: Snapshot) throws -> JSONValue {
        try JSONValue(wire: Components.Schemas.Artifact(self, in: snapshot))
    }
}

extension VersionReference {
    /// A stored version (as `Artifact.apiJSON`) or a default, as the API's wire type.
    func apiJSON(in snapshot: Snapshot) throws -> JSONValue {
        try JSONValue(wire: Components.Schemas.Version(self, in: snapshot))
    }
}

extension HistoryEntry {
    var apiJSON: JSONValue {
        get throws { try JSONValue(wire: Components.Schemas.HistoryEntry(self)) }
    }
}

extension [FieldDiff] {
    var apiJSON: JSONValue {
        get throws { try JSONValue(wire: map(Components.Schemas.FieldDiff.init)) }
    }
}
