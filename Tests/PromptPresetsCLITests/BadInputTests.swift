import Foundation
import PromptPresetsCLI
import Testing

/// One refused command: its arguments and a piece of the message that names the problem.
struct BadInput: CustomTestStringConvertible, Sendable {
    var arguments: [String]
    var message: String

    init(_ arguments: [String], _ message: String) {
        self.arguments = arguments
        self.message = message
    }

    var testDescription: String { arguments.joined(separator: " ").debugDescription }
}

@Suite("bad input")
struct BadInputTests {
    static let cases: [BadInput] = [
        BadInput(["resolve", "nope"], "Unknown operation 'nope'. Valid operations: scene_recap, organize_scene_recap"),
        BadInput(["edit", "Mine", "nope", "--set", "prompt=x"], "Unknown operation 'nope'. Valid operations:"),
        BadInput(["artifacts", "list", "scene_recaps"], "Unknown operation 'scene_recaps'"),
        BadInput(["presets", "show", "Mnie"], "No preset named 'Mnie'. Did you mean 'Mine'?"),
        BadInput(["presets", "rename", "Mnie", "Other"], "Did you mean 'Mine'?"),
        BadInput(["bind", "chat", "c1", "Nope"], "No preset named 'Nope'."),
        BadInput(["edit", "Mien", "scene_recap", "--set", "prompt=x"], "Did you mean 'Mine'?"),
        BadInput(["artifacts", "show", "scene_recap", "v9"], "No version named 'v9' for operation 'scene_recap'."),
        BadInput(["presets", "set", "Mine", "scene_recap", "v2"], "No version named 'v2'"),
        BadInput(["artifacts", "diff", "scene_recap", "v1", "Default@9.9.9"], "has no default version 9.9.9"),
        BadInput(["edit", "Mine", "scene_recap", "--set", "promt=x"], "has no field 'promt'. Valid fields: prompt, prefill"),
        BadInput(["edit", "Mine", "scene_recap", "--set", "include_preset_prompts=maybe"], "include_preset_prompts: expected true or false, found 'maybe'"),
        BadInput(["edit", "Mine", "entity_types", "--set", "types=not json"], "types: expected JSON"),
        BadInput(["edit", "Mine", "entity_types", "--set", #"types=[{"name": 3}]"#], "entity_types.types[0].name: expected a string"),
        BadInput(["edit", "Mine", "scene_recap", "--set", "connection_profile=Nobody"], "no connection profile named 'Nobody'"),
        BadInput(["edit", "Mine", "scene_recap", "--set", "prompt"], "Expected FIELD=VALUE"),
        BadInput(["presets", "create", String(repeating: "x", count: 121)], "121 characters; the limit is 120"),
        BadInput(["presets", "create", "bad\u{7}name"], "control characters are not allowed"),
        BadInput(["presets", "create", "  "], "a name cannot be empty"),
        BadInput(["presets", "create", "A" + String(repeating: "\u{301}", count: 2_000)], "bytes of UTF-8; the limit is 480"),
        BadInput(["presets", "create", "Mi\u{2060}ne"], "invisible and text-direction characters (U+2060) are not allowed"),
        BadInput(["presets", "create", "Mi\u{AD}ne"], "invisible and text-direction characters (U+AD) are not allowed"),
        BadInput(["presets", "create", "Mine\u{202E}"], "invisible and text-direction characters (U+202E) are not allowed"),
        BadInput(["presets", "create", "\u{41C}ine"], "it looks like the existing preset 'Mine'"),
        BadInput(["presets", "create", "Ｍｉｎｅ"], "it looks like the existing preset 'Mine'"),
        BadInput(["artifacts", "rename", "scene_recap", "v1", String(repeating: "y", count: 121)], "the limit is 120"),
        BadInput(["connections", "add", "tab\tname"], "control characters are not allowed"),
        BadInput(["presets", "create", "Default"], "The name 'Default' is reserved"),
        BadInput(["presets", "create", "Mine"], "A preset named 'Mine' already exists."),
        BadInput(["presets", "rename", "Mine", "Default"], "The name 'Default' is reserved"),
        BadInput(["presets", "duplicate", "Mine", "--as", "default"], "is reserved"),
        BadInput(["artifacts", "rename", "scene_recap", "v1", "Default"], "The name 'Default' is reserved"),
        BadInput(["edit", "Default", "scene_recap", "--set", "prompt=x"], "duplicate it first (presets duplicate Default)"),
        BadInput(["presets", "delete", "Default"], "The Default preset cannot be changed"),
        BadInput(["presets", "set", "Default", "scene_recap", "v1"], "The Default preset cannot be changed"),
        BadInput(["presets", "set", "Mine", "scene_recap", "Default@1.0.0"], "duplicate it first (artifacts duplicate scene_recap Default@1.0.0)"),
        BadInput(["artifacts", "delete", "scene_recap", "Default"], "default of 'scene_recap' is part of the catalog"),
        BadInput(["artifacts", "delete", "scene_recap", "v1"], "is used by preset 'Mine'"),
        BadInput(["presets", "rename", "Mine", "Other", "--revision", "1"], "changed since it was read (revision 1, now 2)"),
        BadInput(["artifacts", "rename", "scene_recap", "v1", "New", "--revision", "7"], "changed since it was read"),
        BadInput(["updates", "keep", "Mine", "scene_recap"], "No update is pending for 'scene_recap' in preset 'Mine'."),
        BadInput(["updates", "merge", "Mine", "nope"], "Unknown operation 'nope'"),
        BadInput(["unbind", "chat", "nobody"], "No binding for chat 'nobody'."),
        BadInput(["connections", "rename", "Nobody", "X"], "No connection profile named 'Nobody'."),
    ]

    @Test("refused with exit 1, a one-line error naming the problem, and the store unchanged", arguments: cases)
    func refused(_ input: BadInput) async throws {
        let sandbox = try Sandbox()
        await sandbox.makeMine()
        let before = try sandbox.snapshot()
        let audit = try sandbox.auditCount()

        let result = await sandbox.run(input.arguments)

        #expect(result.exitCode == 1)
        #expect(result.standardError.hasPrefix("error: "))
        #expect(result.standardError.contains(input.message), "stderr: \(result.standardError)")
        #expect(result.standardError.split(separator: "\n").count == 1)
        #expect(result.standardOutput.isEmpty)
        #expect(try sandbox.snapshot() == before)
        #expect(try sandbox.auditCount() == audit)
    }

    @Test("usage errors exit 2 with argument-parser's message and leave the store unchanged", arguments: [
        ["bind", "planet", "x", "Mine"],
        ["nonsense"],
        ["presets", "create"],
        ["prune", "--keep", "many"],
    ])
    func usageErrors(_ arguments: [String]) async throws {
        let sandbox = try Sandbox()
        await sandbox.makeMine()
        let before = try sandbox.snapshot()
        let result = await sandbox.run(arguments)
        #expect(result.exitCode == 2)
        #expect(result.standardError.contains("Error:"))
        #expect(try sandbox.snapshot() == before)
    }

    @Test("a corrupted store file gives a clear one-line error, no crash, and is left as it was")
    func corruptedStore() async throws {
        let sandbox = try Sandbox()
        var generator = SystemRandomNumberGenerator()
        let garbage = Data((0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) })
        try garbage.write(to: URL(fileURLWithPath: sandbox.storePath))

        for arguments in [["presets", "list"], ["resolve", "scene_recap"], ["presets", "create", "Mine"], ["db", "status"]] {
            let result = await sandbox.run(arguments)
            #expect(result.exitCode == 1)
            #expect(result.standardError.hasPrefix("error: "))
            #expect(result.standardError.contains(sandbox.storePath))
            #expect(result.standardError.split(separator: "\n").count == 1)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: sandbox.storePath)) == garbage)
    }
}
