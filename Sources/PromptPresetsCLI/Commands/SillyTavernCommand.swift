import ArgumentParser
import Foundation
import PromptPresets
import SillyTavernInterop

extension SyncSide: ExpressibleByArgument {}

/// `sillytavern import|migrate|export SETTINGS.json`: moves data between a SillyTavern install and the store.
struct SillyTavernCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sillytavern",
        abstract: "Read, migrate and write back a SillyTavern settings.json.",
        subcommands: [Import.self, Migrate.self, Export.self, Sync.self])

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
            if !dryRun {
                try workspace.perform(bindingsFor: nil) { snapshot, environment in try snapshot.install(planned.plan, environment) }
                try SillyTavernCommand.recordBase(file: settingsValue, at: settings, workspace: workspace, options: options)
            }
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

    /// `sillytavern export SETTINGS.json`: merges the store's changes and SillyTavern's into the file and the store.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write presets, versions, stickies and the selection back into settings.json, keeping what changed in SillyTavern.",
            discussion: """
                A three-way merge against what the last import, export or sync saw (SETTINGS.json.prompt-presets-base.json): \
                what only the store changed goes into the file, what only SillyTavern changed goes into the store, and \
                an object both changed differently is a conflict: nothing is written unless --prefer picks a side. \
                Every other key is left as it was. The write is atomic, the previous file is kept as \
                SETTINGS.json.bak-<timestamp>, and a file that changed since it was read is refused.
                """)

        @Argument(help: "The settings.json file.") var settings: String
        @Flag(name: .long, help: "Write even when a prompt or name looks like an API key (the file is often shared).")
        var allowSecrets = false
        @OptionGroup var sync: SyncOptions
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let console = Console.current
            let snapshot = try Workspace(options).snapshot(bindingsFor: nil)
            for warning in try SillyTavernSecrets.check(snapshot, allowed: allowSecrets) { console.warn(warning) }
            try SillyTavernCommand.sync(settings, sync, options: options, importFirst: false)
        }
    }

    /// `sillytavern sync SETTINGS.json`: import then export in one step.
    struct Sync: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Import what changed in SillyTavern and write back what changed in the store, in one step.",
            discussion: "Without a recorded base the file is imported first (recording one); then the same merge as export runs.")

        @Argument(help: "The settings.json file.") var settings: String
        @OptionGroup var sync: SyncOptions
        @OptionGroup var options: GlobalOptions

        func run() throws {
            try SillyTavernCommand.sync(settings, sync, options: options, importFirst: true)
        }
    }

    struct SyncOptions: ParsableArguments {
        @Option(name: .long, help: "Which side wins an object both changed: store or file.") var prefer: SyncSide?
        @Flag(name: .long, help: "Show what would change; write nothing.") var dryRun = false
        @Flag(name: .long, help: "Also remove migrated 1.x flat keys and stale per-profile copies; reports the bytes saved.")
        var pruneLegacy = false
    }

    /// The merge behind `export` and `sync`: merge, refuse conflicts, import the file's side into
    /// the store, write the file, record the new base.
    static func sync(_ path: String, _ sync: SyncOptions, options: GlobalOptions, importFirst: Bool) throws {
        let console = Console.current
        let original = try Files.data(at: path)
        let fileValue = try SettingsFile.parse(original)
        let workspace = try Workspace(options)
        var base = try SyncBase.read(besides: path)
        if let stored = base, stored.storeName != storeName(options) {
            console.printError("\(SyncBase.path(besides: path)) was recorded with another store (\(stored.storeName)); merging without a base.")
            base = nil
        }
        var items: [ReportItem] = []
        if importFirst && base == nil && !sync.dryRun && SettingsFile.hasExtensionSection(fileValue) {
            let planned = try planSettingsImport(fileValue, into: try workspace.snapshot(bindingsFor: nil))
            try workspace.perform(bindingsFor: nil) { snapshot, environment in try snapshot.install(planned.plan, environment) }
            base = try recordBase(file: fileValue, at: path, workspace: workspace, options: options)
            items += planned.report.items.filter { $0.outcome != .unchanged && $0.outcome != .reused }
        }
        let merge = try mergeSettings(fileValue, with: try workspace.snapshot(bindingsFor: nil), base: base, prefer: sync.prefer)
        var written = merge.settings
        var bytesSaved: Int?
        if sync.pruneLegacy {
            let pruned = try prunedLegacyKeys(written, catalog: workspace.catalog)
            written = pruned.settings
            bytesSaved = pruned.bytesSaved
            for key in pruned.removed { items.append(ReportItem(.setting, key, .skipped, "removed (--prune-legacy)")) }
        }
        let report = SyncReport(changes: merge.changes, items: items, bytesSaved: bytesSaved)
        if !report.conflicts.isEmpty {
            options.json ? console.print(json: .object(["written": .bool(false), "report": report.jsonValue])) : console.print(report.text)
            throw SillyTavernError.syncConflicts(report.conflicts.map(\.key.description))
        }
        if sync.dryRun {
            return print(report.text, json: report.jsonValue, dryRun: true, options: options)
        }
        // The file's side goes into the store; unchanged and equal objects plan nothing.
        let planned = try planSettingsImport(written, into: try workspace.snapshot(bindingsFor: nil))
        if !planned.plan.isEmpty {
            try workspace.perform(bindingsFor: nil) { snapshot, environment in try snapshot.install(planned.plan, environment) }
        }
        var backup: String?
        if written != fileValue {
            backup = try writeSettings(written, to: path, expectedOriginal: original, now: console.commandEnvironment.clock.now())
        }
        try recordBase(file: written, at: path, workspace: workspace, options: options, afterImport: false)
        if options.json {
            return console.print(json: .object([
                "file": .string(path), "backup": backup.map(JSONValue.string) ?? .null, "report": report.jsonValue,
            ]))
        }
        let outcome = backup.map { "Wrote \(path); the previous file is kept as \($0)." } ?? "\(path) is up to date; nothing to write."
        console.print(report.text + "\n" + outcome)
    }

    /// Records what `file` (the settings file as now on disk) and the store hold, as the next merge's base.
    /// After an import only the objects the file has count as seen on the store's side: what the
    /// store had besides (migrated presets, earlier edits) is still to be written to the file.
    @discardableResult
    static func recordBase(
        file: JSONValue, at path: String, workspace: Workspace, options: GlobalOptions, afterImport: Bool = true
    ) throws -> SyncBase {
        let fileObjects = try SyncObjects(settings: file)
        let store = try storeObjects(file, from: try workspace.snapshot(bindingsFor: nil))
        let base = SyncBase(
            file: fileObjects, store: afterImport ? store.restricted(to: fileObjects) : store,
            storeName: storeName(options))
        try base.write(besides: path)
        return base
    }

    private static func storeName(_ options: GlobalOptions) -> String {
        StoreLocation.path(option: options.store, environment: Console.current.environment)
    }

    static func print(_ text: String, json: JSONValue, dryRun: Bool, options: GlobalOptions) {
        let console = Console.current
        if options.json { return console.print(json: .object(["dryRun": .bool(dryRun), "report": json])) }
        console.print((dryRun ? "Dry run: nothing was written.\n" : "") + text)
    }
}
