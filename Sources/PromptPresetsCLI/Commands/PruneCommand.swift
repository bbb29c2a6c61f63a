import ArgumentParser
import PromptPresets

/// `prune [--keep N]`: deletes old versions nothing uses.
struct PruneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prune",
        abstract: "Delete all but the newest unreferenced versions of every operation.",
        discussion: "Versions a preset uses or an open edit holds are always kept; defaults are never pruned.")

    @Option(name: .long, help: "How many unreferenced versions to keep per operation.") var keep: Int = 10
    @OptionGroup var options: GlobalOptions

    func validate() throws {
        if keep < 0 { throw ValidationError("--keep must be 0 or more.") }
    }

    func run() throws {
        let console = Console.current
        let outcome = try Workspace(options).perform { snapshot, environment in
            try snapshot.prune(keep: keep, environment)
        }
        let pruned = outcome.value
        if options.json {
            return console.print(json: .array(pruned.map {
                .object(["operation": .string($0.operation), "name": .string($0.name), "number": .int($0.number)])
            }))
        }
        guard !pruned.isEmpty else { return console.print("Nothing to prune.") }
        var table = TextTable(header: ["OPERATION", "#", "NAME"])
        for artifact in pruned { table.append([artifact.operation, String(artifact.number), artifact.name]) }
        console.print("Pruned \(pruned.count) version\(pruned.count == 1 ? "" : "s"):\n" + table.rendered)
    }
}
