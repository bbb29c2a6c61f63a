import Foundation
import PromptPresets

/// Where a command writes and what it may read from the outside world.
///
/// `CLI.run` installs one per invocation with `Console.$current.withValue`, so commands run
/// in-process in tests with their own environment, input and output buffers.
final class Console: @unchecked Sendable {
    /// The console of the running command.
    @TaskLocal static var current = Console(environment: ProcessInfo.processInfo.environment)

    /// Environment variables (`PROMPT_PRESETS_STORE`, `XDG_DATA_HOME`, `HOME`, `EDITOR`).
    let environment: [String: String]
    /// Text given on standard input, for `--set-file FIELD=-`; `nil` reads the process's own.
    let standardInput: String?
    /// Time, ids and the actor the domain records in the audit log.
    let commandEnvironment: CommandEnvironment

    private let lock = NSLock()
    private var output = ""
    private var error = ""

    init(
        environment: [String: String], standardInput: String? = nil,
        commandEnvironment: CommandEnvironment = CommandEnvironment(actor: "cli")
    ) {
        self.environment = environment
        self.standardInput = standardInput
        self.commandEnvironment = commandEnvironment
    }

    /// Writes a line (or several) to standard output.
    func print(_ text: String) {
        lock.withLock { output += text.hasSuffix("\n") ? text : text + "\n" }
    }

    /// Writes a line (or several) to standard error.
    func printError(_ text: String) {
        lock.withLock { error += text.hasSuffix("\n") ? text : text + "\n" }
    }

    /// Writes a warning line to standard error.
    func warn(_ text: String) {
        printError("warning: \(text)")
    }

    var standardOutput: String { lock.withLock { output } }
    var standardError: String { lock.withLock { error } }

    /// The text on standard input: the injected text, else the process's own.
    func readStandardInput() -> String {
        if let standardInput { return standardInput }
        let data = FileHandle.standardInput.readDataToEndOfFile()
        return String(decoding: data, as: UTF8.self)
    }
}
