import ArgumentParser
import PromptPresets
import PromptPresetsAPI

/// `presets list|show|create|duplicate|rename|describe|delete|set`.
struct PresetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "presets",
        abstract: "List, inspect and change presets.",
        subcommands: [List.self, Show.self, Create.self, Duplicate.self, Rename.self, Describe.self, Delete.self, SetOperation.self],
        defaultSubcommand: List.self)
}

extension PresetsCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every preset, Default first.")

        @OptionGroup var options: GlobalOptions

        func run() throws {
            let console = Console.current
            let snapshot = try Workspace(options).snapshot()
            let presets = snapshot.allPresets
            if options.json { return try console.print(wire: presets.map { Components.Schemas.Preset($0, in: snapshot) }) }
            var table = TextTable(header: ["NAME", "CUSTOMISED", "DESCRIPTION"])
            for preset in presets {
                table.append([preset.name, "\(preset.operations.count) of \(snapshot.catalog.operations.count)", preset.description])
            }
            console.print(table.rendered)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show the version each operation of a preset uses.")

        @Argument(help: "The preset.") var name: String
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let console = Console.current
            let snapshot = try Workspace(options).snapshot()
            let preset = try snapshot.preset(named: name)
            if options.json { return try console.print(wire: Components.Schemas.Preset(preset, in: snapshot)) }
            var pairs = [("Preset", preset.name), ("Revision", String(preset.revision))]
            if !preset.description.isEmpty { pairs.append(("Description", preset.description)) }
            var table = TextTable(header: ["OPERATION", "VERSION", "BASED ON", "UPDATE"])
            for definition in snapshot.catalog.operations {
                let artifact = preset.operations[definition.key].flatMap { snapshot.artifacts[$0] }
                table.append([
                    definition.key,
                    Presentation.versionLabel(artifact, defaultVersion: definition.current.version),
                    artifact.map { $0.basedOn?.description ?? "unknown" } ?? definition.current.version.description,
                    Presentation.updateLabel(artifact.flatMap { snapshot.update(for: $0, in: definition) }),
                ])
            }
            console.print(TextTable(pairs: pairs).rendered + "\n\n" + table.rendered)
        }
    }

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a preset that uses every default.")

        @Argument(help: "The new preset's name.") var name: String
        @Option(name: .long, help: "A description.") var description: String = ""
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let outcome = try Workspace(options).perform { snapshot, environment in
                try snapshot.createPreset(named: name, description: description, environment)
            }
            try Console.current.report(outcome, json: options.json, "Created preset '\(outcome.value.name)'.")
        }
    }

    struct Duplicate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Copy a preset (Default included) under a new name.")

        @Argument(help: "The preset to copy.") var name: String
        @Option(name: .customLong("as"), help: "The copy's name (default: 'Copy of NAME').") var newName: String?
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let outcome = try Workspace(options).perform { snapshot, environment in
                try snapshot.duplicatePreset(try snapshot.preset(named: name).id, as: newName, environment)
            }
            try Console.current.report(outcome, json: options.json, "Duplicated preset '\(name)' as '\(outcome.value.name)'.")
        }
    }

    struct Rename: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Rename a preset; its bindings follow.")

        @Argument(help: "The preset.") var name: String
        @Argument(help: "Its new name.") var newName: String
        @Option(name: .long, help: "Refuse if the preset's revision is not this one.") var revision: Int?
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let outcome = try Workspace(options).perform { snapshot, environment in
                try snapshot.renamePreset(try snapshot.preset(named: name).id, to: newName, expectedRevision: revision, environment)
            }
            try Console.current.report(outcome, json: options.json, "Renamed preset '\(name)' to '\(outcome.value.name)'.")
        }
    }

    struct Describe: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Replace a preset's description.")

        @Argument(help: "The preset.") var name: String
        @Argument(help: "The new description.") var text: String
        @Option(name: .long, help: "Refuse if the preset's revision is not this one.") var revision: Int?
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let outcome = try Workspace(options).perform { snapshot, environment in
                try snapshot.describePreset(try snapshot.preset(named: name).id, as: text, expectedRevision: revision, environment)
            }
            try Console.current.report(outcome, json: options.json, "Updated the description of preset '\(outcome.value.name)'.")
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a preset and the bindings pointing to it.")

        @Argument(help: "The preset.") var name: String
        @Option(name: .long, help: "Refuse if the preset's revision is not this one.") var revision: Int?
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let console = Console.current
            // The snapshot holds no chat bindings; the store lists the preset's own by index.
            let workspace = try Workspace(options)
            var removed: [Binding] = []
            try workspace.perform { snapshot, environment in
                let id = try snapshot.preset(named: name).id
                removed = try workspace.waiting { try await $0.bindings(to: id) }
                return try snapshot.deletePreset(id, expectedRevision: revision, environment)
            }
            if options.json {
                return console.print(json: .object([
                    "deleted": .string(name),
                    "removedBindings": .array(removed.map { .object(["scope": .string($0.scope.kind.rawValue), "key": .string($0.scope.key)]) }),
                ]))
            }
            console.print("Deleted preset '\(name)'.")
            if !removed.isEmpty {
                console.print("Removed bindings: \(removed.map(\.scope.description).joined(separator: ", ")).")
            }
        }
    }

    struct SetOperation: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set", abstract: "Point an operation of a preset at a version ('Default' for the default).")

        @Argument(help: "The preset.") var preset: String
        @Argument(help: "The operation.") var operation: String
        @Argument(help: "The version's name, or 'Default'.") var artifact: String
        @Option(name: .long, help: "Refuse if the preset's revision is not this one.") var revision: Int?
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let outcome = try Workspace(options).perform { snapshot, environment in
                let presetID = try snapshot.preset(named: preset).id
                let version = try snapshot.version(artifact, of: operation)
                if let defaultVersion = version.defaultVersion, version.isDefault,
                   defaultVersion != (try snapshot.catalog.operation(operation)).current.version {
                    throw CLIError.olderDefaultNotSelectable(operation: operation, version: defaultVersion.description)
                }
                return try snapshot.setOperation(operation, of: presetID, to: version.artifact?.id, expectedRevision: revision, environment)
            }
            let target = outcome.value.operations[operation].flatMap { outcome.snapshot.artifacts[$0] }
            let label = target.map { "'\($0.name)' (#\($0.number))" } ?? "the default"
            try Console.current.report(outcome, json: options.json, "Preset '\(outcome.value.name)' now uses \(label) for \(operation).")
        }
    }
}

extension Console {
    /// Prints a changed preset: as JSON, or the sentence saying what happened.
    func report(_ outcome: Outcome<Preset>, json: Bool, _ sentence: String) throws {
        if json { try print(wire: Components.Schemas.Preset(outcome.value, in: outcome.snapshot)) } else { print(sentence) }
    }

    /// Prints a changed artifact: as JSON, or the sentence saying what happened.
    func report(_ outcome: Outcome<Artifact>, json: Bool, _ sentence: String) throws {
        if json { try print(wire: Components.Schemas.Artifact(outcome.value, in: outcome.snapshot)) } else { print(sentence) }
    }
}
