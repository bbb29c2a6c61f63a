import Foundation
import PromptPresets

/// A stored row that cannot be turned back into a domain value (hand-edited or damaged data).
package struct InvalidRecord: Error {
    package var detail: String

    package init(detail: String) {
        self.detail = detail
    }
}

extension Config {
    /// Decodes a config stored as canonical JSON text.
    package init(storedText text: String, in place: @autoclosure () -> String) throws {
        do {
            self = try JSONDecoder().decode(Config.self, from: Data(text.utf8))
        } catch {
            throw InvalidRecord(detail: "\(place()) holds a config that is not a JSON object")
        }
    }
}

extension SemanticVersion {
    package init(storedText text: String, in place: @autoclosure () -> String) throws {
        guard let version = SemanticVersion(text) else {
            throw InvalidRecord(detail: "\(place()) holds '\(text)', which is not a semantic version")
        }
        self = version
    }
}

extension Date {
    /// The stored form of a date: seconds since 2001-01-01T00:00:00Z, the double a `Date` holds, so it round-trips exactly.
    package var storedValue: Double { timeIntervalSinceReferenceDate }

    package init(storedValue: Double) {
        self.init(timeIntervalSinceReferenceDate: storedValue)
    }
}

/// Bounds of the numbers a store's rows hold (revisions, version numbers, counters).
///
/// PromptPresets never writes a value beyond `maximum` (it would take two billion edits of
/// one object), and the domain adds one to these values: a larger or non-positive one comes
/// from a damaged or hand-edited file and is refused on reading rather than trapping later.
package enum StoredNumber {
    package static let maximum = Int(Int32.max)

    /// `value` when it lies in `1...maximum`.
    package static func checked(_ value: Int, _ column: String, in place: @autoclosure () -> String) throws -> Int {
        guard (1...maximum).contains(value) else {
            throw InvalidRecord(detail: "\(place()) has an impossible \(column) \(value)")
        }
        return value
    }
}
