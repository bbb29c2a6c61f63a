import ArgumentParser
import Foundation
import PromptPresets
import SillyTavernInterop

/// What one invocation of the command line printed and how it ended.
public struct CLIResult: Sendable, Equatable {
    public var exitCode: Int32
    public var standardOutput: String
    public var standardError: String

    public init(exitCode: Int32, standardOutput: String, standardError: String) {
        self.exitCode = exitCode
        self.standardOutput = standardOutput
        self.standardError = standardError
    }
}

/// The `prompt-presets` command line, runnable in-process.
///
/// ```swift
/// let result = await CLI.run(["resolve", "scene_recap", "--json"], environment: ["PROMPT_PRESETS_STORE": path])
/// ```
public enum CLI {
    /// Exit codes: 0 success, 1 refused by the domain or the store, 2 usage error, 3 updates pending (`updates --check`).
    public enum Exit {
        public static let success: Int32 = 0
        public static let failure: Int32 = 1
        public static let usage: Int32 = 2
        public static let updatesPending: Int32 = 3
    }

    /// Parses and runs one command line (without the program name).
    /// - Parameters:
    ///   - arguments: The arguments, e.g. `["presets", "list"]`.
    ///   - environment: The environment variables the command sees (store location, `EDITOR`).
    ///   - standardInput: Text for `--set-file FIELD=-`; `nil` reads the process's standard input.
    ///   - standardInputBytes: Bytes for `--set-file FIELD=-` that need not be text (takes precedence).
    public static func run(
        _ arguments: [String],
        environment: [String: String] = ProcessInfo.processInfo.environment,
        standardInput: String? = nil,
        standardInputBytes: Data? = nil
    ) async -> CLIResult {
        let console = Console(environment: environment, standardInput: standardInputBytes ?? standardInput.map { Data($0.utf8) })
        let code = await Console.$current.withValue(console) {
            await execute(arguments, console: console)
        }
        return CLIResult(exitCode: code, standardOutput: console.standardOutput, standardError: console.standardError)
    }

    private static func execute(_ arguments: [String], console: Console) async -> Int32 {
        do {
            var command = try PromptPresetsCommand.parseAsRoot(GlobalOptions.hoisted(arguments))
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try await runOnOwnThread(command, console: console)
            }
            return Exit.success
        } catch let exit as ExitCode {
            return exit.rawValue
        } catch let error as PresetError {
            return fail(error.description, console: console)
        } catch let error as CLIError {
            return fail(error.description, console: console)
        } catch let error as any StoreEngineError {
            return fail(error.description, console: console)
        } catch let error as SharingError {
            return fail(error.description, console: console)
        } catch let error as SillyTavernError {
            return fail(error.description, console: console)
        } catch {
            // Help, version and usage errors, as argument-parser words them.
            let code = PromptPresetsCommand.exitCode(for: error)
            let message = PromptPresetsCommand.fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { console.print(message) }
                return Exit.success
            }
            if code == .validationFailure {
                console.printError(message)
                return Exit.usage
            }
            return fail(String(describing: error), console: console)
        }
    }

    /// Runs a synchronous command on a thread of its own: its blocking store calls (a
    /// PostgreSQL store waits for async work) must not hold one of Swift's few cooperative threads.
    private static func runOnOwnThread(_ command: any ParsableCommand, console: Console) async throws {
        let command = UncheckedSendable(command)
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let thread = Thread {
                do {
                    var parsed = command.value
                    try Console.$current.withValue(console) { try parsed.run() }
                    continuation.resume()
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Prints `error: <message>` on one line and returns the failure code.
    private static func fail(_ message: String, console: Console) -> Int32 {
        console.printError("error: \(oneLine(message))")
        return Exit.failure
    }

    private static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}

/// A parsed command handed to the thread that runs it, and used by that thread alone.
private struct UncheckedSendable<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}

/// `prompt-presets`: versioned prompt presets for LLM operations.
struct PromptPresetsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prompt-presets",
        abstract: "Manage versioned prompt presets: resolve, edit, bind, update.",
        discussion: "Exit codes: 0 success, 1 error, 2 usage error, 3 updates pending (updates --check).",
        subcommands: [
            CatalogCommand.self, ResolveCommand.self, PresetsCommand.self, ArtifactsCommand.self,
            EditCommand.self, BindCommand.self, UnbindCommand.self, BindingsCommand.self,
            UpdatesCommand.self, PruneCommand.self, ConnectionsCommand.self, DBCommand.self,
            ExportCommand.self, ImportCommand.self, SillyTavernCommand.self, ServeCommand.self,
            MCPCommand.self,
        ])
}
