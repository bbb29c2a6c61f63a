import ArgumentParser
import PromptPresets
import PromptPresetsAPI

/// `updates [--check]`, `updates compare|keep|revert|merge|dismiss PRESET OPERATION`.
struct UpdatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "updates",
        abstract: "List and act on newer defaults than the ones your versions are based on.",
        subcommands: [List.self, Compare.self, Keep.self, Revert.self, Merge.self, Dismiss.self],
        defaultSubcommand: List.self)
}

/// The arguments every update action takes.
struct UpdateTarget: ParsableArguments {
    @Argument(help: "The preset.") var preset: String
    @Argument(help: "The operation.") var operation: String
}

extension UpdatesCommand {
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List pending updates across presets.",
            discussion: "With --check, exits with status 3 when any update is pending.")

        @Flag(name: .long, help: "Exit with status 3 when any update is pending.") var check = false
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let console = Console.current
            let updates = try Workspace(options).snapshot().pendingUpdates()
            if options.json {
                try console.print(wire: updates.map(Components.Schemas.PendingUpdate.init))
            } else if updates.isEmpty {
                console.print("No updates pending.")
            } else {
                var table = TextTable(header: ["PRESET", "OPERATION", "VERSION", "UPDATE", "CHANGES"])
                for update in updates {
                    table.append([
                        update.preset.name, update.operation, Presentation.versionLabel(update.artifact, defaultVersion: update.info.to),
                        Presentation.updateLabel(update.info), update.info.changelog.joined(separator: "; "),
                    ])
                }
                console.print(table.rendered)
            }
            if check && !updates.isEmpty { throw ExitCode(CLI.Exit.updatesPending) }
        }
    }

    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show your version against the new default, and the old default against the new one.")

        @OptionGroup var target: UpdateTarget
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let console = Console.current
            let snapshot = try Workspace(options).snapshot()
            let comparison = try snapshot.compareUpdate(target.operation, in: try snapshot.preset(named: target.preset).id)
            let update = comparison.update
            if options.json {
                return try console.print(wire: Components.Schemas.UpdateComparison(comparison))
            }
            let from = update.info.from?.description ?? "unknown"
            console.print("""
                \(update.operation) in preset '\(update.preset.name)': '\(update.artifact.name)' is based on \(from); the default is now \(update.info.to).
                \(update.info.changelog.map { "  " + $0 }.joined(separator: "\n"))

                Your version → default \(update.info.to):
                \(Presentation.render(comparison.mineToNew))

                Default \(from) → default \(update.info.to):
                \(update.info.from == nil ? "(the default your version started from is unknown)" : Presentation.render(comparison.oldToNew))
                """)
        }
    }

    struct Keep: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Keep your version and mark it as based on the new default.")

        @OptionGroup var target: UpdateTarget
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let outcome = try Workspace(options).perform { snapshot, environment in
                try snapshot.keepMine(target.operation, in: try snapshot.preset(named: target.preset).id, environment)
            }
            let artifact = outcome.value
            try Console.current.report(outcome, json: options.json,
                                   "Kept \(target.operation) '\(artifact.name)'; it is now based on \(artifact.basedOn?.description ?? "unknown").")
        }
    }

    struct Revert: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Point the preset's operation back at the default.")

        @OptionGroup var target: UpdateTarget
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let outcome = try Workspace(options).perform { snapshot, environment in
                try snapshot.revertToDefault(target.operation, in: try snapshot.preset(named: target.preset).id, environment)
            }
            let version = try outcome.snapshot.catalog.operation(target.operation).current.version
            try Console.current.report(outcome, json: options.json,
                                   "Preset '\(outcome.value.name)' now uses the default of \(target.operation) (\(version)).")
        }
    }

    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Merge the default's changes into your version as a new version.",
            discussion: "Without --prefer, a merge with conflicts prints them with markers and writes nothing.")

        enum Preference: String, ExpressibleByArgument, CaseIterable {
            case mine, theirs

            var choice: MergeChoice { self == .mine ? .ours : .theirs }
        }

        @OptionGroup var target: UpdateTarget
        @Option(name: .long, help: "Settle conflicts with your text (mine) or the default's (theirs).") var prefer: Preference?
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let console = Console.current
            let workspace = try Workspace(options)
            let outcome = try workspace.perform { snapshot, environment in
                let presetID = try snapshot.preset(named: target.preset).id
                if prefer == nil {
                    let preview = try snapshot.previewMerge(target.operation, in: presetID)
                    if !preview.conflicts.isEmpty { Self.show(preview.conflicts, json: options.json, console: console) }
                }
                return try snapshot.mergeUpdate(target.operation, in: presetID, resolvingConflictsWith: prefer?.choice, environment)
            }
            let artifact = outcome.value
            try console.report(outcome, json: options.json,
                           "Merged \(target.operation) into '\(artifact.name)' (#\(artifact.number)), based on \(artifact.basedOn?.description ?? "unknown"); preset '\(target.preset)' now uses it.")
        }

        static func show(_ conflicts: [FieldConflict], json: Bool, console: Console) {
            if json {
                return console.print(json: .object(["conflicts": .array(conflicts.map { conflict in
                    .object([
                        "field": .string(conflict.field),
                        "text": conflict.textMerge.map { .string($0.textWithMarkers) } ?? .null,
                        "base": conflict.base ?? .null, "mine": conflict.mine, "theirs": conflict.theirs,
                    ])
                })]))
            }
            for conflict in conflicts {
                console.print("Conflict in \(conflict.field):")
                if let merge = conflict.textMerge {
                    console.print(merge.textWithMarkers)
                } else {
                    console.print("  mine:    \(conflict.mine.canonicalText)\n  default: \(conflict.theirs.canonicalText)")
                }
            }
        }
    }

    struct Dismiss: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Silence this update until a newer default ships.")

        @OptionGroup var target: UpdateTarget
        @OptionGroup var options: GlobalOptions

        func run() throws {
            let outcome = try Workspace(options).perform { snapshot, environment in
                try snapshot.dismissUpdate(target.operation, in: try snapshot.preset(named: target.preset).id, environment)
            }
            let version = try outcome.snapshot.catalog.operation(target.operation).current.version
            try Console.current.report(outcome, json: options.json,
                                   "Dismissed the \(version) update of \(target.operation) in preset '\(target.preset)'.")
        }
    }
}
