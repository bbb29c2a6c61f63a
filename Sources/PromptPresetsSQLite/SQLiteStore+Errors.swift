import GRDB
import PromptPresets
import PromptPresetsStorage

extension SQLiteStore {
    /// Runs `body`, turning damaged-file and damaged-row errors into `SQLiteStoreError.notADatabase`.
    func translatingErrors<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch {
            throw Self.translateReading(error, path: displayPath)
        }
    }

    func translatingErrors<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw Self.translateReading(error, path: displayPath)
        }
    }

    /// A damaged file or row becomes `notADatabase`; domain conflicts and other SQLite
    /// errors (busy, I/O, cancellation) pass through.
    static func translateReading(_ error: any Error, path: String) -> any Error {
        switch error {
        case let error as DatabaseError:
            translate(error, path: path)
        case let error as InvalidRecord:
            SQLiteStoreError.notADatabase(path: path, detail: error.detail)
        case let error as RowDecodingError:
            // A NULL or a value of the wrong type where the schema allows none (a hand-edited file).
            SQLiteStoreError.notADatabase(path: path, detail: "a row cannot be read (\(oneLine(error)))")
        default:
            error
        }
    }

    /// A damaged or foreign file becomes `notADatabase`; other SQLite errors pass through.
    static func translate(_ error: DatabaseError, path: String) -> any Error {
        switch error.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            SQLiteStoreError.notADatabase(path: path, detail: error.message ?? error.description)
        case .SQLITE_FULL:
            SQLiteStoreError.diskFull(path: path)
        default:
            error
        }
    }

    /// Errors while opening: a damaged file is `notADatabase`, anything else `cannotOpen`.
    static func translateOpening(_ error: any Error, path: String) -> SQLiteStoreError {
        if let error = error as? SQLiteStoreError { return error }
        if case let translated as SQLiteStoreError = translateReading(error, path: path) { return translated }
        guard let error = error as? DatabaseError else {
            return .cannotOpen(path: path, detail: oneLine(error))
        }
        return .cannotOpen(path: path, detail: error.message ?? error.description)
    }

    /// An error's description on one line (GRDB's decoding errors span several).
    private static func oneLine(_ error: any Error) -> String {
        String(describing: error).split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
