import ArgumentParser
import PromptPresets
import PromptPresetsAPI

/// `artifacts list|show|history|diff|rename|delete|duplicate`: the stored versions of an operation.
///
/// Wherever a version name is expected, `Default` (the current default) and `Default@1.0.0`
/// (an older one) work too.
struct ArtifactsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "artifacts",
        abstract: "List, inspect, compare and manage the versions of an operation.",
        discussion: "'Default' or 'Default@1.0.0' can be used wherever a version name is expected.",
        subcommands: [List.self, Show.self, History.self, Diff.self, Rename.self, Delete.self, Duplicate.self])
}

extension ArtifactsCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the default and every stored version of an operation, newest first.")

        @Argument(help: "The operation.") var operation: String
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let console = Console.current
            let snapshot = try Workspace(options).snapshot()
            let versions = try snapshot.versions(of: operation)
            if options.json { return try console.print(wire: versions.map { try Components.Schemas.Version($0, in: snapshot) }) }
            var table = TextTable(header: ["#", "NAME", "BASED ON", "ORIGIN", "USED BY", "CREATED"])
            for version in versions {
                if let artifact = version.artifact {
                    table.append([
                        String(artifact.number), artifact.name, artifact.basedOn?.description ?? "unknown", artifact.origin.rawValue,
                        snapshot.presetsReferencing(artifact.id).joined(separator: ", "), Presentation.timestamp(artifact.createdAt),
                    ])
                } else {
                    table.append(["0", version.name, version.defaultVersion?.description ?? "", "catalog", "", ""])
                }
            }
            console.print(table.rendered)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one version with its config.")

        @Argument(help: "The operation.") var operation: String
        @Argument(help: "The version's name, 'Default' or 'Default@VERSION'.") var name: String
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let console = Console.current
            let snapshot = try Workspace(options).snapshot()
            let version = try snapshot.version(name, of: operation)
            if options.json { return try console.print(wire: Components.Schemas.Version(version, in: snapshot)) }
            let definition = try snapshot.catalog.operation(operation)
            var pairs = [("Operation", operation), ("Version", Presentation.versionLabel(version))]
            if let artifact = version.artifact {
                pairs += [
                    ("Based on", artifact.basedOn?.description ?? "unknown"),
                    ("Parent", snapshot.parentName(of: artifact) ?? "-"),
                    ("Origin", artifact.origin.rawValue),
                    ("Used by", snapshot.presetsReferencing(artifact.id).joined(separator: ", ")),
                    ("Created", Presentation.timestamp(artifact.createdAt)),
                    ("Revision", String(artifact.revision)),
                ]
                if !artifact.description.isEmpty { pairs.append(("Description", artifact.description)) }
            }
            console.print(TextTable(pairs: pairs).rendered + "\n\n" + Presentation.render(version.config, schema: definition.schema, snapshot: snapshot))
        }
    }

    struct History: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every default version, then every stored version, with lineage.")

        @Argument(help: "The operation.") var operation: String
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let console = Console.current
            let snapshot = try Workspace(options).snapshot()
            let history = try snapshot.history(of: operation)
            if options.json {
                return console.print(json: .array(history.map { entry in
                    .object([
                        "name": .string(entry.reference.isDefault ? "\(Preset.defaultName)@\(entry.reference.defaultVersion!)" : entry.reference.name),
                        "number": .int(entry.reference.number),
                        "isDefault": .bool(entry.reference.isDefault),
                        "parent": entry.parentName.map(JSONValue.string) ?? .null,
                        "date": .string(entry.date),
                        "changelog": .array(entry.changelog.map(JSONValue.string)),
                    ])
                }))
            }
            var table = TextTable(header: ["#", "NAME", "PARENT", "DATE", "CHANGES"])
            for entry in history {
                let reference = entry.reference
                let name = reference.isDefault ? "\(Preset.defaultName)@\(reference.defaultVersion!)" : reference.name
                table.append([String(reference.number), name, entry.parentName ?? "-", entry.date, entry.changelog.joined(separator: "; ")])
            }
            console.print(table.rendered)
        }
    }

    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Compare two versions line by line, field by field.")

        @Argument(help: "The operation.") var operation: String
        @Argument(help: "The older version.") var old: String
        @Argument(help: "The newer version.") var new: String
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let console = Console.current
            let snapshot = try Workspace(options).snapshot()
            let diffs = try snapshot.diff(operation, from: old, to: new)
            if options.json { return try console.print(wire: diffs.map(Components.Schemas.FieldDiff.init)) }
            console.print(Presentation.render(diffs))
        }
    }

    struct Rename: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rename a version; the new name becomes the base of later versions' names.")

        @Argument(help: "The operation.") var operation: String
        @Argument(help: "The version.") var name: String
        @Argument(help: "Its new name.") var newName: String
        @Option(name: .long, help: "Refuse if the version's revision is not this one.") var revision: Int?
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let outcome = try Workspace(options).perform { snapshot, environment in
                let artifact = try snapshot.storedVersion(name, of: operation)
                return try snapshot.renameArtifact(artifact.id, to: newName, expectedRevision: revision, environment)
            }
            try Console.current.report(outcome, json: options.json, "Renamed \(operation) '\(name)' to '\(outcome.value.name)'.")
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a version no preset uses.")

        @Argument(help: "The operation.") var operation: String
        @Argument(help: "The version.") var name: String
        @Option(name: .long, help: "Refuse if the version's revision is not this one.") var revision: Int?
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let outcome = try Workspace(options).perform { snapshot, environment in
                let artifact = try snapshot.storedVersion(name, of: operation)
                return try snapshot.deleteArtifact(artifact.id, expectedRevision: revision, environment)
            }
            try Console.current.report(outcome, json: options.json, "Deleted \(operation) '\(outcome.value.name)' (#\(outcome.value.number)).")
        }
    }

    struct Duplicate: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a new version with the same config, used by nothing yet.")

        @Argument(help: "The operation.") var operation: String
        @Argument(help: "The version to copy ('Default@1.0.0' for an older default).") var name: String
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let outcome = try Workspace(options).perform { snapshot, environment in
                try snapshot.duplicateVersion(name, of: operation, environment)
            }
            let artifact = outcome.value
            try Console.current.report(outcome, json: options.json, "Created \(operation) '\(artifact.name)' (#\(artifact.number)), a copy of '\(name)'.")
        }
    }
}

extension Snapshot {
    /// The stored version a user named; the defaults are refused as read-only.
    func storedVersion(_ name: String, of operation: String) throws -> Artifact {
        guard let artifact = try version(name, of: operation).artifact else {
            throw PresetError.defaultArtifactIsReadOnly(operation: operation)
        }
        return artifact
    }
}
