import Foundation
import PromptPresets

extension JSONValue {
    /// A wire value as JSON, for answers built around one (the CLI's `--json`, hand-routed answers):
    /// dates as the API writes them, a property without a value left out, as the generated server does.
    public init(wire value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        self = try JSONDecoder().decode(JSONValue.self, from: encoder.encode(value))
    }
}
