import Foundation
import PromptPresets
import PromptPresetsSQLite
import Testing

/// A fixed moment whose seconds-since-1970 double rounds (so it does not survive
/// `Date(timeIntervalSince1970: date.timeIntervalSince1970)`): a lossy date column would show.
let fixedDate = Date(timeIntervalSinceReferenceDate: 781_234_567.123_456_8)

func makeEnvironment(actor: String = "test") -> CommandEnvironment {
    CommandEnvironment(clock: Clock(now: { fixedDate }), ids: .sequential(), actor: actor)
}

func promptConfig(_ prompt: String, prefill: String = "") -> Config {
    Config([
        "prompt": .string(prompt),
        "prefill": .string(prefill),
        "connection_profile": .null,
        "completion_preset_name": .string(""),
        "include_preset_prompts": .bool(false),
    ])
}

/// Two prompt operations, each with two default versions; independent of the built-in catalog.
func makeTestCatalog() -> Catalog {
    func operation(_ key: String, _ title: String) -> OperationDefinition {
        OperationDefinition(
            key: key, title: title, description: "\(title) for tests.",
            schema: .promptOperation(),
            variables: [TemplateVariable("text", "The text to work on.", isRequired: true)],
            history: [
                DefaultVersion(SemanticVersion(1, 0, 0), date: "2025-01-01", changelog: ["First version."],
                               config: promptConfig("\(title): {{text}}")),
                DefaultVersion(SemanticVersion(1, 1, 0), date: "2025-02-01", changelog: ["Clearer wording."],
                               config: promptConfig("\(title), carefully: {{text}}")),
            ])
    }
    return Catalog(name: "test", operations: [operation("scene_recap", "Scene recap"), operation("scene_break", "Scene break")])
}

/// Runs commands against a store the way the CLI does: command on the current snapshot, then apply.
struct StoreDriver<Store: SynchronousPresetStore> {
    let store: Store
    let environment: CommandEnvironment
    var snapshot: Snapshot
    /// Every change applied so far, in order.
    var applied: [Change] = []

    init(_ store: Store, catalog: Catalog = makeTestCatalog(), environment: CommandEnvironment = makeEnvironment()) throws {
        self.store = store
        self.environment = environment
        self.snapshot = try store.loadSnapshot(catalog: catalog)
    }

    @discardableResult
    mutating func run<Value>(_ command: (Snapshot, CommandEnvironment) throws -> Outcome<Value>) throws -> Value {
        let outcome = try command(snapshot, environment)
        let version = try store.apply(outcome.changes, basedOn: outcome.basedOn)
        snapshot = outcome.snapshot.committed(as: version)
        applied += outcome.changes
        return outcome.value
    }

    var auditEntries: [AuditEntry] {
        applied.compactMap { if case .appendAudit(let entry) = $0 { entry } else { nil } }
    }
}

/// Ids of what `runRealisticSeries` created.
struct SeriesResult {
    var alice: PresetID
    var bob: PresetID
    var recap: ArtifactID
    var oldBreak: ArtifactID
    var openSession: SessionID
}

/// Presets, an edit session forking a version, renames, bindings of each kind, a connection
/// profile, an update dismissal, and a session left open.
@discardableResult
func runRealisticSeries<Store: SynchronousPresetStore>(_ driver: inout StoreDriver<Store>) throws -> SeriesResult {
    let alice = try driver.run { try $0.createPreset(named: "Alice", description: "For Alice's chats", $1) }
    let bob = try driver.run { try $0.createPreset(named: "Bob", $1) }

    let edit = try driver.run { try $0.openSession("scene_recap", in: alice.id, $1) }
    try driver.run { try $0.changeSession(edit.id, setting: "prompt", to: .string("Recap {{text}} in three lines."), $1) }
    try driver.run { try $0.changeSession(edit.id, setting: "prefill", to: .string("Recap:"), $1) }
    let end = try driver.run { try $0.finishSession(edit.id, $1) }
    let recap = try #require(end.artifact)
    try driver.run { try $0.renameArtifact(recap.id, to: "Alice recap", $1) }
    try driver.run { try $0.renamePreset(bob.id, to: "Robert", $1) }

    let oldBreak = try driver.run { try $0.duplicateVersion("Default@1.0.0", of: "scene_break", $1) }
    try driver.run { try $0.setOperation("scene_break", of: bob.id, to: oldBreak.id, $1) }
    try driver.run { try $0.dismissUpdate("scene_break", in: bob.id, $1) }

    let profile = try driver.run { try $0.addConnectionProfile(named: "Claude", api: "anthropic", $1) }
    try driver.run { try $0.bind(.chat("chat-1"), to: alice.id, $1) }
    try driver.run { try $0.bind(.chat("chat-2"), to: .default, $1) }
    try driver.run { try $0.bind(.character("Seraphina"), to: bob.id, $1) }
    try driver.run { try $0.bind(.profile("Default"), to: alice.id, $1) }

    let open = try driver.run { try $0.openSession("scene_break", in: alice.id, $1) }
    try driver.run { try $0.changeSession(open.id, setting: "connection_profile", to: .string(profile.id), $1) }
    return SeriesResult(alice: alice.id, bob: bob.id, recap: recap.id, oldBreak: oldBreak.id, openSession: open.id)
}

/// A fresh temporary directory, removed by the caller with `removeItem`.
func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("pp-sqlite-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

