import PromptPresets

/// Why a SQLite store could not be opened or read.
public enum SQLiteStoreError: StoreEngineError, Equatable {
    /// The file was migrated by a newer PromptPresets: it holds migrations this version does not know.
    case newerSchema(path: String, unknownMigrations: [String])
    /// The file is not SQLite, is damaged, or belongs to another application.
    case notADatabase(path: String, detail: String)
    /// The file could not be opened or created (permissions, a directory in the way, …).
    case cannotOpen(path: String, detail: String)
    /// The disk (or the file system's quota) is full: the write was not made.
    case diskFull(path: String)

    public var description: String {
        switch self {
        case .newerSchema(let path, let migrations):
            "The store at \(path) was written by a newer version of PromptPresets (migrations: \(migrations.joined(separator: ", "))); upgrade PromptPresets to open it. The file was not changed."
        case .notADatabase(let path, let detail):
            "The store at \(path) is not a PromptPresets database (\(detail))."
        case .cannotOpen(let path, let detail):
            "Cannot open the store at \(path): \(detail)."
        case .diskFull(let path):
            "The disk holding the store at \(path) is full; nothing was written. Free some space and try again."
        }
    }
}

extension SQLiteStoreError {
    public var isStorageFull: Bool {
        if case .diskFull = self { return true }
        return false
    }
}
