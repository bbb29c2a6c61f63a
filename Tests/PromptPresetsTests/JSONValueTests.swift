import Foundation
import Testing
@testable import PromptPresets

@Suite("JSON values")
struct JSONValueTests {
    @Test("A whole double equals the integer it is written as, so configs survive a store round trip")
    func wholeDoublesRoundTrip() throws {
        let config = Config(["ratio": .double(1.0), "sticky": .int(4), "name": .string("a \"quoted\"\nline")])
        let decoded = try JSONDecoder().decode(Config.self, from: Data(config.canonicalText.utf8))
        #expect(decoded == config)
        #expect(Set([JSONValue.int(1), .double(1.0)]).count == 1)
        #expect(JSONValue.double(1.5) != .int(1))
        #expect(JSONValue.bool(true) != .int(1))
    }

    @Test("Canonical text sorts keys and escapes control characters")
    func canonicalText() {
        let value = JSONValue.object(["b": .array([.null, .bool(false)]), "a": .string("tab\there\u{1}")])
        #expect(value.canonicalText == #"{"a":"tab\there\u0001","b":[null,false]}"#)
    }
}
