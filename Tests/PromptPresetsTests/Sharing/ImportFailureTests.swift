import Foundation
import Testing
@testable import PromptPresets
import PromptPresetsCatalogs

/// Files an import must refuse: each with a `SharingError` naming the problem and where, and nothing written.
enum BadInput: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case truncated, rootArray, operationsArray, operationEntryArray, wrongFormatVersion, missingFormatVersion
    case bundleWrongChecksum, unknownFormat, duplicatedKey, twentyMiB, twoMiBPrompt, deepNesting, invalidUTF8
    case presetNameControlCharacters, presetNameTooLong, artifactNameControlCharacters, unknownOperation
    case wrongFieldType, unknownField, wrongProfileNameType, loneSurrogate

    var testDescription: String { rawValue }

    func data() throws -> Data {
        let alice = try SharingSupport.aliceExport()
        let document = try SharingSupport.aliceDocument()
        func with(_ path: [String], _ value: JSONValue?) -> Data {
            SharingSupport.data(SharingSupport.setting(path, to: value, in: document))
        }
        let text = String(decoding: alice, as: UTF8.self)
        switch self {
        case .truncated:
            return alice.prefix(alice.count / 2)
        case .rootArray:
            return SharingSupport.data(.array([document]))
        case .operationsArray:
            return with(["operations"], .array([]))
        case .operationEntryArray:
            return with(["operations", "scene_recap"], .array([.string("prompt")]))
        case .wrongFormatVersion:
            return with(["format_version"], .string("2.0"))
        case .missingFormatVersion:
            return with(["format_version"], nil)
        case .bundleWrongChecksum:
            let source = try SharingSupport.sourceSnapshot()
            let bundle = try source.exportBundle(presets: [source.preset(named: "Bob").id], exportedAt: SharingSupport.now)
            var root = bundle.objectValue!
            var artifacts = root["artifacts"]!.arrayValue!
            artifacts[0] = SharingSupport.setting(["sha256"], to: .string(String(repeating: "0", count: 64)), in: artifacts[0])
            root["artifacts"] = .array(artifacts)
            return SharingSupport.data(.object(root))
        case .unknownFormat:
            return with(["format"], .string("prompt-presets.zip"))
        case .duplicatedKey:
            return Data(text.replacingOccurrences(
                of: "\"artifact_name\": \"Detailed Recap for Alice\",",
                with: "\"artifact_name\": \"Detailed Recap for Alice\", \"prompt\": \"first\",").utf8)
        case .twentyMiB:
            return Data(text.replacingOccurrences(
                of: "\"preset_description\": \"Tuned for the Alice role-play\"",
                with: "\"preset_description\": \"\(String(repeating: "x", count: 20 << 20))\"").utf8)
        case .twoMiBPrompt:
            return with(["operations", "scene_recap", "prompt"], .string(String(repeating: "word ", count: (2 << 20) / 5)))
        case .deepNesting:
            let deep = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
            return Data(text.replacingOccurrences(of: "\"prefill\": \"{\",", with: "\"prefill\": \(deep),").utf8)
        case .invalidUTF8:
            var bytes = [UInt8](alice)
            let index = bytes.firstIndex(of: UInt8(ascii: "&"))!  // inside the scene_recap prompt
            bytes[index] = 0xFF
            return Data(bytes)
        case .presetNameControlCharacters:
            return with(["preset_name"], .string("Alice\u{07} RP"))
        case .presetNameTooLong:
            return with(["preset_name"], .string(String(repeating: "A", count: 200)))
        case .artifactNameControlCharacters:
            return with(["operations", "scene_recap", "artifact_name"], .string("Recap\u{1B}[31m"))
        case .unknownOperation:
            return with(["operations", "scene_recap_v2"], .object(["artifact_name": .string("X"), "prompt": .string("p")]))
        case .wrongFieldType:
            return with(["operations", "scene_recap", "include_preset_prompts"], .string("yes"))
        case .unknownField:
            return with(["operations", "scene_recap", "temperature"], .double(0.7))
        case .wrongProfileNameType:
            return with(["operations", "auto_scene_break", "connection_profile_name"], .int(3))
        case .loneSurrogate:
            return Data(text.replacingOccurrences(of: "Alice's point of view", with: "Alice's \\ud800 point of view").utf8)
        }
    }

    /// Fragments the error's description must contain.
    var expected: [String] {
        switch self {
        case .truncated: ["truncated"]
        case .rootArray: ["$: expected an object, found an array"]
        case .operationsArray: ["$.operations: expected an object, found an array"]
        case .operationEntryArray: ["$.operations.scene_recap: expected an object, found an array"]
        case .wrongFormatVersion: ["$.format_version", "\"2.0\"", "expected \"1.0\""]
        case .missingFormatVersion: ["$.format_version is missing"]
        case .bundleWrongChecksum: ["$.artifacts[0].sha256", "'Alice recap v1'", "does not match"]
        case .unknownFormat: ["Unsupported file: $.format is \"prompt-presets.zip\"", "\"prompt-presets.bundle\""]
        case .duplicatedKey: ["Duplicated key at $.operations.scene_recap.prompt"]
        case .twentyMiB: ["limit is 16 MiB"]
        case .twoMiBPrompt: ["$.operations.scene_recap.prompt", "longer than 1048576 characters"]
        case .deepNesting: ["deeper than 64 levels", "$.operations.scene_recap.prefill[0]"]
        case .invalidUTF8: ["Invalid UTF-8 at byte"]
        case .presetNameControlCharacters: ["$.preset_name", "control characters"]
        case .presetNameTooLong: ["$.preset_name", "200 characters; the limit is 120"]
        case .artifactNameControlCharacters: ["$.operations.scene_recap.artifact_name", "control characters"]
        case .unknownOperation: ["'scene_recap_v2'", "nothing was imported"]
        case .wrongFieldType: ["$.operations.scene_recap.include_preset_prompts: expected a boolean, found a string"]
        case .unknownField: ["$.operations.scene_recap.temperature: unknown field"]
        case .wrongProfileNameType: ["$.operations.auto_scene_break.connection_profile_name: expected a connection profile name or null, found a number"]
        case .loneSurrogate: ["unpaired surrogate \\ud800", "$.operations.scene_recap.prompt"]
        }
    }
}

@Suite("Import failures")
struct ImportFailureTests {
    @Test("bad files are refused with a one-line message naming the problem, and nothing is written",
          arguments: BadInput.allCases)
    func refused(input: BadInput) throws {
        let before = try SharingSupport.sourceSnapshot()
        var after = before
        var caught: SharingError?
        do {
            let planned = try before.planImport(try input.data(), options: ImportOptions())
            after = try SharingSupport.installing(planned.plan, into: before, prefix: "bad")
        } catch let error as SharingError {
            caught = error
        }
        let error = try #require(caught)
        for fragment in input.expected {
            #expect(error.description.contains(fragment), "\(error.description)")
        }
        #expect(!error.description.contains("\n"))
        #expect(after == before)
    }

    @Test("unknown operations are imported without them when the caller asks to skip them")
    func skipUnknownOperations() throws {
        let data = try BadInput.unknownOperation.data()
        let planned = try SharingSupport.emptySnapshot().planImport(data, options: ImportOptions(skipUnknownOperations: true))
        #expect(planned.report.skippedOperations == ["scene_recap_v2"])
        #expect(planned.plan.presets.map(\.name) == ["Alice RP Setup"])
        #expect(planned.plan.artifacts.count == 2)
    }

    @Test("every problem of a file is reported at once")
    func allProblemsAtOnce() throws {
        var document = try SharingSupport.aliceDocument()
        document = SharingSupport.setting(["operations", "scene_recap", "include_preset_prompts"], to: .string("yes"), in: document)
        document = SharingSupport.setting(["operations", "auto_scene_break", "prefill"], to: .int(1), in: document)
        #expect(throws: SharingError.invalidValues([
            ValidationIssue(path: "$.operations.auto_scene_break.prefill", problem: "expected a string, found a number"),
            ValidationIssue(path: "$.operations.scene_recap.include_preset_prompts", problem: "expected a boolean, found a string"),
        ])) {
            try SharingSupport.emptySnapshot().planExtensionImport(document, options: ImportOptions())
        }
    }

    @Test("an over-long prompt built in memory is refused by the schema with its path")
    func longPromptInMemory() throws {
        let document = SharingSupport.setting(
            ["operations", "scene_recap", "prompt"], to: .string(String(repeating: "x", count: (1 << 20) + 1)),
            in: try SharingSupport.aliceDocument())
        do {
            _ = try SharingSupport.emptySnapshot().planExtensionImport(document, options: ImportOptions())
            Issue.record("expected a refusal")
        } catch {
            #expect(error.description.contains("$.operations.scene_recap.prompt: text is 1048577 characters long"))
        }
    }
}
