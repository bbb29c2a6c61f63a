import ArgumentParser
import PromptPresets
import PromptPresetsCatalogs

/// `catalog`: the operations with their title and current default version.
struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog", abstract: "List the operations with their title and current default version.")

    @OptionGroup var options: GlobalOptions

    func run() throws {
        let console = Console.current
        let catalog = Catalog.autoRecap
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
