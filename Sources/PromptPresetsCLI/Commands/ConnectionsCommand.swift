import ArgumentParser
import PromptPresets
import PromptPresetsAPI

/// `connections list|add|rename|remove`: the connection-profile directory (names only, never credentials).
struct ConnectionsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "connections",
        abstract: "Manage the connection profiles configs can name (no credentials are stored).",
        subcommands: [List.self, Add.self, Rename.self, Remove.self],
        defaultSubcommand: List.self)
}

extension ConnectionsCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List connection profiles.")

        @OptionGroup var options: GlobalOptions

        func run() throws {
            let console = Console.current
            let profiles = try Workspace(options).snapshot().connectionProfiles.values
                .sorted { $0.name.localizedStandardCompare($1.name) == .orderedAscending }
            if options.json { return try console.print(wire: profiles.map(Components.Schemas.ConnectionProfile.init)) }
            guard !profiles.isEmpty else { return console.print("No connection profiles.") }
            var table = TextTable(header: ["NAME", "API", "ID"])
            for profile in profiles { table.append([profile.name, profile.api, profile.id]) }
            console.print(table.rendered)
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a connection profile.")

        @Argument(help: "The profile's name.") var name: String
        @Option(name: .long, help: "The API kind, e.g. openai.") var api: String = ""
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let console = Console.current
            let outcome = try Workspace(options).perform { snapshot, environment in
                try snapshot.addConnectionProfile(named: name, api: api, environment)
            }
            if options.json { return try console.print(wire: Components.Schemas.ConnectionProfile(outcome.value)) }
            console.print("Added connection profile '\(outcome.value.name)'.")
        }
    }

    struct Rename: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Rename a connection profile; configs keep pointing at it.")

        @Argument(help: "The profile.") var name: String
        @Argument(help: "Its new name.") var newName: String
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let console = Console.current
            let outcome = try Workspace(options).perform { snapshot, environment in
                try snapshot.renameConnectionProfile(name, to: newName, environment)
            }
            if options.json { return try console.print(wire: Components.Schemas.ConnectionProfile(outcome.value)) }
            console.print("Renamed connection profile '\(name)' to '\(outcome.value.name)'.")
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a connection profile.")

        @Argument(help: "The profile.") var name: String
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let console = Console.current
            let outcome = try Workspace(options).perform { snapshot, environment in
                try snapshot.removeConnectionProfile(name, environment)
            }
            let users = outcome.value
            if options.json {
                return console.print(json: .object(["removed": .string(name), "stillNamedBy": .array(users.map(JSONValue.string))]))
            }
            console.print("Removed connection profile '\(name)'.")
            if !users.isEmpty {
                console.warn("still named by \(users.joined(separator: ", ")); they will use the current connection.")
            }
        }
    }
}
