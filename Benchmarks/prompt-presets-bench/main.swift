// The library's benchmark, at the scale the issue names: 13 operations, 10,000 versions,
// 1,000 presets, 1,000,000 chat bindings.
//
//   prompt-presets-bench [CHATS]          every figure below (CHATS defaults to 1,000,000)
//   prompt-presets-bench seed STORE CHATS fills a store (a file or a postgres:// URL) for the load scripts
//   prompt-presets-bench postgres URL [CHATS]  PostgreSQL next to SQLite: commits, follower lag
//                                         (URL: a new, empty database; CHATS defaults to 100,000)
//   prompt-presets-bench write-loop PATH  commits bindings one by one, printing "ok N" after
//                                         each acknowledged one (the kill -9 test)
//   prompt-presets-bench client URL       PromptPresetsClient against a running server at URL
//                                         ($PROMPT_PRESETS_TOKEN when its reads are closed)
//
// Figures are quoted against baselines measured in the same run (a bare dictionary lookup,
// the disk's cheapest durable commit, an idle run), because the machines are shared and
// absolute times drift. Nothing here asserts a timing.
import Foundation
import PromptPresets
import PromptPresetsPostgres
import PromptPresetsSQLite

let arguments = Array(CommandLine.arguments.dropFirst())

switch arguments.first {
case "seed":
    guard arguments.count == 3, let chats = Int(arguments[2]) else { usage() }
    try await seed(arguments[1], chats: chats)
case "postgres":
    guard (2...3).contains(arguments.count), let chats = Int(arguments.count == 3 ? arguments[2] : "100000") else { usage() }
    try await runPostgresFigures(url: arguments[1], chats: chats)
case "client":
    guard arguments.count == 2 else { usage() }
    try await runClientFigures(url: arguments[1], token: ProcessInfo.processInfo.environment["PROMPT_PRESETS_TOKEN"])
case "write-loop":
    guard arguments.count == 2 else { usage() }
    try writeLoop(path: arguments[1])
default:
    guard arguments.count <= 1, let chats = Int(arguments.first ?? "1000000") else { usage() }
    try await runEveryFigure(chats: chats)
}

func usage() -> Never {
    FileHandle.standardError.write(Data("usage: prompt-presets-bench [CHATS] | seed STORE CHATS | postgres URL [CHATS] | write-loop PATH | client URL\n".utf8))
    exit(2)
}

/// `seed STORE CHATS`: the bench data set in one commit, into a file or a PostgreSQL database.
func seed(_ target: String, chats: Int) async throws {
    let data = BenchData(chats: chats)
    let store: any ManagedStore = if PostgresLocation.isURL(target) {
        try await PostgresStore.open(PostgresLocation(url: target, environment: ProcessInfo.processInfo.environment))
    } else {
        try SQLiteStore(path: target)
    }
    _ = try await store.commit(data.changes, basedOn: .empty)
    await store.disconnect()
    print("seeded \(store.location): \(data.presets.count) presets, \(data.artifacts.count) versions, \(chats) chat bindings")
}

/// `write-loop PATH`: one commit per binding, each acknowledged on standard output only once
/// `apply` returned, so a test can kill the process and check no acknowledged write is lost.
func writeLoop(path: String) throws {
    let store = try SQLiteStore(path: path)
    let environment = CommandEnvironment(actor: "write-loop")
    var snapshot = try store.loadSnapshot(catalog: catalog, bindingsFor: Context())
    for number in 1... {
        let outcome = try snapshot.bind(.chat("killed-\(number)"), to: .default, environment)
        let version = try store.apply(outcome.changes, basedOn: outcome.basedOn)
        snapshot = outcome.snapshot.committed(as: version)
        print("ok \(number)")
        fflush(nil)
    }
}

/// The default run: every figure, printed as it is measured.
func runEveryFigure(chats: Int) async throws {
    print("prompt-presets-bench: \(chats) chat bindings, \(presetCount) presets, \(artifactCount) versions, "
          + "\(ProcessInfo.processInfo.activeProcessorCount) CPUs")

    try benchmarkInMemoryResolve(chatCounts: [1, chats])

    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prompt-presets-bench-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let largePath = directory.appendingPathComponent("large.sqlite").path
    let smallChats = 10

    section("SQLite file stores (durable: WAL, synchronous = FULL) in \(directory.path)")
    let large = try seededStore(at: largePath, chats: chats)
    let small = try seededStore(at: directory.appendingPathComponent("small.sqlite").path, chats: smallChats)
    try benchmarkOneShotReads(path: largePath, store: large, chats: chats)
    let largeLibrary = try await openLibrary(on: large, chats: chats)
    let smallLibrary = try await openLibrary(on: small, chats: smallChats)

    section("Commits through PresetLibrary.perform")
    let diskFloor = try benchmarkDiskFloor(directory: directory)
    try await benchmarkEditCommit(largeLibrary, chats: chats, diskFloor: diskFloor)
    try await benchmarkBindChat(large: largeLibrary, largeChats: chats, small: smallLibrary, smallChats: smallChats, diskFloor: diskFloor)
    try await benchmarkDeletePreset(largeLibrary, chats: chats, diskFloor: diskFloor)

    section("Readers and writers at \(chats) chat bindings")
    try await benchmarkResolveUnderWriters(largeLibrary, chats: chats)
    try await benchmarkFollowerLag(writer: largeLibrary, path: largePath, chats: chats)

    section("Memory")
    report("peak RSS (VmHWM)", String(format: "%.0f MiB", peakMemoryMiB()))
    if sink == 42 { print("") }
}
