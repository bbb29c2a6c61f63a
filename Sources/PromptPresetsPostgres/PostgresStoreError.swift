import PromptPresets

/// Why a PostgreSQL store could not be reached, opened or read. Messages name the server by
/// host and port (or socket) and database, never the user's password.
public enum PostgresStoreError: StoreEngineError, Equatable {
    /// The URL is not a PostgreSQL URL this program understands.
    case invalidURL(String)
    /// No connection could be made (nothing listening, a wrong host, a timeout, a refused login).
    case unreachable(server: String, detail: String)
    /// The database was migrated by a newer PromptPresets.
    case newerSchema(database: String, unknownMigrations: [String])
    /// The database holds rows this version cannot read, or tables of another application.
    case notAStore(database: String, detail: String)
    /// The server's disk is full (SQLSTATE 53100): the commit was rolled back.
    case storageFull(database: String, detail: String)
    /// The server refused a statement for a reason other than a conflict.
    case failed(database: String, detail: String)

    public var isStorageFull: Bool {
        if case .storageFull = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .invalidURL(let detail):
            "Not a PostgreSQL store URL: \(detail). Use postgres://user@host:port/database (the password from $PGPASSWORD or --password-file)."
        case .unreachable(let server, let detail):
            "Cannot reach PostgreSQL at \(server): \(detail)."
        case .newerSchema(let database, let migrations):
            "The store in \(database) was written by a newer version of PromptPresets (migrations: \(migrations.joined(separator: ", "))); upgrade PromptPresets to open it. Nothing was changed."
        case .notAStore(let database, let detail):
            "The database \(database) is not a PromptPresets store (\(detail))."
        case .storageFull(let database, let detail):
            "PostgreSQL cannot write to \(database): its disk is full (\(detail)). Nothing was written."
        case .failed(let database, let detail):
            "PostgreSQL refused a statement on \(database): \(detail)."
        }
    }
}
