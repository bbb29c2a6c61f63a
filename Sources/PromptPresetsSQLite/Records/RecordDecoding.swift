import Foundation
import PromptPresets

/// A stored row that cannot be turned back into a domain value (hand-edited or damaged data).
struct InvalidRecord: Error {
    var detail: String
}

extension Config {
    /// Decodes a config stored as canonical JSON text.
    init(storedText text: String, in place: @autoclosure () -> String) throws {
        do {
            self = try JSONDecoder().decode(Config.self, from: Data(text.utf8))
        } catch {
            throw InvalidRecord(detail: "\(place()) holds a config that is not a JSON object")
        }
    }
}

extension SemanticVersion {
    init(storedText text: String, in place: @autoclosure () -> String) throws {
        guard let version = SemanticVersion(text) else {
            throw InvalidRecord(detail: "\(place()) holds '\(text)', which is not a semantic version")
        }
        self = version
    }
}

extension Date {
    /// The stored form of a date: see `SQLiteStore.migrator`.
    var storedValue: Double { timeIntervalSinceReferenceDate }

    init(storedValue: Double) {
        self.init(timeIntervalSinceReferenceDate: storedValue)
    }
}
