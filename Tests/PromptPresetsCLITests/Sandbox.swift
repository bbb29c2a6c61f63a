import Foundation
import PromptPresets
import PromptPresetsCatalogs
import PromptPresetsCLI
import PromptPresetsSQLite
import Testing

/// A temporary directory with a store path, removed when the test ends.
final class Sandbox {
    let directory: URL
    let storePath: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("prompt-presets-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        storePath = directory.appendingPathComponent("store.sqlite").path
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    /// An environment that points at this sandbox's store and home, with a working PATH.
    var environment: [String: String] {
        [
            "PROMPT_PRESETS_STORE": storePath,
            "HOME": directory.path,
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
        ]
    }

    /// Runs the command line in-process against this sandbox.
    @discardableResult
    func run(_ arguments: String..., environment extra: [String: String] = [:], input: String? = nil) async -> CLIResult {
        await run(arguments, environment: extra, input: input)
    }

    @discardableResult
    func run(_ arguments: [String], environment extra: [String: String] = [:], input: String? = nil) async -> CLIResult {
        await CLI.run(arguments, environment: environment.merging(extra) { _, new in new }, standardInput: input)
    }

    /// Runs a command that must succeed, failing the test with its stderr otherwise.
    @discardableResult
    func succeed(_ arguments: String..., environment extra: [String: String] = [:], input: String? = nil,
                 sourceLocation: SourceLocation = #_sourceLocation) async -> CLIResult {
        let result = await run(arguments, environment: extra, input: input)
        #expect(result.exitCode == 0, "\(arguments.joined(separator: " ")): \(result.standardError)", sourceLocation: sourceLocation)
        return result
    }

    /// Everything the store holds now.
    func snapshot() throws -> Snapshot {
        try SQLiteStore(path: storePath).loadSnapshot(catalog: .autoRecap)
    }

    func auditCount() throws -> Int {
        try SQLiteStore(path: storePath).readAuditLog(limit: 100_000).count
    }

    /// Writes an executable shell script into the sandbox and returns its path.
    func script(named name: String, _ body: String) throws -> String {
        let url = directory.appendingPathComponent(name)
        try Data("#!/bin/sh\n\(body)\n".utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        return url.path
    }

    /// A preset `Mine` whose `scene_recap` is `v1`, an edit of the default's prompt.
    func makeMine() async {
        await succeed("presets", "create", "Mine")
        await succeed("edit", "Mine", "scene_recap", "--set", "prompt=My recap of {{messages}} with {{entity_types}}")
    }
}

/// Parses command output as JSON, failing the test when it is not.
func parseJSON(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> Any? {
    do {
        return try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    } catch {
        Issue.record("not JSON: \(error)\n\(text)", sourceLocation: sourceLocation)
        return nil
    }
}

func parseObject(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> [String: Any] {
    parseJSON(text, sourceLocation: sourceLocation) as? [String: Any] ?? [:]
}

func parseArray(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> [[String: Any]] {
    parseJSON(text, sourceLocation: sourceLocation) as? [[String: Any]] ?? []
}
