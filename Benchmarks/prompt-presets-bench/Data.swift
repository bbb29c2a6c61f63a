import Foundation
import PromptPresets
import PromptPresetsCatalogs

/// The scale the issue names: 13 operations, 10,000 versions, 1,000 presets.
let presetCount = 1_000
let artifactCount = 10_000
let catalog = Catalog.autoRecap
/// A fixed date, so two runs seed identical data.
let epoch = Date(timeIntervalSince1970: 1_763_300_000)

/// A deterministic data set: artifacts spread over the operations, presets mapping every
/// operation to one of them, one chat binding per chat (`chat-0`… to `p0`… in turn), 1,000
/// character bindings and the `Default` profile pinned to `p0`.
///
/// The version counters are seeded too: an edit's new version takes the counter's next number,
/// which must not collide with the seeded versions' numbers.
struct BenchData {
    var artifacts: [Artifact]
    var presets: [Preset]
    var bindings: Bindings
    /// Operation key → the highest version number seeded.
    var counters: [String: Int]

    init(chats: Int) {
        let operations = catalog.operations
        artifacts = (0..<artifactCount).map { index in
            let definition = operations[index % operations.count]
            var config = definition.current.config
            if config["prompt"] != nil { config["prompt"] = .string("Custom prompt #\(index) for {{messages}}") }
            let number = index / operations.count + 1
            return Artifact(
                id: ArtifactID("a\(index)"), operation: definition.key, name: "v\(number)", number: number,
                config: config, basedOn: definition.history[0].version, parent: .default(definition.history[0].version),
                origin: .edit, createdAt: epoch, modifiedAt: epoch)
        }
        counters = artifacts.reduce(into: [:]) { counters, artifact in
            counters[artifact.operation] = max(counters[artifact.operation] ?? 0, artifact.number)
        }
        let versionsPerOperation = artifactCount / operations.count
        presets = (0..<presetCount).map { index in
            var map: [String: ArtifactID] = [:]
            for (position, definition) in operations.enumerated() {
                let artifact = ((index * 7 + position) % versionsPerOperation) * operations.count + position
                map[definition.key] = ArtifactID("a\(artifact)")
            }
            return Preset(id: PresetID("p\(index)"), name: "Preset \(index)", operations: map, createdAt: epoch, modifiedAt: epoch)
        }
        bindings = Bindings()
        for chat in 0..<chats { bindings[.chat("chat-\(chat)")] = PresetID("p\(chat % presetCount)") }
        for character in 0..<1_000 { bindings[.character("char-\(character)")] = PresetID("p\((character * 3) % presetCount)") }
        bindings[.profile("Default")] = PresetID("p0")
    }

    /// Everything as one batch of changes, for a single commit into an empty store.
    var changes: [Change] {
        counters.sorted { $0.key < $1.key }.map { .setCounter(operation: $0.key, value: $0.value) }
            + artifacts.map { .insertArtifact($0) } + presets.map { .insertPreset($0) } + bindings.all.map { .setBinding($0) }
    }

    var snapshot: Snapshot {
        Snapshot(catalog: catalog, artifacts: artifacts, presets: presets, bindings: bindings, counters: counters)
    }
}

/// Contexts for random chats among the first `chats` (all bound), each with a random character.
///
/// The sample is large (a million entries by default) so that, at a million bindings, each
/// lookup lands on a different part of the tables as random traffic would, instead of a few
/// thousand keys that stay in the CPU caches.
func randomContexts(chats: Int, count: Int = 1 << 20) -> [Context] {
    var generator = SystemRandomNumberGenerator()
    return (0..<count).map { _ in
        Context(chat: "chat-\(Int.random(in: 0..<max(chats, 1), using: &generator))",
                character: "char-\(Int.random(in: 0..<1_000, using: &generator))")
    }
}
