import Foundation
import PromptPresets
import PromptPresetsCLI
import Testing

/// Hostile text and paths at the command line: escape sequences, symlinks, bytes that are not
/// text, and secrets headed for a file that is often shared.
@Suite("command-line hardening")
struct HardeningCLITests {
    /// An OSC 52 clipboard write, a colour and a cursor move, as an imported prompt might carry them.
    static let hostile = "Recap {{messages}} \u{1B}]52;c;ZXZpbA==\u{07}\u{1B}[31mred\u{1B}[2J \u{9B}6n {{entity_types}}"

    @Test("human output shows control characters escaped; --json stays exact")
    func terminalSafety() async throws {
        let sandbox = try Sandbox()
        await sandbox.succeed("presets", "create", "Mine")
        await sandbox.succeed("edit", "Mine", "scene_recap", "--set", "prompt=\(Self.hostile)")
        await sandbox.succeed("bind", "chat", "c1", "Mine")

        for arguments in [["resolve", "scene_recap", "--chat", "c1"], ["artifacts", "show", "scene_recap", "v1"]] {
            let output = await sandbox.run(arguments).standardOutput
            let raw: Set<Unicode.Scalar> = ["\u{1B}", "\u{07}", "\u{9B}"]
            let leaked = output.unicodeScalars.contains { raw.contains($0) }
            #expect(!leaked, "\(arguments): raw control characters reached the terminal")
            let escaped = #"\u{1B}]52;c;ZXZpbA==\u{7}\u{1B}[31mred"#
            #expect(output.contains(escaped), "\(arguments): \(output)")
            #expect(output.contains(#"\u{9B}6n"#))
        }
        let json = await sandbox.succeed("resolve", "scene_recap", "--chat", "c1", "--json")
        let object = try #require(parseJSON(json.standardOutput) as? [String: Any])
        let config = try #require(object["config"] as? [String: Any])
        #expect(config["prompt"] as? String == Self.hostile, "--json must carry the text exactly")
    }

    @Test("--out refuses to replace a symlink or a device unless --force")
    func outRefusesNonRegularFiles() async throws {
        let sandbox = try Sandbox()
        await sandbox.makeMine()
        let target = sandbox.directory.appendingPathComponent("elsewhere.txt").path
        try "keep me\n".write(toFile: target, atomically: true, encoding: .utf8)
        let link = sandbox.directory.appendingPathComponent("export.json").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)

        let refused = await sandbox.run("export", "Mine", "--out", link)
        #expect(refused.exitCode == 1)
        #expect(refused.standardError.contains("it is a symbolic link, not a regular file; give --force"), "\(refused.standardError)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target, "the link is left as it was")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep me\n")

        let device = await sandbox.run("export", "Mine", "--out", "/dev/null")
        #expect(device.exitCode == 1)
        #expect(device.standardError.contains("it is a device"))

        await sandbox.succeed("export", "Mine", "--out", link, "--force")
        #expect(try String(contentsOfFile: link, encoding: .utf8).contains("prompt-presets"))
        let plain = sandbox.directory.appendingPathComponent("plain.json").path
        await sandbox.succeed("export", "Mine", "--out", plain)
        await sandbox.succeed("export", "Mine", "--out", plain)
    }

    @Test("standard input is refused when it is not UTF-8, as a file is")
    func standardInputIsValidatedLikeAFile() async throws {
        let sandbox = try Sandbox()
        await sandbox.makeMine()
        let before = try sandbox.snapshot()
        let bytes = Data([0x52, 0x65, 0xFF, 0xFE, 0x63, 0x61, 0x70])
        let file = sandbox.directory.appendingPathComponent("prompt.txt")
        try bytes.write(to: file)

        let fromFile = await sandbox.run("edit", "Mine", "scene_recap", "--set-file", "prompt=\(file.path)")
        let fromInput = await CLI.run(
            ["edit", "Mine", "scene_recap", "--set-file", "prompt=-"], environment: sandbox.environment, standardInputBytes: bytes)
        #expect(fromFile.exitCode == 1)
        #expect(fromInput.exitCode == 1)
        #expect(fromFile.standardError.contains("not UTF-8 text"))
        #expect(fromInput.standardError.contains("standard input"), "\(fromInput.standardError)")
        #expect(fromInput.standardError.contains("not UTF-8 text"))
        #expect(try sandbox.snapshot() == before, "no U+FFFD prompt was stored")
    }

    @Test("sillytavern export stops at a credential unless --allow-secrets, then warns")
    func sillyTavernExportSecrets() async throws {
        let sandbox = try Sandbox()
        await sandbox.succeed("presets", "create", "Mine")
        await sandbox.succeed(
            "edit", "Mine", "scene_recap", "--set", "prompt=Recap {{messages}} {{entity_types}} with sk-ant-api03-Zy9xWv8uTs7rQp6oNm5lKj4iHg3f")
        let settings = sandbox.directory.appendingPathComponent("settings.json").path
        let original = #"{"extension_settings": {"auto_recap_memory": {}}, "other": 1}"#
        try original.write(toFile: settings, atomically: true, encoding: .utf8)

        let refused = await sandbox.run("sillytavern", "export", settings)
        #expect(refused.exitCode == 1)
        #expect(refused.standardError.contains("scene_recap[\"v1\"].config.prompt looks like an API key (sk-a…)"), "\(refused.standardError)")
        #expect(refused.standardError.contains("--allow-secrets"))
        #expect(!refused.standardError.contains("Zy9xWv8u"))
        #expect(try String(contentsOfFile: settings, encoding: .utf8) == original, "nothing was written")

        let allowed = await sandbox.succeed("sillytavern", "export", settings, "--allow-secrets")
        #expect(allowed.standardError.contains("warning: settings.json will hold credential-shaped text, and it is often shared"))
        #expect(try String(contentsOfFile: settings, encoding: .utf8).contains("sk-ant-api03-Zy9x"))
    }
}
