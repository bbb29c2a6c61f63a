import ArgumentParser
import Foundation
import PromptPresets
import PromptPresetsCatalogs

/// `catalog [list]`, `catalog export [--format json|yaml]`, `catalog check PATH`.
struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog", abstract: "List, export and check catalogs: the operations an application declares.",
        subcommands: [List.self, Export.self, Check.self], defaultSubcommand: List.self)
}

extension CatalogCommand {
    /// The operations with their title and current default version.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the operations with their title and current default version.")

        @OptionGroup var options: GlobalOptions

        func run() throws {
            let console = Console.current
            let catalog = try CatalogSource.catalog(options, environment: console.environment)
            if options.json {
                console.print(json: .array(catalog.operations.map { definition in
                    .object([
                        "key": .string(definition.key),
                        "title": .string(definition.title),
                        "description": .string(definition.description),
                        "defaultVersion": .string(definition.current.version.description),
                        "fields": .array(definition.schema.fields.map { .string($0.key) }),
                        "variables": .array(definition.variables.map { .string($0.name) }),
                    ])
                }))
                return
            }
            var table = TextTable(header: ["OPERATION", "TITLE", "DEFAULT"])
            for definition in catalog.operations {
                table.append([definition.key, definition.title, definition.current.version.description])
            }
            console.print(table.rendered)
        }
    }

    /// The catalog in effect as a catalog file.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the catalog (the built-in one, or the --catalog one) as a catalog file.",
            discussion: "The output is what --catalog reads; 'catalog check' validates it and loading it gives the same catalog.")

        @Option(name: .long, help: "json or yaml.")
        var format: CatalogFileFormat = .yaml

        @OptionGroup var options: GlobalOptions

        func run() throws {
            let console = Console.current
            let catalog = try CatalogSource.catalog(options, environment: console.environment)
            // Exactly as written: the file is data for a program, and prompts may hold any text.
            console.printRaw(CatalogFile.text(of: catalog, format: format))
        }
    }

    /// Validates a catalog file.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a catalog file: print every problem with its path, or a summary when it loads.",
            discussion: "Exits 1 when the file has errors; warnings alone exit 0. A .json file is read as JSON, anything else as YAML.")

        @Argument(help: "The catalog file (.json, .yaml or .yml).")
        var path: String

        @OptionGroup var options: GlobalOptions

        func run() throws {
            let console = Console.current
            let check = CatalogFile.check(try Files.data(at: path), format: CatalogFileFormat(path: path))
            if options.json {
                console.print(json: .object([
                    "valid": .bool(check.catalog != nil),
                    "name": check.catalog.map { .string($0.name) } ?? .null,
                    "operations": .int(check.catalog?.operations.count ?? 0),
                    "versions": .int(check.catalog?.operations.reduce(0) { $0 + $1.history.count } ?? 0),
                    "problems": .array(check.problems.map { problem in
                        .object([
                            "severity": .string(problem.severity.rawValue),
                            "path": .string(problem.path),
                            "message": .string(problem.message),
                            "line": problem.line.map(JSONValue.int) ?? .null,
                        ])
                    }),
                ]))
            } else {
                for problem in check.problems { console.printError("\(problem.severity.rawValue): \(problem)") }
                if let catalog = check.catalog {
                    let versions = catalog.operations.reduce(0) { $0 + $1.history.count }
                    let warnings = check.warnings.count
                    console.print(
                        "\(path): catalog '\(catalog.name)' is valid: \(catalog.operations.count) operation\(catalog.operations.count == 1 ? "" : "s"), "
                            + "\(versions) default version\(versions == 1 ? "" : "s")"
                            + (warnings == 0 ? "." : ", \(warnings) warning\(warnings == 1 ? "" : "s")."))
                    for operation in catalog.operations {
                        console.print("  \(operation.key)  \(operation.current.version)  (\(operation.history.count) version\(operation.history.count == 1 ? "" : "s"))")
                    }
                } else {
                    console.printError("\(path): \(check.errors.count) error\(check.errors.count == 1 ? "" : "s"); the catalog cannot be loaded.")
                }
            }
            if check.catalog == nil { throw ExitCode(CLI.Exit.failure) }
        }
    }
}

extension CatalogFileFormat: ExpressibleByArgument {}
