import Foundation
import PromptPresets
import PromptPresetsCatalogs

/// Which catalog a command works with: the file `--catalog` or `$PROMPT_PRESETS_CATALOG`
/// names, else the built-in `auto-recap`.
enum CatalogSource {
    static let environmentVariable = "PROMPT_PRESETS_CATALOG"

    /// The catalog file the options or environment name, if any.
    static func path(_ options: GlobalOptions, environment: [String: String]) -> String? {
        if let option = options.catalog, !option.isEmpty { return option }
        if let path = environment[environmentVariable], !path.isEmpty { return path }
        return nil
    }

    /// The catalog of this command.
    /// - Throws: `CLIError.unreadableFile` or `CLIError.invalidCatalog` naming the file.
    static func catalog(_ options: GlobalOptions, environment: [String: String]) throws -> Catalog {
        guard let path = path(options, environment: environment) else { return .autoRecap }
        return try load(path).catalog
    }

    /// The catalog file at `path`, read in the format its name suggests.
    static func load(_ path: String) throws -> CatalogFile.Loaded {
        do {
            return try CatalogFile.load(try Files.data(at: path), format: CatalogFileFormat(path: path))
        } catch let error as CatalogFileError {
            throw CLIError.invalidCatalog(path: path, error)
        }
    }
}
