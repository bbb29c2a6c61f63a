import ArgumentParser
import Foundation
import PromptPresets

/// `edit PRESET OPERATION [--set FIELD=VALUE]… [--set-file FIELD=PATH]… [--editor]`: one edit session.
///
/// The changes are applied to the config the preset uses now; when the result differs, one
/// new version is created, the preset points at it, and the session is finished — all in one
/// store transaction.
struct EditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Change an operation's config in a preset, creating one new version.",
        discussion: """
            VALUE is read according to the field: text as is; true/false; an integer; a connection \
            profile's name or id ('null' or empty for the current connection); lists and records as JSON. \
            --set-file FIELD=- reads standard input. --editor opens $EDITOR on the config as JSON \
            (after any --set), and the edited file is what is saved.
            """)

    @Argument(help: "The preset (not Default; duplicate it first).") var preset: String
    @Argument(help: "The operation.") var operation: String

    @Option(name: .customLong("set"), help: ArgumentHelp("Set a field.", valueName: "field=value"))
    var assignments: [String] = []

    @Option(name: .customLong("set-file"), help: ArgumentHelp("Set a field to a file's contents.", valueName: "field=path"))
    var fileAssignments: [String] = []

    @Flag(name: .long, help: "Edit the config as JSON in $EDITOR.")
    var editor = false

    @Flag(name: .long, help: "Take over an edit session another editor holds on this preset and operation.")
    var takeOver = false

    @OptionGroup var options: GlobalOptions

    func validate() throws {
        if assignments.isEmpty && fileAssignments.isEmpty && !editor {
            throw ValidationError("Nothing to change: give --set, --set-file or --editor.")
        }
    }

    func run() throws {
        let console = Console.current
        let workspace = try Workspace(options, console: console)
        // Files, standard input and the editor are read once; a retry after another process's
        // commit re-applies the --set values to what the store holds then.
        let fileValues = try fileAssignments.map { assignment in
            let (field, path) = try Self.split(assignment)
            return (field, try Self.read(path, console: console))
        }
        var edited: (start: Config, result: Config)?
        var warnings: [LintWarning] = []
        let owner = "cli:\(ProcessInfo.processInfo.processIdentifier)"
        let outcome = try workspace.perform { snapshot, environment in
            let presetValue = try snapshot.preset(named: preset)
            if presetValue.isDefault { throw PresetError.defaultPresetIsReadOnly }
            let definition = try snapshot.catalog.operation(operation)
            let start = presetValue.operations[operation].flatMap { snapshot.artifacts[$0]?.config } ?? definition.current.config
            let parser = FieldValueParser(definition: definition, snapshot: snapshot)
            var config = start
            for assignment in assignments {
                let (field, value) = try Self.split(assignment)
                config[field] = try parser.value(value, for: field)
            }
            for (field, text) in fileValues {
                config[field] = try parser.value(text, for: field)
            }
            if editor {
                if let edited, edited.start != start {
                    throw PresetError.conflict("'\(operation)' of preset '\(preset)' (changed by someone else while you edited; run the command again)")
                }
                let result = try edited?.result ?? ExternalEditor(console: console).edit(config, name: operation)
                edited = (start, result)
                config = result
            }

            if config == start {
                // Nothing to record: leave the store exactly as it was.
                return Outcome(snapshot: snapshot, changes: [], value: SessionEnd(artifact: nil, presetReference: nil))
            }
            let opened = try snapshot.openSession(operation, in: presetValue.id, owner: owner, takeOver: takeOver, environment)
            let changed = try opened.then { try $0.changeSession(opened.value.id, to: config, environment) }
            warnings = changed.value.lintWarnings
            return try changed.then { try $0.finishSession(opened.value.id, environment) }
        }
        warnings.forEach { console.warn($0.description) }
        let artifact = outcome.value.artifact
        if options.json {
            return console.print(json: .object([
                "preset": .string(preset),
                "operation": .string(operation),
                "created": .bool(artifact != nil),
                "artifact": artifact.map { .object(["name": .string($0.name), "number": .int($0.number)]) } ?? .null,
                "warnings": .array(warnings.map { .string($0.description) }),
            ]))
        }
        if let artifact {
            console.print("Created \(operation) '\(artifact.name)' (#\(artifact.number)) in preset '\(preset)'.")
        } else {
            console.print("No changes; nothing created.")
        }
    }

    /// `FIELD=VALUE` split at the first `=`.
    static func split(_ assignment: String) throws -> (String, String) {
        guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else {
            throw CLIError.malformedAssignment(assignment)
        }
        return (String(assignment[..<equals]), String(assignment[assignment.index(after: equals)...]))
    }

    /// A file's text, or standard input for `-`; both must be UTF-8 text.
    static func read(_ path: String, console: Console) throws -> String {
        let data = path == "-" ? console.readStandardInput() : try Files.data(at: path)
        guard let text = String(validating: data, as: UTF8.self) else {
            throw CLIError.unreadableFile(path: path == "-" ? "standard input" : path, reason: "not UTF-8 text")
        }
        return text
    }
}

/// Reads a field's value from command-line text according to the operation's schema.
struct FieldValueParser {
    let definition: OperationDefinition
    let snapshot: Snapshot

    /// - Throws: `unknownField` listing the valid fields, or `invalidValue` naming what was expected.
    func value(_ text: String, for field: String) throws -> JSONValue {
        guard let spec = definition.schema.field(field) else {
            throw CLIError.unknownField(operation: definition.key, field: field, valid: definition.schema.fields.map(\.key))
        }
        return try value(text, kind: spec.kind, field: field)
    }

    private func value(_ text: String, kind: FieldKind, field: String) throws -> JSONValue {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch kind {
        case .text:
            return .string(text)
        case .boolean:
            switch trimmed.lowercased() {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: throw CLIError.invalidValue(field: field, value: text, expected: "true or false")
            }
        case .integer:
            guard let number = Int(trimmed) else { throw CLIError.invalidValue(field: field, value: text, expected: "an integer") }
            return .int(number)
        case .connectionProfile:
            if trimmed.isEmpty || trimmed == "null" { return .null }
            if let profile = snapshot.connectionProfile(named: trimmed) { return .string(profile.id) }
            if snapshot.connectionProfiles[trimmed] != nil { return .string(trimmed) }
            throw CLIError.unknownConnectionProfile(field: field, name: trimmed)
        case .list, .record:
            guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(trimmed.utf8)) else {
                throw CLIError.invalidValue(field: field, value: text, expected: "JSON")
            }
            return value
        case .nullable(let wrapped):
            return trimmed == "null" ? .null : try value(text, kind: wrapped, field: field)
        }
    }
}

/// Opens `$EDITOR` on a config as JSON and reads it back.
struct ExternalEditor {
    let console: Console

    /// - Throws: `editorFailed` when the editor exits non-zero, `editedConfigNotJSON` when the file no longer parses.
    func edit(_ config: Config, name: String) throws -> Config {
        let editor = console.environment["EDITOR"].flatMap { $0.isEmpty ? nil : $0 } ?? "vi"
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prompt-presets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("\(name).json")
        try Data((config.jsonValue.prettyText + "\n").utf8).write(to: file)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "\(editor) \"$1\"", "sh", file.path]
        process.environment = console.environment
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CLIError.editorFailed(command: editor, status: process.terminationStatus)
        }
        let data = try Data(contentsOf: file)
        do {
            return try JSONDecoder().decode(Config.self, from: data)
        } catch {
            throw CLIError.editedConfigNotJSON(Self.summary(of: error))
        }
    }

    private static func summary(of error: any Error) -> String {
        guard case .dataCorrupted(let context) = error as? DecodingError else {
            return error is DecodingError ? "expected a JSON object of fields" : "\(error)"
        }
        if let underlying = context.underlyingError as NSError?,
           let detail = underlying.userInfo[NSDebugDescriptionErrorKey] as? String {
            return detail
        }
        return context.debugDescription
    }
}
