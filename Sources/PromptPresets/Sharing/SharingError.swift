/// Everything import and export refuse, each with the one-line sentence a user sees.
public enum SharingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file is not JSON the strict reader accepts (syntax, UTF-8, limits).
    case parse(JSONParseError)
    /// A JSON object belongs at `path`; `found` describes what is there ("an array").
    case notAnObject(path: String, found: String)
    /// A format marker (`$.format`, `$.format_version`) is missing or not one this version reads.
    case wrongFormat(path: String, expected: String, found: String)
    /// The bundle's `$.version` is not one this version reads.
    case unsupportedVersion(path: String, found: String, supported: Int)
    /// The bundle was made for another catalog than the one in use.
    case catalogMismatch(expected: String, found: String)
    /// An artifact's `sha256` does not match its config: the file was edited or damaged.
    case checksumMismatch(artifact: String, path: String)
    /// The file names operations the catalog does not know; `valid` lists those it does.
    case unknownOperations([String], valid: [String])
    /// Values of the wrong type, size or shape, each with its JSON path.
    case invalidValues([ValidationIssue])
    /// The export contains credential-shaped text; nothing was written.
    case secretsFound([SecretFinding])
    /// A domain rule refused the request.
    case domain(PresetError)

    public var description: String {
        switch self {
        case .parse(let error):
            return error.description
        case .notAnObject(let path, let found):
            return "\(path): expected an object, found \(found)."
        case .wrongFormat(let path, let expected, let found):
            return "Unsupported file: \(path) is \(found); expected \(expected)."
        case .unsupportedVersion(let path, let found, let supported):
            return "Unsupported bundle version: \(path) is \(found); this version reads version \(supported)."
        case .catalogMismatch(let expected, let found):
            return "The bundle was exported from catalog '\(found)', but this store uses catalog '\(expected)'."
        case .checksumMismatch(let artifact, let path):
            return "\(path): the sha256 of version '\(artifact)' does not match its config; the file was changed or damaged."
        case .unknownOperations(let keys, let valid):
            return "Unknown operation\(keys.count == 1 ? "" : "s") \(keys.map { "'\($0)'" }.joined(separator: ", ")) in the file; "
                + "nothing was imported. Skip \(keys.count == 1 ? "it" : "them") to import the rest. Valid operations: \(valid.joined(separator: ", "))."
        case .invalidValues(let issues):
            let shown = issues.prefix(5).map(\.description).joined(separator: "; ")
            return issues.count > 5 ? "\(shown); and \(issues.count - 5) more problems." : shown
        case .secretsFound(let findings):
            guard let first = findings.first else { return "Export stopped: credential-shaped text found." }
            let more = findings.count > 1 ? " (and \(findings.count - 1) more)" : ""
            return "Export stopped: \(first.path) looks like \(first.kind.noun) (\(first.excerpt))\(more). Use --allow-secrets to export anyway."
        case .domain(let error):
            return error.description
        }
    }
}
