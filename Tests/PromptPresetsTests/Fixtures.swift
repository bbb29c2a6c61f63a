import Foundation
import Testing
@testable import PromptPresets

// A small test catalog (not the built-in one), fixed time and ids, and a harness that runs
// commands, persists their changes in an `InMemoryStore` and keeps the next snapshot.

enum Fixture {
    /// The moment every command runs at unless a test moves the harness clock.
    static let start = Date(timeIntervalSince1970: 1_750_000_000)

    static let v1_0_0 = SemanticVersion(1, 0, 0)
    static let v1_1_0 = SemanticVersion(1, 1, 0)
    static let v1_2_0 = SemanticVersion(1, 2, 0)
    static let v1_3_0 = SemanticVersion(1, 3, 0)

    // MARK: Catalog

    /// `recap` default prompts: each version edits one line of the previous one.
    enum RecapPrompt {
        static let v1_0 = """
            You write recaps of role-play scenes.
            Summarise the messages below.
            Keep every name exactly as written.
            Write in the past tense.

            {{messages}}
            """
        /// Line 2 changed.
        static let v1_1 = v1_0.replacingOccurrences(
            of: "Summarise the messages below.", with: "Summarise the messages below in one paragraph.")
        /// Line 4 changed.
        static let v1_2 = v1_1.replacingOccurrences(
            of: "Write in the past tense.", with: "Write in the past tense, in the third person.")
        /// Line 3 changed (only in `catalog(recapThrough: 1.3.0)`).
        static let v1_3 = v1_2.replacingOccurrences(
            of: "Keep every name exactly as written.", with: "Keep every name and place exactly as written.")
    }

    static let recapChangelog: [SemanticVersion: [String]] = [
        v1_0_0: ["First version."],
        v1_1_0: ["Asks for a single paragraph."],
        v1_2_0: ["Asks for the third person.", "Clarifies tense."],
        v1_3_0: ["Keeps place names too."],
    ]

    /// A prompt operation's config with the standard fields.
    static func promptConfig(
        _ prompt: String, prefill: String = "", connectionProfile: JSONValue = .null,
        completionPreset: String = "", includePresetPrompts: Bool = false
    ) -> Config {
        Config([
            "prompt": .string(prompt),
            "prefill": .string(prefill),
            "connection_profile": connectionProfile,
            "completion_preset_name": .string(completionPreset),
            "include_preset_prompts": .bool(includePresetPrompts),
        ])
    }

    /// - Parameter suffix: appended to every default prompt (e.g. `"\n"` for prompts that end with a newline).
    static func recap(through last: SemanticVersion, promptSuffix suffix: String = "") -> OperationDefinition {
        let prompts = [(v1_0_0, "2025-01-10", RecapPrompt.v1_0), (v1_1_0, "2025-03-01", RecapPrompt.v1_1),
                       (v1_2_0, "2025-05-20", RecapPrompt.v1_2), (v1_3_0, "2025-09-01", RecapPrompt.v1_3)]
        return OperationDefinition(
            key: "recap", title: "Scene recap", description: "Summarises a scene.",
            schema: .promptOperation(),
            variables: [
                TemplateVariable("messages", "The scene's messages.", isRequired: true),
                TemplateVariable("character", "The main character's name."),
            ],
            history: prompts.filter { $0.0 <= last }.map { version, date, prompt in
                DefaultVersion(version, date: date, changelog: recapChangelog[version]!, config: promptConfig(prompt + suffix))
            })
    }

    static let breaksPrompt = """
        Does a new scene start in these messages?
        {{messages}}
        Answer yes or no.
        """

    static func breaks() -> OperationDefinition {
        OperationDefinition(
            key: "breaks", title: "Scene breaks", description: "Finds scene breaks.",
            schema: .promptOperation(),
            variables: [TemplateVariable("messages", "The messages to examine.", isRequired: true)],
            history: [
                DefaultVersion(v1_0_0, date: "2025-01-10", changelog: ["First version."],
                               config: promptConfig(breaksPrompt)),
                DefaultVersion(v1_1_0, date: "2025-04-01", changelog: ["Prefills the answer."],
                               config: promptConfig(breaksPrompt, prefill: "Answer:")),
            ])
    }

    static let typesSchema = FieldSchema([
        FieldSpec("types", title: "Entity types", kind: .list(of: [
            FieldSpec("name", title: "Name", kind: .shortText),
            FieldSpec("constant", title: "Constant", kind: .boolean),
        ], maxCount: 3)),
        FieldSpec("defaults", title: "Entry defaults", kind: .record([
            FieldSpec("exclude_recursion", title: "Exclude recursion", kind: .boolean),
            FieldSpec("sticky", title: "Sticky", kind: .integer(0...100)),
        ])),
    ])

    static func entityType(_ name: String, constant: Bool = false) -> JSONValue {
        .object(["name": .string(name), "constant": .bool(constant)])
    }

    static func typesConfig(_ types: [JSONValue], sticky: Int = 4) -> Config {
        Config([
            "types": .array(types),
            "defaults": .object(["exclude_recursion": .bool(false), "sticky": .int(sticky)]),
        ])
    }

    /// A data-only operation: a list field and a record field, no prompt.
    static func types() -> OperationDefinition {
        OperationDefinition(
            key: "types", title: "Entity types", description: "Kinds of lorebook entries.",
            schema: typesSchema,
            history: [DefaultVersion(v1_0_0, date: "2025-01-10", changelog: ["First version."],
                                     config: typesConfig([entityType("character"), entityType("location", constant: true)]))])
    }

    /// The test catalog: `recap` (defaults 1.0.0 → 1.1.0 → 1.2.0 unless told otherwise), `breaks`, `types`.
    static func catalog(recapThrough last: SemanticVersion = v1_2_0, promptSuffix: String = "") -> Catalog {
        Catalog(name: "test", operations: [recap(through: last, promptSuffix: promptSuffix), breaks(), types()])
    }

    /// The current default config of an operation of the test catalog.
    static func currentDefault(_ operation: String, in catalog: Catalog = catalog()) -> Config {
        catalog[operation]!.current.config
    }

    // MARK: Environment and hand-built snapshots

    static func environment(at date: Date = start, pruneKeep: Int = 10) -> CommandEnvironment {
        CommandEnvironment(clock: Clock(now: { date }), ids: .sequential(), actor: "test", pruneKeep: pruneKeep)
    }

    static func preset(_ id: String, _ name: String, operations: [String: ArtifactID] = [:]) -> Preset {
        Preset(id: PresetID(id), name: name, operations: operations, createdAt: start, modifiedAt: start)
    }

    static func artifact(
        _ id: String, _ name: String, operation: String = "recap", number: Int, config: Config,
        basedOn: SemanticVersion?, origin: ArtifactOrigin = .edit
    ) -> Artifact {
        Artifact(id: ArtifactID(id), operation: operation, name: name, number: number, config: config,
                 basedOn: basedOn, parent: basedOn.map { .default($0) } ?? .none, origin: origin,
                 createdAt: start, modifiedAt: start)
    }
}

/// Runs commands against a snapshot like an application would: every outcome's changes go to an
/// `InMemoryStore` (so a change list the store refuses fails the test) and its snapshot becomes current.
final class Harness {
    private(set) var snapshot: Snapshot
    let store = InMemoryStore()
    /// What the clock says for the next command.
    var now = Fixture.start
    var pruneKeep: Int
    private let ids = IDGenerator.sequential()

    init(catalog: Catalog = Fixture.catalog(), pruneKeep: Int = 10) {
        self.snapshot = Snapshot(catalog: catalog)
        self.pruneKeep = pruneKeep
    }

    var environment: CommandEnvironment {
        let now = self.now
        return CommandEnvironment(clock: Clock(now: { now }), ids: ids, actor: "test", pruneKeep: pruneKeep)
    }

    /// Runs one command, persists its changes and keeps its snapshot.
    @discardableResult
    func run<Value>(_ command: (Snapshot, CommandEnvironment) throws -> Outcome<Value>) throws -> Value {
        let outcome = try command(snapshot, environment)
        let version = try store.apply(outcome.changes, basedOn: outcome.basedOn)
        snapshot = outcome.snapshot.committed(as: version)
        return outcome.value
    }

    /// What the store holds, read back as a snapshot of the same catalog.
    func storedSnapshot() throws -> Snapshot {
        try store.loadSnapshot(catalog: snapshot.catalog)
    }

    /// Proves the changes of every command so far were complete: the store reads back the same state.
    func expectStoreMatches(sourceLocation: SourceLocation = #_sourceLocation) throws {
        let stored = try storedSnapshot()
        #expect(stored == snapshot, "the store disagrees with the in-memory snapshot", sourceLocation: sourceLocation)
    }

    /// Reloads everything from the store with another catalog (e.g. one that ships a newer default).
    func switchCatalog(to catalog: Catalog) throws {
        snapshot = try store.loadSnapshot(catalog: catalog)
    }

    // MARK: Shortcuts

    @discardableResult
    func createPreset(_ name: String) throws -> Preset {
        try run { try $0.createPreset(named: name, $1) }
    }

    func preset(_ name: String) throws -> Preset {
        try snapshot.preset(named: name)
    }

    func artifact(_ name: String, of operation: String = "recap") throws -> Artifact {
        try #require(snapshot.artifact(of: operation, named: name), "no \(operation) version named '\(name)'")
    }

    /// Opens a session, makes one change, finishes; returns the version the session left, if any.
    @discardableResult
    func edit(_ operation: String = "recap", of preset: PresetID, _ change: (inout Config) -> Void) throws -> Artifact? {
        let session = try run { try $0.openSession(operation, in: preset, $1) }
        var config = snapshot.sessionConfig(session)
        change(&config)
        try run { try $0.changeSession(session.id, to: config, $1) }
        return try run { try $0.finishSession(session.id, $1) }.artifact
    }

    /// Edits the prompt of `operation` in `preset` by replacing one line; returns the new version.
    @discardableResult
    func editPrompt(
        _ operation: String = "recap", of preset: PresetID, replacing old: String, with new: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Artifact {
        let artifact = try edit(operation, of: preset) { config in
            let prompt = config["prompt"]?.stringValue ?? ""
            #expect(prompt.contains(old), "the prompt has no line '\(old)'", sourceLocation: sourceLocation)
            config["prompt"] = .string(prompt.replacingOccurrences(of: old, with: new))
        }
        return try #require(artifact, sourceLocation: sourceLocation)
    }

    /// A new, unreferenced copy of a version (`Default`, `Default@1.0.0` or a stored name).
    @discardableResult
    func duplicate(_ version: String, of operation: String = "recap") throws -> Artifact {
        try run { try $0.duplicateVersion(version, of: operation, $1) }
    }

    /// Points a preset's operation at a version (nil = the default).
    func point(_ preset: PresetID, _ operation: String = "recap", at artifact: ArtifactID?) throws {
        try run { try $0.setOperation(operation, of: preset, to: artifact, $1) }
    }

    func resolve(_ operation: String = "recap", in context: Context) throws -> Resolution {
        try snapshot.resolve(operation, in: context)
    }

    /// Resolves `operation` for a chat bound to `preset` (binding it first if needed).
    func resolve(_ operation: String = "recap", presetNamed name: String) throws -> Resolution {
        let preset = try preset(name)
        let chat = "chat-for-\(preset.id.rawValue)"
        if snapshot.bindings.chats[chat] != preset.id {
            try run { try $0.bind(.chat(chat), to: preset.id, $1) }
        }
        let resolution = try snapshot.resolve(operation, in: Context(chat: chat))
        #expect(resolution.preset == preset.name)
        return resolution
    }
}

extension Config {
    /// The prompt text, or "" when the config has none.
    var promptText: String { self["prompt"]?.stringValue ?? "" }
}
