import ArgumentParser
import Foundation
import PromptPresets
import SillyTavernInterop

/// The file formats presets are shared in.
enum SharingFormat: String, ExpressibleByArgument, CaseIterable {
    case bundle, `extension`
}

/// `export PRESET… [--format bundle|extension] [--out FILE]`: writes presets as a file to share.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export presets as a file to share (stdout unless --out is given).",
        discussion: """
            The bundle format holds several presets and their versions, with defaults written as \
            version references. The extension format is the one the SillyTavern extension reads \
            (one preset, every operation in full). Connection profiles are written by name only; \
            the export stops when a text field looks like a credential unless --allow-secrets is given.
            """)

    @Argument(help: "The presets to export.") var presets: [String]
    @Option(name: .long, help: "bundle or extension.") var format: SharingFormat = .bundle
    @Option(name: .long, help: "Write to this file instead of standard output.") var out: String?
    @Flag(name: .long, help: "Export even when a text field looks like an API key.") var allowSecrets = false
    @Flag(name: .long, help: "Let --out replace something that is not a regular file (a symlink, a device).") var force = false
    @OptionGroup var options: GlobalOptions

    func validate() throws {
        if presets.isEmpty { throw ValidationError("Name at least one preset.") }
    }

    func run() throws {
        let console = Console.current
        let snapshot = try Workspace(options).snapshot()
        let ids = try presets.map { try snapshot.preset(named: $0).id }
        let now = console.commandEnvironment.clock.now()
        let document: JSONValue
        switch format {
        case .bundle:
            document = try snapshot.exportBundle(presets: ids, exportedAt: now, allowSecrets: allowSecrets)
        case .extension:
            guard ids.count == 1 else { throw CLIError.oneExtensionPreset(count: ids.count) }
            document = try snapshot.exportExtension(preset: ids[0], exportedAt: now, allowSecrets: allowSecrets)
        }
        guard let out else { return console.print(json: document) }
        try Files.write(document.prettyText + "\n", to: out, force: force)
        if options.json { return console.print(json: .object(["file": .string(out), "presets": .int(presets.count)])) }
        console.print("Exported \(presets.count) preset\(presets.count == 1 ? "" : "s") to \(out) (\(format.rawValue) format).")
    }
}

/// `import FILE [--format auto|bundle|extension] [--skip-unknown] [--dry-run]`: adds shared presets.
struct ImportCommand: ParsableCommand {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case auto, bundle, `extension`
    }

    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import presets from a bundle or extension file, all or nothing.",
        discussion: """
            Everything is validated before anything is written. Taken preset names get " (1)", " (2)"; \
            configs equal to a stored version reuse it, configs equal to a default use the default, \
            others become "<name> (imported)" versions. --dry-run prints what would happen.
            """)

    @Argument(help: "The file to import.") var file: String
    @Option(name: .long, help: "auto, bundle or extension.") var format: Format = .auto
    @Flag(name: .long, help: "Skip operations this catalog does not know instead of refusing the file.") var skipUnknown = false
    @Flag(name: .long, help: "Show what would be created, reused and renamed; write nothing.") var dryRun = false
    @OptionGroup var options: GlobalOptions

    func run() throws {
        let console = Console.current
        let data = try Files.data(at: file)
        // The extension's own shipped defaults are not customisations (§9.6).
        let importOptions = ImportOptions(skipUnknownOperations: skipUnknown, hostDefaults: UpstreamFingerprints.importKeys)
        let workspace = try Workspace(options)
        var report = ImportReport()
        let command = { (snapshot: Snapshot, environment: CommandEnvironment) throws -> Outcome<InstallResult> in
            let planned: ImportPlanResult
            switch format {
            case .auto: planned = try snapshot.planImport(data, options: importOptions)
            case .bundle: planned = try snapshot.planBundleImport(try Self.parse(data), options: importOptions)
            case .extension: planned = try snapshot.planExtensionImport(try Self.parse(data), options: importOptions)
            }
            report = planned.report
            return try snapshot.install(planned.plan, environment)
        }
        if dryRun {
            _ = try command(try workspace.snapshot(), workspace.environment)
        } else {
            try workspace.perform(command)
        }
        if options.json {
            return console.print(json: .object(["dryRun": .bool(dryRun), "report": report.jsonValue]))
        }
        console.print((dryRun ? "Dry run: nothing was written.\n" : "") + report.text)
    }

    static func parse(_ data: Data) throws(SharingError) -> JSONValue {
        do {
            return try StrictJSON.parse(data, limits: .import)
        } catch {
            throw .parse(error)
        }
    }
}
