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
    /// - Parameter force: also replace what is not a regular file (a symlink, a device node,
    ///   a FIFO); without it such a path is refused and left as it is.
    static func write(_ text: String, to path: String, force: Bool = false) throws {
        var status = stat()
        if !force, lstat(path, &status) == 0, status.st_mode & S_IFMT != S_IFREG {
            let kind = switch status.st_mode & S_IFMT {
            case S_IFLNK: "a symbolic link"
            case S_IFDIR: "a directory"
            case S_IFCHR, S_IFBLK: "a device"
            case S_IFIFO: "a named pipe"
            case S_IFSOCK: "a socket"
            default: "not a regular file"
            }
            throw CLIError.unwritableFile(path: path, reason: "it is \(kind), not a regular file; give --force to replace it")
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CLIError.unwritableFile(path: path, reason: error.localizedDescription)
        }
    }
}
