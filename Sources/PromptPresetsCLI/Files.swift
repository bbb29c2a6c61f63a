import Foundation

/// Reading and writing the files commands are given, with errors that name the path.
enum Files {
    /// The bytes of `path`.
    /// - Throws: `CLIError.unreadableFile` saying whether it is missing or unreadable.
    static func data(at path: String) throws -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let exists = FileManager.default.fileExists(atPath: path)
            throw CLIError.unreadableFile(path: path, reason: exists ? "permission denied or not a file" : "no such file")
        }
    }

    /// Writes `text` to `path` atomically (a temporary file renamed over it).
    static func write(_ text: String, to path: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CLIError.unwritableFile(path: path, reason: error.localizedDescription)
        }
    }
}
