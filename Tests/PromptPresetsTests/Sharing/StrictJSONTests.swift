import Foundation
import Testing
@testable import PromptPresets

@Suite("StrictJSON")
struct StrictJSONTests {
    private func parse(_ text: String, limits: JSONLimits = .import) throws(JSONParseError) -> JSONValue {
        try StrictJSON.parse(Data(text.utf8), limits: limits)
    }

    private func failure(_ text: String, limits: JSONLimits = .import) -> JSONParseError? {
        failure(Data(text.utf8), limits: limits)
    }

    private func failure(_ data: Data, limits: JSONLimits = .import) -> JSONParseError? {
        do {
            _ = try StrictJSON.parse(data, limits: limits)
            return nil
        } catch {
            return error
        }
    }

    @Test("parses every kind of value")
    func parsesValues() throws {
        let value = try parse(#"""
            {"a": [1, -2, 3.5, 1e3, 9223372036854775807, 9223372036854775808, true, false, null],
             "s": "tab\t quote\" slash\/ \u00e9 \ud83d\ude00 é", "o": {}, "e": []}
            """#)
        #expect(value == .object([
            "a": .array([.int(1), .int(-2), .double(3.5), .double(1000), .int(Int.max), .double(9223372036854775808),
                         .bool(true), .bool(false), .null]),
            "s": .string("tab\t quote\" slash/ é 😀 é"),
            "o": .object([:]),
            "e": .array([]),
        ]))
    }

    @Test("skips a UTF-8 byte-order mark")
    func skipsBOM() throws {
        let data = Data([0xEF, 0xBB, 0xBF]) + Data("[1]".utf8)
        #expect(try StrictJSON.parse(data) == .array([.int(1)]))
    }

    @Test("reports syntax errors with line and column")
    func syntaxErrorLocation() throws {
        let error = try #require(failure("{\n  \"a\": 1,\n  \"b\" 2\n}"))
        #expect(error.line == 3)
        #expect(error.column == 7)
        #expect(error.description.contains("line 3, column 7"))
        #expect(error.description.contains("expected ':' after the key"))
        #expect(error.path == "$.b")
    }

    @Test("reports duplicated keys with their JSON path")
    func duplicateKeys() throws {
        let error = try #require(failure(#"{"operations": {"scene_recap": {"prompt": "a", "prompt": "b"}}}"#))
        #expect(error.problem == .duplicateKey("prompt"))
        #expect(error.path == "$.operations.scene_recap.prompt")
        #expect(error.description.contains("Duplicated key at $.operations.scene_recap.prompt"))
    }

    @Test("refuses input over the byte limit before parsing")
    func tooLarge() throws {
        let data = Data(repeating: UInt8(ascii: " "), count: (16 << 20) + 1)
        let error = try #require(failure(data))
        #expect(error.problem == .inputTooLarge(byteCount: (16 << 20) + 1, limit: 16 << 20))
        #expect(error.description.contains("limit is 16 MiB"))
    }

    @Test("refuses nesting deeper than the limit and names the depth")
    func tooDeep() throws {
        let deep = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        let error = try #require(failure(deep))
        #expect(error.problem == .tooDeep(limit: 64))
        #expect(error.column == 65)
        #expect(error.description.contains("deeper than 64 levels"))
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        #expect(failure(ok) == nil)
        #expect(failure(deep, limits: .settingsFile) == nil)
        let deepest = String(repeating: "{\"a\":[", count: 256) + "1" + String(repeating: "]}", count: 256)
        #expect(failure(deepest, limits: .settingsFile) == nil)
        #expect(failure("[" + deepest + "]", limits: .settingsFile)?.problem == .tooDeep(limit: 512))
    }

    @Test("refuses strings over the length limit and names their path")
    func stringTooLong() throws {
        let limits = JSONLimits(maxBytes: 1 << 20, maxDepth: 8, maxStringLength: 10)
        let error = try #require(failure(#"{"x": {"prompt": "0123456789A"}}"#, limits: limits))
        #expect(error.problem == .stringTooLong(limit: 10))
        #expect(error.path == "$.x.prompt")
        #expect(failure(#"{"x": {"prompt": "0123456789"}}"#, limits: limits) == nil)
        // Multi-byte characters count once each.
        #expect(failure(#"{"x": "éééééééééé"}"#, limits: limits) == nil)
    }

    @Test("reports invalid UTF-8 with its byte offset")
    func invalidUTF8() throws {
        let data = Data("{\"a\": \"ok".utf8) + Data([0xC3, 0x28]) + Data("\"}".utf8)
        let error = try #require(failure(data))
        #expect(error.problem == .invalidUTF8)
        #expect(error.offset == 9)
        #expect(error.description.contains("Invalid UTF-8 at byte 9"))
        // Overlong encodings and encoded surrogates are invalid too.
        #expect(failure(Data([0x22, 0xC0, 0xAF, 0x22]))?.problem == .invalidUTF8)
        #expect(failure(Data([0x22, 0xED, 0xA0, 0x80, 0x22]))?.problem == .invalidUTF8)
    }

    @Test("refuses lone surrogates on import, replaces them in trusted files")
    func loneSurrogates() throws {
        #expect(failure(#"["\ud800"]"#)?.problem == .loneSurrogate(#"\ud800"#))
        #expect(failure(#"["\udc00x"]"#)?.problem == .loneSurrogate(#"\udc00"#))
        #expect(failure(#"["\ud800\u0041"]"#)?.problem == .loneSurrogate(#"\ud800"#))
        #expect(try parse(#"["\ud800\u0041"]"#, limits: .settingsFile) == .array([.string("\u{FFFD}A")]))
    }

    @Test("refuses raw control characters in strings")
    func controlCharacters() throws {
        #expect(failure("[\"a\u{01}b\"]")?.problem == .controlCharacterInString(1))
        #expect(failure("[\"a\nb\"]")?.problem == .controlCharacterInString(10))
        #expect(try parse(#"["a\u0001b"]"#) == .array([.string("a\u{01}b")]))
    }

    @Test("reports truncation", arguments: ["", "{", "{\"a\"", "{\"a\":", "[1,", "\"abc", "[tr", "[-", "[\"\\u12"])
    func truncated(text: String) throws {
        let error = try #require(failure(text))
        #expect(error.problem == .unexpectedEnd)
        #expect(error.description.contains("truncated") || error.description.contains("empty"))
    }

    @Test("refuses what JSON does not allow",
          arguments: ["[01]", "[1.]", "[.5]", "[+1]", "[1e]", "[NaN]", "[1e400]", "{'a': 1}", "{a: 1}", "[1,]",
                      "{\"a\":1,}", "[1] [2]", "[\"\\x\"]", "[True]", "// c\n[]"])
    func refusesNonJSON(text: String) throws {
        let error = try #require(failure(text))
        #expect(error.problem != .unexpectedEnd)
        #expect(!error.description.isEmpty)
    }

    @Test("never crashes on any truncation of a real file")
    func everyTruncation() throws {
        let data = try Data(contentsOf: SharingFixture.aliceExportURL)
        let whole = try StrictJSON.parse(data)
        #expect(whole.objectValue?["preset_name"] == .string("Alice RP Setup"))
        var failures = 0
        for length in 0..<data.count {
            if (try? StrictJSON.parse(data.prefix(length))) == nil { failures += 1 }
        }
        // Every strict prefix is incomplete, except those ending after the closing brace's trailing newline.
        #expect(failures >= data.count - 2)
    }

    @Test("never crashes on random bytes")
    func randomBytes() {
        var generator = SharingSupport.SeededGenerator(seed: 42)
        let alphabet = Array("{}[]\",:0123456789.-eE truefalsn\\u\n".utf8) + [0xC3, 0xA9, 0xFF, 0x00]
        for _ in 0..<3_000 {
            let length = Int.random(in: 0..<64, using: &generator)
            let bytes = (0..<length).map { _ in
                Bool.random(using: &generator) ? alphabet.randomElement(using: &generator)! : UInt8.random(in: 0...255, using: &generator)
            }
            _ = try? StrictJSON.parse(Data(bytes))
        }
    }

    @Test("the parse error describes itself in one line")
    func oneLineDescriptions() throws {
        for text in ["{\"a\": [1, 2,\n", "{\"a\"\n:\n x}", "[\"a\nb\"]"] {
            let error = try #require(failure(text))
            #expect(!error.description.contains("\n"))
        }
    }
}

enum SharingFixture {
    /// `Tests/PromptPresetsTests/Sharing/<file>` → `Tests/Fixtures/…`.
    static var fixturesDirectory: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // Sharing
            .deletingLastPathComponent()  // PromptPresetsTests
            .deletingLastPathComponent()  // Tests
            .appendingPathComponent("Fixtures")
    }

    static var aliceExportURL: URL {
        fixturesDirectory.appendingPathComponent("sillytavern/export-alice-1.0.json")
    }
}
