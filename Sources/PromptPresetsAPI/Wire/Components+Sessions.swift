import OpenAPIRuntime
import PromptPresets

extension Components.Schemas.Session {
    /// An open edit session with the config it currently holds.
    public init(_ session: EditSession, in snapshot: Snapshot) throws {
        self.init(
            artifact: session.artifact?.rawValue, config: try OpenAPIObjectContainer(snapshot.sessionConfig(session).jsonValue),
            id: session.id.rawValue, lastActivityAt: session.lastActivityAt, openedAt: session.openedAt,
            operation: session.operation, owner: session.owner, preset: session.preset.rawValue,
            presetName: snapshot.preset(id: session.preset)?.name, previousArtifact: session.previousArtifact?.rawValue,
            revision: session.revision)
    }
}

extension Components.Schemas.SessionState {
    /// A session after a change: the version it has saved to (if any), and the lint of its prompt.
    public init(_ session: EditSession, in snapshot: Snapshot, createdVersion: Bool, lintWarnings: [LintWarning]) throws {
        self.init(
            createdVersion: createdVersion, lintWarnings: lintWarnings.map(Components.Schemas.LintWarning.init),
            session: try .init(session, in: snapshot),
            version: session.artifact.flatMap { snapshot.artifacts[$0] }.map { .init(value1: .init($0)) })
    }
}

extension Components.Schemas.LintWarning {
    public init(_ warning: LintWarning) {
        let kind: KindPayload = switch warning.kind {
        case .missingRequiredVariable: .missingRequiredVariable
        case .unknownVariable: .unknownVariable
        }
        self.init(field: warning.field, kind: kind, message: warning.description, variable: warning.variable)
    }
}

extension Components.Schemas.SessionEnd {
    /// What a finished or cancelled session left: the version it saved, and what the preset references now.
    public init(_ end: SessionEnd, in snapshot: Snapshot) throws {
        self.init(
            presetReference: end.presetReference?.rawValue,
            version: try end.artifact.map { .init(value1: try .init($0, in: snapshot)) })
    }
}
