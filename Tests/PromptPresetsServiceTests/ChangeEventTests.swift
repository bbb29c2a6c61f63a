import Foundation
import PromptPresets
import PromptPresetsCatalogs
import PromptPresetsService
import Testing

/// Change events (§10.5): one per commit, from this library or another on the same store.
@Suite("Change events")
struct ChangeEventTests {
    /// The first `count` events of `stream`, or fewer when it ends or `seconds` pass.
    func first(_ count: Int, of stream: AsyncThrowingStream<ChangeEvent, any Error>, within seconds: Double = 10) async throws -> [ChangeEvent] {
        try await withThrowingTaskGroup(of: [ChangeEvent].self) { group in
            group.addTask {
                var events: [ChangeEvent] = []
                for try await event in stream {
                    events.append(event)
                    if events.count == count { break }
                }
                return events
            }
            group.addTask {
                try await Task.sleep(for: .seconds(seconds))
                return []
            }
            let events = try await group.next() ?? []
            group.cancelAll()
            return events
        }
    }

    @Test("a follower sees every commit of another library as its own event, in order")
    func eventsFromAnotherLibrary() async throws {
        let store = InMemoryStore()
        let writer = try await PresetLibrary(store: store, catalog: .autoRecap)
        let follower = try await PresetLibrary(store: store, catalog: .autoRecap)
        let events = follower.changeEvents(after: follower.version)
        let following = Task { await follower.follow(every: .milliseconds(5)) }
        defer { following.cancel() }

        let alice = try await writer.perform(actor: "a") { try $0.createPreset(named: "Alice", $1) }
        try await writer.perform(actor: "a") { try $0.bind(.chat("c1"), to: alice.id, $1) }
        try await writer.perform(actor: "a") { try $0.bind(.chat("c2"), to: alice.id, $1) }

        let seen = try await first(3, of: events)
        #expect(seen == [
            .commit(Commit(version: StoreVersion(1), objects: [.preset(alice.id)])),
            .commit(Commit(version: StoreVersion(2), objects: [.binding(.chat("c1"))])),
            .commit(Commit(version: StoreVersion(3), objects: [.binding(.chat("c2"))])),
        ])
    }

    @Test("resuming after a version replays only what came after it")
    func resume() async throws {
        let library = try await PresetLibrary(store: InMemoryStore(), catalog: .autoRecap)
        for name in ["A", "B", "C"] {
            try await library.perform(actor: "t") { try $0.createPreset(named: name, $1) }
        }
        let replayed = try await first(2, of: library.changeEvents(after: StoreVersion(1)))
        #expect(replayed.map(\.version) == [StoreVersion(2), StoreVersion(3)])
    }

    @Test("a resume point the change log no longer reaches, or one from the future, asks for a reload")
    func reload() async throws {
        let library = try await PresetLibrary(store: InMemoryStore(changeLogLimit: 2), catalog: .autoRecap)
        for name in ["A", "B", "C", "D"] {
            try await library.perform(actor: "t") { try $0.createPreset(named: name, $1) }
        }
        #expect(try await first(1, of: library.changeEvents(after: .empty)) == [.reload(StoreVersion(4))])
        #expect(try await first(1, of: library.changeEvents(after: StoreVersion(99))) == [.reload(StoreVersion(4))])
    }
}
