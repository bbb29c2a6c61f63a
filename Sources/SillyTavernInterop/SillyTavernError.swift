/// Everything the SillyTavern interop refuses, each with the one line a user sees.
///
/// Paths are JSON paths inside `settings.json`
/// (`extension_settings.auto_recap_memory.operation_artifacts.scene_recap`).
public enum SillyTavernError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file is not JSON (truncated, invalid UTF-8, duplicated key, …); the parser's sentence.
    case malformedJSON(String)
    /// `extension_settings.auto_recap_memory` does not exist.
    case extensionSectionMissing
    /// A value has the wrong JSON type.
    case wrongType(path: String, expected: String, found: String)
    /// A value has the right type but cannot be used.
    case invalidValue(path: String, problem: String)
    /// The file's bytes are no longer the ones that were read.
    case fileChangedOnDisk(path: String)
    /// The file could not be read.
    case readFailed(path: String, reason: String)
    /// A backup, temporary file, rename or sync failed; the original file is unchanged.
    case writeFailed(path: String, reason: String)
    /// The store and the file both changed these objects since the last sync; nothing was written.
    case syncConflicts([String])

    public var description: String {
        switch self {
        case .malformedJSON(let detail):
            "settings.json is not valid JSON: \(detail)"
        case .extensionSectionMissing:
            "settings.json has no extension_settings.auto_recap_memory section; is this SillyTavern's settings.json with the Auto-Recap extension installed?"
        case .wrongType(let path, let expected, let found):
            "settings.json: \(path): expected \(expected), found \(found)."
        case .invalidValue(let path, let problem):
            "settings.json: \(path): \(problem)."
        case .fileChangedOnDisk(let path):
            "\(path) changed on disk since it was read; nothing was written. Read it again and retry."
        case .readFailed(let path, let reason):
            "Cannot read \(path): \(reason)."
        case .writeFailed(let path, let reason):
            "Cannot write \(path): \(reason); the original file is unchanged."
        case .syncConflicts(let subjects):
            "Changed both in the store and in SillyTavern since the last sync: \(subjects.joined(separator: ", ")). Nothing was written; pass --prefer store or --prefer file."
        }
    }
}
