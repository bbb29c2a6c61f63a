/// One finding of `CatalogFile.check`: where in the document, how serious, and what.
public struct CatalogProblem: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        /// The file cannot be loaded.
        case error
        /// The file loads, but something is probably a mistake.
        case warning
    }

    public var severity: Severity
    /// A JSON path into the document (`$.operations[2].defaults[1].version`), or `$` for the whole file.
    public var path: String
    public var message: String
    /// The 1-based line of the value in a YAML file (or of the object that lacks it), when known.
    public var line: Int?

    public init(_ severity: Severity, path: String, message: String, line: Int? = nil) {
        self.severity = severity
        self.path = path
        self.message = message
        self.line = line
    }

    public var description: String { "\(path): \(message)" + (line.map { " (line \($0))" } ?? "") }
}

/// Why a catalog file could not be loaded: every error found (and the warnings beside them).
public struct CatalogFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public var problems: [CatalogProblem]

    public init(problems: [CatalogProblem]) {
        self.problems = problems
    }

    public var errors: [CatalogProblem] { problems.filter { $0.severity == .error } }

    public var description: String {
        let errors = self.errors
        let shown = errors.prefix(5).map(\.description).joined(separator: "; ")
        let more = errors.count > 5 ? "; and \(errors.count - 5) more" : ""
        return "The catalog file has \(errors.count) error\(errors.count == 1 ? "" : "s"): \(shown)\(more)."
    }
}
