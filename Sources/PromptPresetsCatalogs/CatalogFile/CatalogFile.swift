import Foundation
import PromptPresets

/// Catalogs declared in files (§14): for host applications that are not written in Swift.
///
/// A catalog file is JSON or YAML with the same keys; `Docs/example-catalog.yaml` is a
/// complete one. Reading never traps: every problem is reported with its JSON path.
///
/// ```swift
/// let loaded = try CatalogFile.load(data, format: .yaml)   // throws CatalogFileError
/// let text = CatalogFile.text(of: .autoRecap, format: .json)
/// ```
public enum CatalogFile {
    /// A catalog read from a file and the warnings its file gave.
    public struct Loaded: Sendable {
        public var catalog: Catalog
        public var warnings: [CatalogProblem]
    }

    /// What checking a file found: the catalog when it has no errors, and every problem.
    public struct Check: Sendable {
        public var catalog: Catalog?
        public var problems: [CatalogProblem]

        public var errors: [CatalogProblem] { problems.filter { $0.severity == .error } }
        public var warnings: [CatalogProblem] { problems.filter { $0.severity == .warning } }
    }

    /// The largest file read: a catalog is a few hundred kilobytes of prompts.
    public static let maxBytes = 16 << 20

    /// Checks `data` as a catalog file in `format`; never throws.
    public static func check(_ data: Data, format: CatalogFileFormat) -> Check {
        if data.count > maxBytes {
            return Check(catalog: nil, problems: [CatalogProblem(
                .error, path: "$", message: "the file is \(data.count) bytes; the limit is \(maxBytes)")])
        }
        let document: JSONValue
        var yaml: YAMLText.Document?
        switch format {
        case .json:
            do {
                document = try StrictJSON.parse(data, limits: JSONLimits(maxBytes: maxBytes, maxDepth: 64, maxStringLength: 1 << 20))
            } catch {
                return Check(catalog: nil, problems: [CatalogProblem(.error, path: error.path, message: error.description)])
            }
        case .yaml:
            guard let text = String(data: data, encoding: .utf8) else {
                return Check(catalog: nil, problems: [CatalogProblem(.error, path: "$", message: "the file is not UTF-8 text")])
            }
            do {
                let parsed = try YAMLText.parse(text)
                document = parsed.value
                yaml = parsed
            } catch {
                let location = error.line.map { line in "YAML syntax error at line \(line)" + (error.column.map { ", column \($0)" } ?? "") }
                return Check(catalog: nil, problems: [CatalogProblem(
                    .error, path: "$", message: (location ?? "YAML syntax error") + ": \(error.message)")])
            }
        }
        var (catalog, problems) = CatalogReader.read(document)
        if let yaml {
            for index in problems.indices { problems[index].line = yaml.line(of: problems[index].path) }
        }
        return Check(catalog: catalog, problems: problems)
    }

    /// The catalog in `data`.
    /// - Throws: `CatalogFileError` with every problem when the file has an error.
    public static func load(_ data: Data, format: CatalogFileFormat) throws(CatalogFileError) -> Loaded {
        let check = check(data, format: format)
        guard let catalog = check.catalog else { throw CatalogFileError(problems: check.problems) }
        return Loaded(catalog: catalog, warnings: check.warnings)
    }

    /// `catalog` as a catalog file in `format`; `load` reads it back as an equal catalog.
    public static func text(of catalog: Catalog, format: CatalogFileFormat) -> String {
        let document = CatalogDocument.value(of: catalog)
        switch format {
        case .json: return document.prettyText + "\n"
        case .yaml: return YAMLText.text(of: document, keyOrder: CatalogDocument.keyOrder, sortedOnlyBelow: ["config"])
        }
    }
}
