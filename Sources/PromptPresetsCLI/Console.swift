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
    /// Bytes given on standard input, for `--set-file FIELD=-`; `nil` reads the process's own.
    let standardInput: Data?
    /// Time, ids and the actor the domain records in the audit log.
    let commandEnvironment: CommandEnvironment

    private let lock = NSLock()
    private var output = ""
    private var error = ""

    init(
        environment: [String: String], standardInput: Data? = nil,
        commandEnvironment: CommandEnvironment = CommandEnvironment(actor: "cli")
    ) {
        self.environment = environment
        self.standardInput = standardInput
        self.commandEnvironment = commandEnvironment
    }

    /// Writes human-readable lines to standard output, control characters shown escaped
    /// (`\u{1B}`): imported text must not drive the terminal.
    func print(_ text: String) {
        printRaw(TerminalSafe.escaped(text))
    }

    /// Writes text exactly as given (JSON for scripts, whose strings are escaped by JSON itself).
    func printRaw(_ text: String) {
        lock.withLock { output += text.hasSuffix("\n") ? text : text + "\n" }
    }

    /// Writes a line (or several) to standard error, control characters shown escaped.
    func printError(_ text: String) {
        let safe = TerminalSafe.escaped(text)
        lock.withLock { error += safe.hasSuffix("\n") ? safe : safe + "\n" }
    }

    /// Writes a warning line to standard error.
    func warn(_ text: String) {
        printError("warning: \(text)")
    }

    var standardOutput: String { lock.withLock { output } }
    var standardError: String { lock.withLock { error } }

    /// The bytes on standard input: the injected ones, else the process's own.
    func readStandardInput() -> Data {
        standardInput ?? FileHandle.standardInput.readDataToEndOfFile()
    }
}

/// Text made safe to show on a terminal.
enum TerminalSafe {
    /// `text` with control characters (C0 but newline and tab, DEL, C1) and bidirectional
    /// controls written as `\u{1B}`-style escapes, so escape sequences (colours, cursor moves,
    /// OSC 52 clipboard writes) and reordered text cannot reach the terminal.
    static func escaped(_ text: String) -> String {
        if text.utf8.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x0A || $0 == 0x09 }) { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if isUnsafe(scalar) {
                result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == "\n" || scalar == "\t" { return false }
        if scalar.properties.generalCategory == .control { return true }
        switch scalar.value {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }
}
