import Foundation
import GRDB
import PromptPresets
@testable import PromptPresetsSQLite
import Testing

@Suite("SQLiteStore on a full disk")
struct SQLiteStoreDiskFullTests {
    @Test("SQLITE_FULL is reported as a full disk naming the store, not as a bare database error")
    func fullDiskIsNamed() throws {
        let translated = SQLiteStore.translate(DatabaseError(resultCode: .SQLITE_FULL), path: "/data/store.sqlite")
        let error = try #require(translated as? SQLiteStoreError)
        #expect(error == .diskFull(path: "/data/store.sqlite"))
        #expect(error.description.contains("/data/store.sqlite"))
        #expect(error.description.contains("Free some space"))
        #expect(error.isStorageFull, "servers answer it with 507")
        #expect(!SQLiteStoreError.cannotOpen(path: "/data/store.sqlite", detail: "x").isStorageFull)
    }
}
