import ArgumentParser
import Foundation
import PromptPresets
import SillyTavernInterop

/// `sillytavern import|migrate|export SETTINGS.json`: moves data between a SillyTavern install and the store.
struct SillyTavernCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sillytavern",
        abstract: "Read, migrate and write back a SillyTavern settings.json.",
        subcommands: [Import.self, Migrate.self, Export.self])

    /// `sillytavern import SETTINGS.json`: reads the extension's 2.x data into the store.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import the Auto-Recap extension's presets, versions, stickies and selection (2.x data).",
            discussion: "Stored defaults are skipped (defaults are code); dangling references are reported, not fatal. Running it again changes nothing.")

        @Argument(help: "The settings.json file.") var settings: String
        @Flag(name: .long, help: "Show what would be imported; write nothing.") var dryRun = false
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let settingsValue = try SettingsFile.parse(try Files.data(at: settings))
            let workspace = try Workspace(options)
            let planned = try planSettingsImport(settingsValue, into: try workspace.snapshot(bindingsFor: nil))
            if !dryRun { try workspace.perform(bindingsFor: nil) { snapshot, environment in try snapshot.install(planned.plan, environment) } }
            SillyTavernCommand.print(planned.report.text, json: planned.report.jsonValue, dryRun: dryRun, options: options)
        }
    }

    /// `sillytavern migrate SETTINGS.json`: converts a 1.x install's flat per-profile keys.
    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Migrate a 1.x install (flat per-profile keys) into presets and versions.",
            discussion: """
                One preset per profile; values equal to a known default are not customisations; identical \
                customised configs share one version. The settings file is backed up first and never changed. \
                The report lists every legacy key and where it went. --legacy-defaults names a JSON file \
                {"release": "1.x", "operations": {"<op>": {"prompt": …}}} with the defaults that release \
                shipped, so values users never changed are recognised.
                """)

        @Argument(help: "The settings.json file.") var settings: String
        @Option(name: .long, help: "A JSON file with the defaults the old release shipped.") var legacyDefaults: String?
        @Flag(name: .long, help: "Show the report; write nothing.") var dryRun = false
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let console = Console.current
            let original = try Files.data(at: settings)
            let settingsValue = try SettingsFile.parse(original)
            var defaults: [LegacyDefaults] = []
            if let legacyDefaults {
                defaults.append(try LegacyDefaults(json: try SettingsFile.parse(try Files.data(at: legacyDefaults))))
            }
            let workspace = try Workspace(options)
            let planned = try planLegacyMigration(settingsValue, into: try workspace.snapshot(bindingsFor: nil), legacyDefaults: defaults)
            if !dryRun && !planned.plan.isEmpty {
                let backup = try backUpSettings(at: settings, contents: original, now: console.commandEnvironment.clock.now())
                try workspace.perform(bindingsFor: nil) { snapshot, environment in try snapshot.install(planned.plan, environment) }
                if !options.json { console.print("Backed up \(settings) to \(backup).") }
            }
            SillyTavernCommand.print(planned.report.text, json: planned.report.jsonValue, dryRun: dryRun, options: options)
        }
    }

    /// `sillytavern export SETTINGS.json`: writes the store back into the file the extension reads.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write presets, versions, stickies and the selection back into settings.json.",
            discussion: "Every other key is left as it was. The write is atomic, the previous file is kept as SETTINGS.json.bak-<timestamp>, and a file that changed since it was read is refused.")

        @Argument(help: "The settings.json file.") var settings: String
        @Flag(name: .long, help: "Write even when a prompt or name looks like an API key (the file is often shared).")
        var allowSecrets = false
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let console = Console.current
            let original = try Files.data(at: settings)
            let snapshot = try Workspace(options).snapshot(bindingsFor: nil)
            for warning in try SillyTavernSecrets.check(snapshot, allowed: allowSecrets) { console.warn(warning) }
            let updated = try updatedSettings(try SettingsFile.parse(original), from: snapshot)
            let backup = try writeSettings(updated, to: settings, expectedOriginal: original, now: console.commandEnvironment.clock.now())
            if options.json {
                return console.print(json: .object(["file": .string(settings), "backup": .string(backup)]))
            }
            console.print("Wrote \(settings); the previous file is kept as \(backup).")
        }
    }

    static func print(_ text: String, json: JSONValue, dryRun: Bool, options: GlobalOptions) {
        let console = Console.current
        if options.json { return console.print(json: .object(["dryRun": .bool(dryRun), "report": json])) }
        console.print((dryRun ? "Dry run: nothing was written.\n" : "") + text)
    }
}
