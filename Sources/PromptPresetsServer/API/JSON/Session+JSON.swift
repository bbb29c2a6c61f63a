import PromptPresets
import PromptPresetsAPI

extension EditSession {
    /// An open edit session with the config it currently holds, as the API's wire type.
    func apiJSON(in snapshot: Snapshot) throws -> JSONValue {
        try JSONValue(wire: Components.Schemas.Session(self, in: snapshot))
    }

    /// `{session, version: {id, name, number} (left out before one is saved), createdVersion, lintWarnings}`.
    func stateJSON(in snapshot: Snapshot, createdVersion: Bool, lintWarnings: [LintWarning]) throws -> JSONValue {
        try JSONValue(wire: Components.Schemas.SessionState(
            self, in: snapshot, createdVersion: createdVersion, lintWarnings: lintWarnings))
    }
}

extension SessionEnd {
    /// `{version: the stored version (left out when none), presetReference: an artifact id (left out for the default)}`.
    func apiJSON(in snapshot: Snapshot) throws -> JSONValue {
        try JSONValue(wire: Components.Schemas.SessionEnd(self, in: snapshot))
    }
}
