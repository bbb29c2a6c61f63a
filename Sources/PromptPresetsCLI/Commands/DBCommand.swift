import ArgumentParser
import PromptPresets

/// `db status`, `db backup PATH`.
struct DBCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db", abstract: "Inspect and back up the store.", subcommands: [Status.self, Backup.self])
}

extension DBCommand {
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the schema and store versions, row counts and file size.")

        @OptionGroup var options: GlobalOptions

        func run() throws {
            let console = Console.current
            let workspace = try Workspace(options)
            let status = try workspace.store.status()
            let rows: [(String, String, JSONValue)] = [
                ("path", workspace.store.path ?? "(in memory)", workspace.store.path.map(JSONValue.string) ?? .null),
                ("schemaVersion", status.schemaVersion, .string(status.schemaVersion)),
                ("migrations", String(status.migrationCount), .int(status.migrationCount)),
                ("storeVersion", status.storeVersion.description, .int(Int(status.storeVersion.rawValue))),
                ("presets", String(status.presets), .int(status.presets)),
                ("artifacts", String(status.artifacts), .int(status.artifacts)),
                ("sessions", String(status.sessions), .int(status.sessions)),
                ("connectionProfiles", String(status.connectionProfiles), .int(status.connectionProfiles)),
                ("chatBindings", String(status.chatBindings), .int(status.chatBindings)),
                ("characterBindings", String(status.characterBindings), .int(status.characterBindings)),
                ("profileBindings", String(status.profileBindings), .int(status.profileBindings)),
                ("auditEntries", String(status.auditEntries), .int(status.auditEntries)),
                ("fileSize", status.fileSize.map { "\($0) bytes" } ?? "-", status.fileSize.map { .int(Int($0)) } ?? .null),
            ]
            if options.json { return console.print(json: .object(Dictionary(uniqueKeysWithValues: rows.map { ($0.0, $0.2) }))) }
            console.print(TextTable(pairs: rows.map { ($0.0, $0.1) }).rendered)
        }
    }

    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write a consistent copy of the store to PATH.")

        @Argument(help: "Where to write the copy.") var path: String
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let console = Console.current
            let workspace = try Workspace(options)
            try workspace.store.backup(to: path)
            if options.json { return console.print(json: .object(["backup": .string(path)])) }
            console.print("Backed up \(workspace.store.path ?? "the store") to \(path).")
        }
    }
}
