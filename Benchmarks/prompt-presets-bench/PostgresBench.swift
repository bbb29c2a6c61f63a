import Foundation
import PromptPresets
import PromptPresetsPostgres
import PromptPresetsService
import PromptPresetsSQLite

// `postgres URL [CHATS]`: a PostgreSQL store next to a durable SQLite file holding the same
// data, in the same run: what a commit costs on each, and how long a write on one instance
// takes to reach another (LISTEN/NOTIFY on PostgreSQL, a 50 ms poll on SQLite).

func runPostgresFigures(url: String, chats: Int) async throws {
    let location = try PostgresLocation(url: url, environment: ProcessInfo.processInfo.environment)
    print("prompt-presets-bench postgres: \(location), \(chats) chat bindings, \(presetCount) presets, \(artifactCount) versions, "
          + "\(ProcessInfo.processInfo.activeProcessorCount) CPUs")
    let writerStore = try await PostgresStore.open(location)
    guard try await writerStore.currentVersion() == .empty else { throw BenchError.notEmpty(location.description) }

    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prompt-presets-bench-pg-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let sqlitePath = directory.appendingPathComponent("same-data.sqlite").path

    section("Seeding the same data into both")
    let changes = BenchData(chats: chats).changes
    report("PostgreSQL: seed (\(changes.count) changes, one commit)", format(try await nanoseconds {
        _ = try await writerStore.commit(changes, basedOn: .empty)
    }))
    let sqlite = try seededStore(at: sqlitePath, chats: chats)
    let postgresLibrary = try await openLibrary(on: writerStore, chats: chats, role: " on PostgreSQL")
    let sqliteLibrary = try await openLibrary(on: sqlite, chats: chats, role: " on SQLite")

    section("Commits through PresetLibrary.perform, alternating between the engines")
    var pgEdits: [Double] = [], liteEdits: [Double] = [], pgBinds: [Double] = [], liteBinds: [Double] = []
    for iteration in 0..<200 {
        let preset = PresetID("p\(iteration % presetCount)")
        pgEdits.append(try await nanoseconds { _ = try await postgresLibrary.perform(actor: "bench", editCommand(preset, prompt: "PG \(iteration)")) })
        liteEdits.append(try await nanoseconds { _ = try await sqliteLibrary.perform(actor: "bench", editCommand(preset, prompt: "SQLite \(iteration)")) })
        pgBinds.append(try await nanoseconds { try await bindChat(postgresLibrary, "pg-\(iteration)") })
        liteBinds.append(try await nanoseconds { try await bindChat(sqliteLibrary, "lite-\(iteration)") })
    }
    for (label, postgres, lite) in [("edit commit", pgEdits, liteEdits), ("bind chat", pgBinds, liteBinds)] {
        let p = Latencies(postgres), s = Latencies(lite)
        report("\(label) on PostgreSQL", p)
        report("\(label) on SQLite (durable)", s)
        report("\(label): PostgreSQL / SQLite", String(format: "p50 %.2f×  p99 %.2f×", p.p50 / s.p50, p.p99 / s.p99))
    }

    section("A write on one instance seen by another (200 commits)")
    let followerStore = try await PostgresStore.open(location)
    let follower = try await openLibrary(on: followerStore, chats: chats, role: " (second instance)")
    let lags = try await followerLag(writer: postgresLibrary, follower: follower, prefix: "pg-lag")
    report("follower lag on PostgreSQL (LISTEN/NOTIFY)", lags, note: "target p99 < 100 ms")
    try await benchmarkFollowerLag(writer: sqliteLibrary, path: sqlitePath, chats: chats)
    await followerStore.disconnect()
    await writerStore.disconnect()
}

/// From the writer's commit returning until the follower's snapshot holds the binding.
func followerLag(writer: PresetLibrary, follower: PresetLibrary, prefix: String) async throws -> Latencies {
    let following = Task.detached { await follower.follow(every: .milliseconds(50)) }
    defer { following.cancel() }
    var lags: [Double] = []
    for commit in 0..<200 {
        try await Task.sleep(for: .milliseconds(Int.random(in: 0...20)))
        let key = "\(prefix)-\(commit)"
        try await bindChat(writer, key)
        let committed = ContinuousClock.now
        while follower.snapshot.bindings[.chat(key)] == nil {
            guard ContinuousClock.now - committed < .seconds(5) else { throw BenchError.followerStalled(key) }
            try await Task.sleep(for: .microseconds(200))
        }
        lags.append((ContinuousClock.now - committed).nanoseconds)
    }
    return Latencies(lags)
}
