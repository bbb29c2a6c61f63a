import Foundation
import GRDB
import PromptPresets
import PromptPresetsService
import PromptPresetsSQLite

// Figure 2: what a write costs on a durable SQLite file, through the library the server and
// the CLI use, next to the cheapest durable write the same disk allows.

/// A durable store at `path` holding `BenchData(chats:)`, written as one commit (as `seed` does).
func seededStore(at path: String, chats: Int) throws -> SQLiteStore {
    let changes = BenchData(chats: chats).changes
    let store = try SQLiteStore(path: path, durability: .durable)
    let elapsed = try nanoseconds { try store.apply(changes, basedOn: .empty) }
    report("seed \(chats) chats (\(changes.count) changes, one commit)", format(elapsed))
    return store
}

/// A library on `store`: loads everything, as `serve` does at start.
func openLibrary(on store: any PresetStore, chats: Int, role: String = "") async throws -> PresetLibrary {
    let start = ContinuousClock.now
    let library = try await PresetLibrary(store: store, catalog: catalog)
    report("PresetLibrary init\(role): full load of \(chats) chats", format((ContinuousClock.now - start).nanoseconds))
    return library
}

/// What a one-shot CLI process pays before it can do anything: opening the file (migrations
/// checked) and reading only what resolving one context needs.
func benchmarkOneShotReads(path: String, store: SQLiteStore, chats: Int) throws {
    let open = bestNanosecondsPerCall(iterations: 20, rounds: 1) { _ in
        _ = try! SQLiteStore(path: path, durability: .durable)
    }
    report("open the store (migrations checked)", format(open) + "/op")
    let probe = Context(chat: "chat-\(chats / 2)", character: "char-7")
    let partial = try bestNanosecondsPerCall(iterations: 200, rounds: 1) { _ in
        _ = try store.loadResolutionSnapshot(catalog: catalog, for: probe)
    }
    report("load what resolving one context needs (CLI resolve)", format(partial) + "/op")
}

/// The cheapest durable commit this filesystem allows: `BEGIN IMMEDIATE; UPDATE one row;
/// COMMIT` on a WAL file with `synchronous = FULL`, as the store opens its own.
func benchmarkDiskFloor(directory: URL) throws -> Latencies {
    let pool = try DatabasePool(path: directory.appendingPathComponent("floor.sqlite").path)
    try pool.writeWithoutTransaction { db in
        try db.execute(sql: "PRAGMA synchronous = FULL")
        try db.execute(sql: "CREATE TABLE counter (id INTEGER PRIMARY KEY, value INTEGER NOT NULL)")
        try db.execute(sql: "INSERT INTO counter VALUES (1, 0)")
    }
    let commits = try latencies(iterations: 200) { _ in
        try pool.writeWithoutTransaction { db in
            try db.inTransaction(.immediate) {
                try db.execute(sql: "UPDATE counter SET value = value + 1 WHERE id = 1")
                return .commit
            }
        }
    }
    report("disk floor: BEGIN IMMEDIATE; UPDATE 1 row; COMMIT (FULL)", commits)
    return commits
}

/// `p50 = 3.1× the disk floor`.
func relative(_ latencies: Latencies, to diskFloor: Latencies) -> String {
    String(format: "p50 = %.1f× the disk floor", latencies.p50 / diskFloor.p50)
}

/// The CLI's `edit` as one command, so one commit: open a session on `scene_recap`, set its
/// prompt, finish it.
func editCommand(_ preset: PresetID, prompt: String) -> @Sendable (Snapshot, CommandEnvironment) throws -> Outcome<SessionEnd> {
    { snapshot, environment in
        let opened = try snapshot.openSession("scene_recap", in: preset, owner: "bench", environment)
        let changed = try opened.then {
            try $0.changeSession(opened.value.id, setting: "prompt", to: .string(prompt), environment)
        }
        return try changed.then { try $0.finishSession(opened.value.id, environment) }
    }
}

/// Edit commits through the library, and the same command computed in memory without
/// committing, to tell the store's share of the cost from the command's.
func benchmarkEditCommit(_ library: PresetLibrary, chats: Int, diskFloor: Latencies) async throws {
    let environment = CommandEnvironment(actor: "bench")
    let computed = try latencies(iterations: 200) { iteration in
        _ = try editCommand(PresetID("p\(iteration % presetCount)"), prompt: "Uncommitted \(iteration)")(library.snapshot, environment)
    }
    report("edit command in memory, not committed (\(chats) chats)", computed)
    let edits = try await latencies(iterations: 200) { iteration in
        _ = try await library.perform(actor: "bench", editCommand(PresetID("p\(iteration % presetCount)"), prompt: "Edited \(iteration)"))
    }
    report("edit commit (open+change+finish, \(chats) chats)", edits, note: relative(edits, to: diskFloor))
}

/// Pins a fresh chat: the write whose cost must not grow with the number of bindings.
func bindChat(_ library: PresetLibrary, _ key: String, to preset: PresetID = PresetID("p7")) async throws {
    _ = try await library.perform(actor: "bench") { try $0.bind(.chat(key), to: preset, $1) }
}

/// Binding a chat on the big store and on a small one, alternately so both see the same
/// disturbances; the ratio shows whether a write's cost grows with the bindings held.
func benchmarkBindChat(large: PresetLibrary, largeChats: Int, small: PresetLibrary, smallChats: Int, diskFloor: Latencies) async throws {
    var onLarge: [Double] = [], onSmall: [Double] = []
    for iteration in 0..<200 {
        onLarge.append(try await nanoseconds { try await bindChat(large, "new-\(iteration)") })
        onSmall.append(try await nanoseconds { try await bindChat(small, "new-\(iteration)") })
    }
    let largeLatencies = Latencies(onLarge), smallLatencies = Latencies(onSmall)
    report("bind chat (\(largeChats) chats)", largeLatencies, note: relative(largeLatencies, to: diskFloor))
    report("bind chat (\(smallChats) chats)", smallLatencies, note: relative(smallLatencies, to: diskFloor))
    report("bind chat: ratio \(largeChats) / \(smallChats) chats",
           String(format: "p50 %.2f×  p99 %.2f×", largeLatencies.p50 / smallLatencies.p50, largeLatencies.p99 / smallLatencies.p99))
}

/// Deleting a preset must cost the bindings pointing at it (10), not all bindings: each round
/// creates a preset, binds 10 chats to it, then times the delete alone.
func benchmarkDeletePreset(_ library: PresetLibrary, chats: Int, diskFloor: Latencies) async throws {
    var samples: [Double] = []
    for round in 0..<20 {
        let preset = try await library.perform(actor: "bench") { try $0.createPreset(named: "Doomed \(round)", $1) }.id
        _ = try await library.perform(actor: "bench") { snapshot, environment in
            var outcome = try snapshot.bind(.chat("doomed-\(round)-0"), to: preset, environment)
            for chat in 1..<10 {
                outcome = try outcome.then { try $0.bind(.chat("doomed-\(round)-\(chat)"), to: preset, environment) }
            }
            return outcome
        }
        var removed = 0
        samples.append(try await nanoseconds {
            removed = try await library.perform(actor: "bench") { try $0.deletePreset(preset, $1) }.count
        })
        precondition(removed == 10, "the delete removed \(removed) bindings, not 10")
    }
    let deletes = Latencies(samples)
    report("delete a preset with 10 bindings (\(chats) chats)", deletes, note: relative(deletes, to: diskFloor))
}
