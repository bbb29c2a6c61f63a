import Testing
@testable import PromptPresets
import PromptPresetsCatalogs

@Suite("SecretScanner")
struct SecretScannerTests {
    @Test("flags each credential shape with its kind", arguments: [
        ("sk-proj-4fQz9XbLr2TmW8cVnK1yHs7DpJ0aEg3U", SecretFinding.Kind.openAIKey, "sk-…"),
        ("sk-ant-api03-Zr8Qm2LxV9pTc4NbW7yKd1HsGf6JeA0u", .anthropicKey, "sk-a…"),
        ("AIzaSyD4kLm9Qx2Vb7Nc1Zr8Tp3Wf6Hj0Ks5Ae", .googleAPIKey, "AIza…"),
        ("ghp_Qx8Lm2Vb9Nc4Zr7Tp1Wf6Hj3Ks0Ae5DgYu", .githubToken, "ghp_…"),
        ("github_pat_11ABCDEFG0123456789_abcdefghijklmnop", .githubToken, "gith…"),
        ("xoxb-123456789012-abcdefABCDEF1234", .slackToken, "xoxb…"),
        ("AKIAIOSFODNN7EXAMPLE", .awsAccessKey, "AKIA…"),
        ("Q7mZx2Lp9Vr4Tn8Kc1Wb6Hy3Jd0Fs5Ga7Ue2Ri", .highEntropyToken, "Q7mZ…"),
    ])
    func flagsKinds(secret: String, kind: SecretFinding.Kind, excerpt: String) throws {
        let findings = SecretScanner.findings(inText: "Use \(secret) for the request.", path: "operations.scene_recap.prompt")
        let finding = try #require(findings.first)
        #expect(findings.count == 1)
        #expect(finding.kind == kind)
        #expect(finding.excerpt == excerpt)
        #expect(finding.path == "operations.scene_recap.prompt")
    }

    @Test("flags bearer tokens")
    func bearer() throws {
        let findings = SecretScanner.findings(inText: "Authorization: Bearer abc123def456ghi789", path: "prefill")
        #expect(findings.map(\.kind).contains(.bearerToken))
        #expect(!findings.contains { $0.excerpt.contains("abc1") })
    }

    @Test("reports JSON paths of nested strings")
    func paths() {
        let value = JSONValue.object([
            "operations": .object(["scene_recap": .object(["prompt": .string("key sk-abcdefghijklmnop0123456789")])]),
            "list": .array([.string("fine"), .string("AKIAIOSFODNN7EXAMPLE")]),
        ])
        #expect(SecretScanner.findings(in: value).map(\.path) == ["list[1]", "operations.scene_recap.prompt"])
    }

    @Test("a bare 64-hex string is a key; the same digits as a bundle's sha256 checksum are not")
    func hexKeysAndChecksums() {
        let hex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        #expect(SecretScanner.findings(inText: hex, path: "x").map(\.kind) == [.hexKey])
        #expect(SecretScanner.findings(in: .object(["sha256": .string(hex)])).isEmpty)
        #expect(SecretScanner.findings(in: .object(["prompt": .string(hex)])).map(\.path) == ["prompt"])
    }

    @Test("does not flag prose, UUIDs or short prefixes", arguments: [
        "A skeleton key opens the task-based dungeon; sk-learn is a library.",
        "Recap the scene in {{messages}} from Alice's point of view. Note her feelings & any <secret> she learns.",
        "profile 3f2b8c1e-9d4a-4e6f-b7a2-0c5d1e8f9a3b",
        "a_very_long_identifier_made_of_plain_english_words_only",
        "Bearer in mind that the bear ate it",
        "AKIA is not a key on its own",
    ])
    func noFalsePositives(text: String) {
        #expect(SecretScanner.findings(inText: text, path: "x").isEmpty)
    }

    @Test("does not flag any default config of the built-in catalog")
    func catalogDefaultsAreClean() {
        for operation in Catalog.autoRecap.operations {
            for version in operation.history {
                let findings = SecretScanner.findings(in: version.config.jsonValue)
                #expect(findings.isEmpty, "\(operation.key)@\(version.version): \(findings)")
            }
        }
    }
}
