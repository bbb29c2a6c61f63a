import Foundation
import Testing
@testable import PromptPresets
import PromptPresetsCatalogs

/// Every credential shape the scanner knows, in every exported text and name, in both formats:
/// each stops the export, naming where it is, and is exported when secrets are allowed.
@Suite("Secret shapes × fields × formats")
struct SecretShapeTableTests {
    struct Shape: Sendable, CustomTestStringConvertible {
        var label: String
        var secret: String
        var testDescription: String { label }
    }

    static let shapes: [Shape] = [
        Shape(label: "OpenAI project key", secret: "sk-proj-" + "Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4zAb7cDe0f"),
        Shape(label: "Anthropic key", secret: "sk-ant-api03-" + "Zy9xWv8uTs7rQp6oNm5lKj4iHg3fEd2cBa1zYx0w"),
        Shape(label: "Google API key", secret: "AIza" + "SyD4kR8mN2pQ6sT0vX3zB7cF1hJ5lM9oP2r"),
        Shape(label: "GitHub classic token", secret: "ghp_" + "16C7e42F292c6912E7710c838347Ae178B4a"),
        Shape(label: "GitHub fine-grained token", secret: "github_pat_" + "11ABCDEFG0123456789_abcdefghijklmnop"),
        Shape(label: "Slack bot token", secret: "xoxb-" + "123456789012-" + "AbCdEfGhIjKlMnOpQrStUvWx"),
        Shape(label: "AWS access key id", secret: "AKIA" + "IOSFODNN7EXAMPLE"),
        Shape(label: "AWS secret access key", secret: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        Shape(label: "bearer token", secret: "Bearer " + "q8Zr4Lm2Xc7Vb1Nk"),
        Shape(label: "https URL with a password", secret: "https://alice:s3cr3t-pass@api.example.test/v1"),
        Shape(label: "postgres URL with a password", secret: "postgres://admin:hunter2word@db.internal.test:5432/app"),
        Shape(label: "64-hex key", secret: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
        Shape(label: "Hugging Face token (letters only)", secret: "hf_" + "QwErTyUiOpAsDfGhJkLzXcVbNmQwErTyUi"),
        Shape(label: "GitLab token", secret: "glpat-" + "xY9zW8vU7tS6rQ5pO4nM"),
        Shape(label: "Stripe live key", secret: "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc"),
        Shape(label: "JSON web token", secret: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"),
        Shape(label: "npm token", secret: "npm_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"),
        Shape(label: "Groq key", secret: "gsk_" + "Qz8Xw7Vu6Ts5Rq4Po3Nm2Lk1Ji0Hg9Fe8Dc7Ba6Zy5Xw4Vu3Ts2"),
        Shape(label: "random token, letters and digits", secret: "Zk4mQ9xR2tV7bN1cL6pW3sY8dF5gH0jA7uE2iO9"),
        Shape(label: "random token, letters only", secret: "QmZkXrTvBnCyLpWsDfGhJuKiOaEqRzMxNbVcPlKj"),
    ]

    /// Where a secret can be put, and where each format writes it (nil: the format leaves it out).
    struct Field: Sendable, CustomTestStringConvertible {
        var label: String
        var bundlePath: String?
        var extensionPath: String?
        var testDescription: String { label }
    }

    static let fields: [Field] = [
        Field(label: "preset name", bundlePath: "presets[0].name", extensionPath: "preset_name"),
        Field(label: "preset description", bundlePath: "presets[0].description", extensionPath: "preset_description"),
        Field(label: "version name", bundlePath: "artifacts[0].name", extensionPath: "operations.scene_recap.artifact_name"),
        Field(label: "version description", bundlePath: "artifacts[0].description", extensionPath: nil),
        Field(label: "prompt", bundlePath: "artifacts[0].config.prompt", extensionPath: "operations.scene_recap.prompt"),
        Field(label: "prefill", bundlePath: "artifacts[0].config.prefill", extensionPath: "operations.scene_recap.prefill"),
        Field(label: "completion preset name", bundlePath: "artifacts[0].config.completion_preset_name",
              extensionPath: "operations.scene_recap.completion_preset_name"),
        Field(label: "connection profile name", bundlePath: "artifacts[0].config.connection_profile",
              extensionPath: "operations.scene_recap.connection_profile_name"),
    ]

    static func snapshot(with secret: String, in field: Field) throws -> (Snapshot, PresetID) {
        let text = { (label: String) in field.label == label ? secret : "" }
        var changes: [String: JSONValue] = [:]
        for key in ["prompt", "prefill", "completion_preset_name"] where field.label == key.replacingOccurrences(of: "_", with: " ") {
            changes[key] = .string(key == "prompt" ? "Recap {{messages}} with {{entity_types}}. Key: \(secret) thanks" : secret)
        }
        let profile = ConnectionProfile(id: "conn-1", name: field.label == "connection profile name" ? secret : "Work API")
        changes["connection_profile"] = .string(profile.id)
        let plan = InstallPlan(
            artifacts: [.init(
                key: "recap", operation: "scene_recap", name: text("version name").isEmpty ? "Mine" : secret,
                description: text("version description"), config: SharingSupport.config("scene_recap", changes),
                basedOn: nil, origin: .edit)],
            presets: [.init(
                name: text("preset name").isEmpty ? "Shared" : secret, description: text("preset description"),
                operations: ["scene_recap": .new(key: "recap")])])
        let snapshot = try SharingSupport.installing(plan, into: SharingSupport.emptySnapshot(profiles: [profile]))
        return (snapshot, try #require(snapshot.allPresets.first { $0.id != .default }).id)
    }

    @Test("stops the export at the field", arguments: shapes, fields)
    func everyShapeInEveryField(shape: Shape, field: Field) throws {
        let (snapshot, preset) = try Self.snapshot(with: shape.secret, in: field)
        let exports: [(String, String?, (Bool) throws(SharingError) -> JSONValue)] = [
            ("bundle", field.bundlePath, { allow throws(SharingError) in
                try snapshot.exportBundle(presets: [preset], exportedAt: SharingSupport.now, allowSecrets: allow) }),
            ("extension", field.extensionPath, { allow throws(SharingError) in
                try snapshot.exportExtension(preset: preset, exportedAt: SharingSupport.now, allowSecrets: allow) }),
        ]
        for (format, path, export) in exports {
            guard let path else { continue }
            do {
                _ = try export(false)
                Issue.record("\(format): the export went through with \(shape.label) in the \(field.label)")
            } catch {
                guard case .secretsFound(let findings) = error else {
                    Issue.record("\(format): unexpected \(error)")
                    continue
                }
                #expect(findings.contains { $0.path == path }, "\(format): \(findings.map(\.path)) should name \(path)")
                #expect(!error.description.contains(String(shape.secret.suffix(12))), "\(format): the message shows the secret")
            }
            // Allowed, the text is there: the scanner, nothing else, stopped the export.
            let allowed = try export(true).canonicalText
            #expect(allowed.contains(shape.secret) || allowed.contains(shape.secret.replacingOccurrences(of: "/", with: "\\/")),
                    "\(format): \(field.label) is not exported")
        }
    }

    @Test("prose, UUIDs, hashes of the bundle and ordinary URLs pass")
    func ordinaryTextPasses() {
        let texts = [
            "Summarise the scene in three sentences; keep names and places.",
            "id 550e8400-e29b-41d4-a716-446655440000",
            "See https://example.test/docs/recap-guide and postgres://db.internal.test/app",
            "CharacterDescriptionAndPersonality",
        ]
        for text in texts {
            #expect(SecretScanner.findings(inText: text, path: "p").isEmpty, "\(text)")
        }
        let checksum = JSONValue.object(["sha256": .string(String(repeating: "ab12", count: 16))])
        #expect(SecretScanner.findings(in: checksum).isEmpty)
    }
}
