import Foundation
import PromptPresets
@testable import PromptPresetsSQLite
import Testing

@Suite("SQLiteStore revision checks")
struct SQLiteStoreRevisionTests {
    let catalog = makeTestCatalog()

    /// A change based on a stale read, and the conflict it must raise.
    struct StaleWrite: Sendable, CustomTestStringConvertible {
        var name: String
        var change: @Sendable (Snapshot, SeriesResult) throws -> Change
        var subject: @Sendable (Snapshot, SeriesResult) -> String
        var testDescription: String { name }
    }

    static let staleWrites: [StaleWrite] = [
        StaleWrite(name: "delete of an artifact at an older revision") { snapshot, ids in
            let artifact = try #require(snapshot.artifacts[ids.recap])
            return .deleteArtifact(artifact.id, revision: artifact.revision - 1)
        } subject: { _, ids in "version \(ids.recap.rawValue)" },
        StaleWrite(name: "delete of an artifact at a newer revision") { snapshot, ids in
            .deleteArtifact(ids.recap, revision: (snapshot.artifacts[ids.recap]?.revision ?? 0) + 1)
        } subject: { _, ids in "version \(ids.recap.rawValue)" },
        StaleWrite(name: "update of an artifact claiming to follow an older revision") { snapshot, ids in
            var artifact = try #require(snapshot.artifacts[ids.recap])
            artifact.description = "stale"
            return .updateArtifact(artifact)  // same revision as stored: follows revision - 1
        } subject: { snapshot, ids in "scene_recap version '\(snapshot.artifacts[ids.recap]?.name ?? "")'" },
        StaleWrite(name: "delete of a preset at an older revision") { snapshot, ids in
            .deletePreset(ids.bob, revision: (snapshot.presets[ids.bob]?.revision ?? 0) - 1)
        } subject: { _, ids in "preset \(ids.bob.rawValue)" },
        StaleWrite(name: "update of a preset claiming to follow an older revision") { snapshot, ids in
            var preset = try #require(snapshot.presets[ids.bob])
            preset.description = "stale"
            return .updatePreset(preset)
        } subject: { _, _ in "preset 'Robert'" },
        StaleWrite(name: "delete of a session at an older revision") { snapshot, ids in
            .deleteSession(ids.openSession, revision: (snapshot.sessions[ids.openSession]?.revision ?? 0) - 1)
        } subject: { _, ids in "edit session \(ids.openSession.rawValue)" },
        StaleWrite(name: "update of a session claiming to follow an older revision") { snapshot, ids in
            var session = try #require(snapshot.sessions[ids.openSession])
            session.owner = "someone else"
            return .putSession(session)
        } subject: { _, ids in "edit session \(ids.openSession.rawValue)" },
        StaleWrite(name: "a second open of the same session id") { snapshot, ids in
            var session = try #require(snapshot.sessions[ids.openSession])
            session.revision = 1
            return .putSession(session)
        } subject: { _, ids in "edit session \(ids.openSession.rawValue)" },
        StaleWrite(name: "a binding to a preset that is gone") { _, _ in
            .setBinding(Binding(.chat("late"), to: PresetID("deleted-meanwhile")))
        } subject: { _, _ in "chat 'late'" },
    ]

    @Test("A stale write is refused and leaves version and contents unchanged", arguments: staleWrites)
    func staleWriteIsRefused(_ write: StaleWrite) throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try SQLiteStore(path: directory.appendingPathComponent("store.sqlite").path)
        var driver = try StoreDriver(store)
        let ids = try runRealisticSeries(&driver)
        let before = try store.loadSnapshot(catalog: catalog)
        let auditBefore = try store.readAuditLog(limit: 1_000)
        #expect(before.sessions[ids.openSession]?.revision ?? 0 > 1)

        let audit = Change.appendAudit(AuditEntry(at: fixedDate, actor: "stale", action: "test", subject: "x"))
        let stale = try write.change(before, ids)
        #expect(throws: PresetError.conflict(write.subject(before, ids))) {
            try store.apply([.setBinding(Binding(.chat("first"), to: .default)), stale, audit], basedOn: before.version)
        }

        #expect(try store.readVersion() == before.version)
        let after = try store.loadSnapshot(catalog: catalog)
        #expect(after == before)
        #expect(after.bindings.chats["first"] == nil)
        #expect(try store.readAuditLog(limit: 1_000) == auditBefore)
        #expect(try store.readChanges(after: before.version) == .changes([], through: before.version))
    }

    @Test("Deletes at the stored revision succeed and are logged")
    func deletesAtTheStoredRevisionSucceed() throws {
        let store = try SQLiteStore.inMemory()
        var driver = try StoreDriver(store)
        let ids = try runRealisticSeries(&driver)
        let before = try store.loadSnapshot(catalog: catalog)
        let session = try #require(before.sessions[ids.openSession])

        let version = try store.apply([.deleteSession(session.id, revision: session.revision)], basedOn: before.version)
        #expect(version == before.version.advanced(by: 1))
        #expect(try store.loadSnapshot(catalog: catalog).sessions.isEmpty)
        #expect(try store.readChanges(after: before.version) == .changes([.deleteSession(session.id, revision: 0)], through: version))
    }
}
