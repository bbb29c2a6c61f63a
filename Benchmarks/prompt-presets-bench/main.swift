// Measures the hot path (resolution), opening a store and committing an edit, at the scale
// the issue names: 13 operations, 10,000 artifacts, 1,000 presets, 1,000,000 chat bindings.
// Figures are quoted against a baseline measured in the same run (a bare dictionary lookup),
// because the machines are shared and absolute times drift.
import Foundation
import PromptPresets
import PromptPresetsCatalogs
import PromptPresetsSQLite

let arguments = CommandLine.arguments.dropFirst()
let chatBindingCount = arguments.first.flatMap(Int.init) ?? 1_000_000
let presetCount = 1_000
let artifactCount = 10_000
let catalog = Catalog.autoRecap
let epoch = Date(timeIntervalSince1970: 1_763_300_000)

struct Row {
    var name: String
    var iterations: Int
    var nanosecondsPerOperation: Double
    var note: String
}
var rows: [Row] = []

@MainActor func measure(_ name: String, iterations: Int, note: String = "", _ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<iterations { try body() }
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start)
    let perOperation = elapsed / Double(iterations)
    rows.append(Row(name: name, iterations: iterations, nanosecondsPerOperation: perOperation, note: note))
    return perOperation
}

func peakMemoryMiB() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
    else { return .nan }
    return kilobytes / 1024
}

/// A deterministic data set: artifacts spread over the operations, presets mapping every
/// operation to one of them, and one chat binding per chat.
@MainActor func makeData(chats: Int) -> (artifacts: [Artifact], presets: [Preset], bindings: Bindings) {
    let operations = catalog.operations
    var artifacts: [Artifact] = []
    artifacts.reserveCapacity(artifactCount)
    for index in 0..<artifactCount {
        let definition = operations[index % operations.count]
        var config = definition.current.config
        if config["prompt"] != nil { config["prompt"] = .string("Custom prompt #\(index) for {{messages}}") }
        artifacts.append(Artifact(
            id: ArtifactID("a\(index)"), operation: definition.key, name: "v\(index / operations.count + 1)",
            number: index / operations.count + 1, config: config, basedOn: definition.history[0].version,
            parent: .default(definition.history[0].version), origin: .edit, createdAt: epoch, modifiedAt: epoch))
    }
    var presets: [Preset] = []
    for index in 0..<presetCount {
        var map: [String: ArtifactID] = [:]
        for (position, definition) in operations.enumerated() {
            let artifact = ((index * 7 + position) % (artifactCount / operations.count)) * operations.count + position
            map[definition.key] = ArtifactID("a\(artifact)")
        }
        presets.append(Preset(id: PresetID("p\(index)"), name: "Preset \(index)", operations: map, createdAt: epoch, modifiedAt: epoch))
    }
    var bindings = Bindings()
    bindings.chats.reserveCapacity(chats)
    for chat in 0..<chats { bindings.chats["chat-\(chat)"] = PresetID("p\(chat % presetCount)") }
    for character in 0..<1_000 { bindings.characters["char-\(character)"] = PresetID("p\((character * 3) % presetCount)") }
    bindings.profiles["Default"] = PresetID("p0")
    return (artifacts, presets, bindings)
}

/// Contexts for random chats among the first `chats` (all bound), each with a random character.
@MainActor func contexts(chats: Int, count: Int) -> [Context] {
    var generator = SystemRandomNumberGenerator()
    return (0..<count).map { _ in
        Context(chat: "chat-\(Int.random(in: 0..<max(chats, 1), using: &generator))",
                character: "char-\(Int.random(in: 0..<1_000, using: &generator))")
    }
}

// MARK: `seed PATH CHATS`: fill a store for the HTTP load benchmark (Benchmarks/load.sh)

if arguments.first == "seed", arguments.count == 3, let chats = Int(arguments[arguments.startIndex + 2]) {
    let path = arguments[arguments.startIndex + 1]
    let data = makeData(chats: chats)
    let store = try SQLiteStore(path: path)
    try store.apply(data.artifacts.map { .insertArtifact($0) } + data.presets.map { .insertPreset($0) }
                    + data.bindings.all.map { .setBinding($0) })
    print("seeded \(path): \(data.presets.count) presets, \(data.artifacts.count) versions, \(chats) chat bindings")
    exit(0)
}

// MARK: Resolution, flat from 1 to 1,000,000 bindings

let operationKeys = catalog.operationKeys
var sink = 0
let iterations = 2_000_000
// Three runs: one chat binding; a million bindings with the traffic on 1,000 active chats;
// a million bindings with every call on a random chat (cache misses dominate).
for (chats, active) in [(1, 1), (chatBindingCount, 1_000), (chatBindingCount, chatBindingCount)] {
    let data = makeData(chats: chats)
    let snapshot = Snapshot(catalog: catalog, artifacts: data.artifacts, presets: data.presets, bindings: data.bindings)
    let sample = contexts(chats: active, count: 4_096)
    let label = "\(chats) chats bound, \(active) active"
    var index = 0
    let baseline = measure("baseline: chat dictionary lookup (\(label))", iterations: iterations) {
        let context = sample[index & 4_095]
        if snapshot.bindings.chats[context.chat!] != nil { sink &+= 1 }
        index &+= 1
    }
    let resolve = try measure("resolve one operation (\(label))", iterations: iterations) {
        let context = sample[index & 4_095]
        let resolution = try snapshot.resolve(operationKeys[index % operationKeys.count], in: context)
        sink &+= resolution.artifact?.number ?? 0
        index &+= 1
    }
    rows[rows.count - 1].note = String(format: "%.1f× baseline", resolve / baseline)
}

// MARK: Store: open, partial load, full load, commit an edit

let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prompt-presets-bench-\(getpid())")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }
let path = directory.appendingPathComponent("bench.sqlite").path
do {
    let data = makeData(chats: chatBindingCount)
    let store = try SQLiteStore(path: path)
    var changes: [Change] = data.artifacts.map { .insertArtifact($0) } + data.presets.map { .insertPreset($0) }
    changes += data.bindings.all.map { .setBinding($0) }
    let seed = Date()
    try store.apply(changes)
    print(String(format: "seeded the store with %d changes in %.1f s", changes.count, Date().timeIntervalSince(seed)))
}
let probe = Context(chat: "chat-\(chatBindingCount / 2)", character: "char-7")
_ = measure("open store (migrations checked)", iterations: 20) {
    _ = try! SQLiteStore(path: path)
}
let store = try SQLiteStore(path: path)
_ = measure("load what resolving one context needs (CLI resolve)", iterations: 200) {
    _ = try! store.loadResolutionSnapshot(catalog: catalog, for: probe)
}
let fullLoad = measure("load full snapshot (\(chatBindingCount) chats)", iterations: 1) {
    _ = try! store.loadSnapshot(catalog: catalog)
}
var snapshot = try store.loadSnapshot(catalog: catalog, bindingsFor: probe)
let environment = CommandEnvironment(actor: "bench")
var edit = 0
_ = try measure("commit an edit (open, change, finish, persist)", iterations: 50) {
    let preset = PresetID("p\(edit % presetCount)")
    let opened = try snapshot.openSession("scene_recap", in: preset, environment)
    let changed = try opened.snapshot.changeSession(
        opened.value.id, setting: "prompt", to: .string("Edited prompt \(edit) for {{messages}}"), environment)
    let finished = try changed.snapshot.finishSession(opened.value.id, environment)
    try store.apply(opened.changes + changed.changes + finished.changes)
    snapshot = finished.snapshot
    edit += 1
}
_ = fullLoad

// MARK: Report

func format(_ nanoseconds: Double) -> String {
    nanoseconds >= 1_000_000 ? String(format: "%.2f ms/op", nanoseconds / 1_000_000) : String(format: "%.0f ns/op", nanoseconds)
}
let nameWidth = rows.map(\.name.count).max() ?? 10
print("")
print("operation".padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  iterations        time  note")
for row in rows {
    let iterationsText = String(row.iterations)
    let timeText = format(row.nanosecondsPerOperation)
    print(row.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0)
          + "  " + String(repeating: " ", count: max(0, 10 - iterationsText.count)) + iterationsText
          + "  " + String(repeating: " ", count: max(0, 10 - timeText.count)) + timeText
          + "  " + row.note)
}
print(String(format: "peak memory (VmHWM): %.0f MiB", peakMemoryMiB()))
if sink == 42 { print("") }
