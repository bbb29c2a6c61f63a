import Foundation
import Testing
@testable import PromptPresets
import PromptPresetsCatalogs

/// Snapshots, environments and file helpers shared by the sharing tests.
enum SharingSupport {
    static let catalog = Catalog.autoRecap
    static let now = Date(timeIntervalSince1970: 1_763_300_000)

    static func environment(_ prefix: String = "id") -> CommandEnvironment {
        CommandEnvironment(clock: Clock(now: { now }), ids: .sequential(prefix: prefix), actor: "test")
    }

    static func emptySnapshot(profiles: [ConnectionProfile] = []) -> Snapshot {
        Snapshot(catalog: catalog, connectionProfiles: profiles)
    }

    /// The current default config of `operation` with some fields changed.
    static func config(_ operation: String, _ changes: [String: JSONValue]) -> Config {
        var config = catalog[operation]!.current.config
        for (key, value) in changes { config[key] = value }
        return config
    }

    /// Installs `plan` into `snapshot` and returns the new snapshot.
    static func installing(_ plan: InstallPlan, into snapshot: Snapshot, prefix: String = "id") throws -> Snapshot {
        try snapshot.install(plan, environment(prefix)).snapshot
    }

    static let profiles = [
        ConnectionProfile(id: "conn-7f3a-llama", name: "Local Llama", api: "openai"),
        ConnectionProfile(id: "conn-91bc-claude", name: "Claude", api: "claude"),
    ]

    /// Two presets sharing a customised scene recap; Alice also customises scene-break detection
    /// (forced variant on another profile) and the entity types; Bob keeps every other default.
    static func sourceSnapshot() throws -> Snapshot {
        var types = catalog["entity_types"]!.current.config["types"]!.arrayValue!
        types.append(.object(["name": .string("spell"), "constant": .bool(true), "usage": .string("Spells Alice knows."),
                              "isGuidanceOnly": .bool(false)]))
        let plan = InstallPlan(
            artifacts: [
                .init(key: "recap", operation: "scene_recap", name: "Alice recap v1", label: "Alice recap",
                      description: "Her point of view.",
                      config: config("scene_recap", [
                          "prompt": .string("Recap {{scene_messages}} as Alice would tell it. Types: {{lorebook_entry_types}}"),
                          "connection_profile": .string("conn-7f3a-llama"),
                      ]),
                      basedOn: SemanticVersion(1, 1, 0), origin: .edit),
                .init(key: "break", operation: "auto_scene_break", name: "Strict", config: config("auto_scene_break", [
                          "prompt": .string("Only a change of place counts. {{messages}} {{earliest_allowed_break}}"),
                          "forced_connection_profile": .string("conn-91bc-claude"),
                          "completion_preset_name": .string("Deterministic"),
                      ]),
                      basedOn: nil, origin: .edit),
                .init(key: "types", operation: "entity_types", name: "With spells",
                      config: config("entity_types", ["types": .array(types)]), basedOn: SemanticVersion(1, 1, 0), origin: .edit),
            ],
            presets: [
                .init(name: "Alice", description: "Alice's setup",
                      operations: ["scene_recap": .new(key: "recap"), "auto_scene_break": .new(key: "break"),
                                   "entity_types": .new(key: "types")]),
                .init(name: "Bob", operations: ["scene_recap": .new(key: "recap"), "organize_scene_recap": .default]),
            ])
        return try installing(plan, into: emptySnapshot(profiles: profiles), prefix: "src")
    }

    /// Operation → the config a preset uses, for every catalog operation.
    static func effectiveConfigs(of preset: Preset, in snapshot: Snapshot) -> [String: Config] {
        var configs: [String: Config] = [:]
        for operation in snapshot.catalog.operations {
            configs[operation.key] = preset.operations[operation.key].flatMap { snapshot.artifacts[$0]?.config }
                ?? operation.current.config
        }
        return configs
    }

    /// The stored artifact the preset uses for `operation`, if not the default.
    static func artifact(_ operation: String, of presetName: String, in snapshot: Snapshot) throws -> Artifact? {
        let preset = try snapshot.preset(named: presetName)
        return preset.operations[operation].flatMap { snapshot.artifacts[$0] }
    }

    static func aliceExport() throws -> Data {
        try Data(contentsOf: SharingFixture.aliceExportURL)
    }

    static func aliceDocument() throws -> JSONValue {
        try StrictJSON.parse(aliceExport())
    }

    /// `document` with the value at `path` (object keys) replaced; `nil` removes it.
    static func setting(_ path: [String], to value: JSONValue?, in document: JSONValue) -> JSONValue {
        guard let key = path.first, var members = document.objectValue else { return value ?? .null }
        if path.count == 1 {
            members[key] = value
        } else {
            members[key] = setting(Array(path.dropFirst()), to: value, in: members[key] ?? .object([:]))
        }
        return .object(members)
    }

    static func data(_ value: JSONValue) -> Data {
        Data(value.prettyText.utf8)
    }

    /// A small deterministic generator (SplitMix64) so random tests repeat exactly.
    struct SeededGenerator: RandomNumberGenerator {
        private var state: UInt64

        init(seed: UInt64) {
            state = seed
        }

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
