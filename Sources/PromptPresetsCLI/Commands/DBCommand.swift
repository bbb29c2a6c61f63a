import ArgumentParser
import Foundation
import PromptPresets
import PromptPresetsPostgres
import PromptPresetsService
import PromptPresetsSQLite

/// `db status`, `db backup PATH`, `db copy FROM TO`.
struct DBCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db", abstract: "Inspect, back up and copy the store.", subcommands: [Status.self, Backup.self, Copy.self])
}

extension DBCommand {
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the schema and store versions, row counts and size.")

        @OptionGroup var options: GlobalOptions

        func run() throws {
            let console = Console.current
            let workspace = try Workspace(options)
            let status = try workspace.waiting { try await $0.status() }
            let sizeName = if case .file = workspace.location { "fileSize" } else { "databaseSize" }
            let rows: [(String, String, JSONValue)] = [
                ("store", workspace.location.description, .string(workspace.location.description)),
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
                (sizeName, status.fileSize.map { "\($0) bytes" } ?? "-", status.fileSize.map { .int(Int($0)) } ?? .null),
            ]
            if options.json { return console.print(json: .object(Dictionary(uniqueKeysWithValues: rows.map { ($0.0, $0.2) }))) }
            console.print(TextTable(pairs: rows.map { ($0.0, $0.1) }).rendered)
        }
    }

    struct Backup: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a consistent copy of the store to a SQLite file at PATH.",
            discussion: """
                A SQLite store is copied with SQLite's online backup, replacing any database at PATH. A PostgreSQL \
                store is copied through the store protocol (a logical dump: every version, preset, binding, session, \
                audit entry and setting) into a new SQLite file; restore it with 'db copy PATH postgres://…'.
                """)

        @Argument(help: "Where to write the copy.") var path: String
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let console = Console.current
            let workspace = try Workspace(options)
            switch workspace.store {
            case let sqlite as SQLiteStore:
                try sqlite.backup(to: path)
            default:
                try Self.dump(workspace, toNewFileAt: path)
            }
            if options.json { return console.print(json: .object(["backup": .string(path)])) }
            console.print("Backed up \(workspace.location) to \(path).")
        }

        /// Copies into a SQLite file beside `path`, then renames it into place: a failed dump
        /// leaves whatever was at `path`.
        private static func dump(_ workspace: Workspace, toNewFileAt path: String) throws {
            let temporary = path + ".partial-\(ProcessInfo.processInfo.processIdentifier)"
            defer {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: temporary + suffix) }
            }
            try copy(from: workspace.store, into: temporary, catalog: workspace.catalog)
            guard rename(temporary, path) == 0 else {
                throw CLIError.unwritableFile(path: path, reason: String(cString: strerror(errno)))
            }
        }

        /// Copies, then folds the WAL into the file, so the file alone can be moved into place.
        private static func copy(from source: any CommandStore, into path: String, catalog: Catalog) throws {
            let target = try SQLiteStore(path: path)
            try runBlocking { try await StoreCopy.copy(from: source, to: target, catalog: catalog) }
            try target.checkpoint()
        }
    }

    struct Copy: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy a store into a new, empty one: SQLite to PostgreSQL, PostgreSQL to SQLite, or like to like.",
            discussion: """
                Every version, preset, binding, counter, connection profile, open edit session, audit entry and setting \
                (the admin token's hash) is copied in one commit. Web sign-ins are not (browsers sign in again), and open \
                sessions restart at revision 1. The target must be new or empty; stop servers on the source first.
                """)

        @Argument(help: "The store to copy: a SQLite file or a postgres:// URL.") var source: String
        @Argument(help: "The new store: a SQLite file or a postgres:// URL.") var target: String
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let console = Console.current
            let from = try StoreLocation(source, passwordFile: options.passwordFile, environment: console.environment)
            let to = try StoreLocation(target, passwordFile: options.passwordFile, environment: console.environment)
            if case .file(let path) = from, !FileManager.default.fileExists(atPath: path) {
                throw CLIError.unreadableFile(path: path, reason: "no store there")
            }
            let catalog = try CatalogSource.catalog(options, environment: console.environment)
            let sourceStore = try from.open(durability: options.durability)
            try runBlocking { try await StoreCatalogName.claim(sourceStore, for: catalog) }
            let targetStore = try to.open(durability: options.durability)
            let summary = try runBlocking { try await StoreCopy.copy(from: sourceStore, to: targetStore, catalog: catalog) }
            if options.json {
                return console.print(json: .object([
                    "from": .string(from.description), "to": .string(to.description),
                    "presets": .int(summary.presets), "versions": .int(summary.versions), "bindings": .int(summary.bindings),
                    "sessions": .int(summary.sessions), "auditEntries": .int(summary.auditEntries), "settings": .int(summary.settings),
                ]))
            }
            console.print("""
                Copied \(from) to \(to): \(summary.presets) presets, \(summary.versions) versions, \(summary.bindings) bindings, \
                \(summary.sessions) open sessions, \(summary.auditEntries) audit entries, \(summary.settings) settings.
                """)
        }
    }
}
