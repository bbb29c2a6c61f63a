import Foundation

/// How much a JSON document may hold before `StrictJSON` refuses it.
public struct JSONLimits: Sendable, Hashable {
    /// The largest input accepted, in bytes; checked before any parsing.
    public var maxBytes: Int
    /// The deepest nesting of arrays and objects accepted (the root container is depth 1).
    public var maxDepth: Int
    /// The longest string (value or key) accepted, in Unicode scalars.
    public var maxStringLength: Int
    /// Whether an escaped lone surrogate (`"\ud800"`, legal in JavaScript's `JSON.stringify`
    /// output) is read as U+FFFD instead of refused.
    public var allowsLoneSurrogates: Bool

    public init(maxBytes: Int, maxDepth: Int, maxStringLength: Int, allowsLoneSurrogates: Bool = false) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxStringLength = maxStringLength
        self.allowsLoneSurrogates = allowsLoneSurrogates
    }

    /// Files from anyone (§7.3.5): 16 MiB, depth 64, strings up to 1 MiB; lone surrogates refused.
    public static let `import` = JSONLimits(maxBytes: 16 << 20, maxDepth: 64, maxStringLength: 1 << 20)

    /// A trusted local file such as SillyTavern's `settings.json`, which grows large with chat
    /// metadata: 256 MiB, depth 512, strings up to 64 MiB; lone surrogates become U+FFFD.
    public static let settingsFile = JSONLimits(
        maxBytes: 256 << 20, maxDepth: 512, maxStringLength: 64 << 20, allowsLoneSurrogates: true)
}

/// Why `StrictJSON.parse` refused its input, and where.
public struct JSONParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What was wrong.
    public enum Problem: Equatable, Sendable {
        /// The input is larger than `JSONLimits.maxBytes`.
        case inputTooLarge(byteCount: Int, limit: Int)
        /// The bytes at `offset` are not valid UTF-8.
        case invalidUTF8
        /// The input ended inside a value: usually a truncated file.
        case unexpectedEnd
        /// A character that cannot appear here; `expected` says what could.
        case unexpectedCharacter(found: String, expected: String)
        /// Something follows the top-level value.
        case trailingContent(found: String)
        /// A backslash escape JSON does not define, as written (`\x`).
        case invalidEscape(String)
        /// An escaped UTF-16 surrogate without its partner, as written (`\ud800`).
        case loneSurrogate(String)
        /// A raw control character inside a string (it must be escaped).
        case controlCharacterInString(UInt32)
        /// A number JSON does not allow or a Double cannot hold, as written.
        case invalidNumber(String)
        /// An object repeats a key; `path` names the second occurrence.
        case duplicateKey(String)
        /// Arrays and objects nest deeper than the limit.
        case tooDeep(limit: Int)
        /// A string is longer than the limit (in Unicode scalars).
        case stringTooLong(limit: Int)
    }

    public var problem: Problem
    /// Byte offset of the problem in the input (0-based).
    public var offset: Int
    /// 1-based line of the problem.
    public var line: Int
    /// 1-based column (in Unicode scalars) of the problem.
    public var column: Int
    /// JSON path of the value being read, `$` for the root (`$.operations.scene_recap.prompt`).
    public var path: String

    public init(problem: Problem, offset: Int, line: Int, column: Int, path: String) {
        self.problem = problem
        self.offset = offset
        self.line = line
        self.column = column
        self.path = path
    }

    /// One line naming the problem and where it is.
    public var description: String {
        let location = "line \(line), column \(column)"
        let shownPath = Self.elided(path)
        switch problem {
        case .inputTooLarge(let count, let limit):
            return "The file is \(Self.size(count)); the limit is \(Self.size(limit))."
        case .invalidUTF8:
            return "Invalid UTF-8 at byte \(offset) (\(location))."
        case .unexpectedEnd:
            return offset == 0 && path == "$"
                ? "The file is empty; expected a JSON value."
                : "The JSON ends unexpectedly at \(location) inside \(shownPath); the file looks truncated."
        case .unexpectedCharacter(let found, let expected):
            return "JSON syntax error at \(location) (\(shownPath)): expected \(expected), found \(found)."
        case .trailingContent(let found):
            return "JSON syntax error at \(location): unexpected \(found) after the end of the document."
        case .invalidEscape(let escape):
            return "JSON syntax error at \(location) (\(shownPath)): invalid escape \(escape) in a string."
        case .loneSurrogate(let escape):
            return "JSON syntax error at \(location) (\(shownPath)): unpaired surrogate \(escape) in a string."
        case .controlCharacterInString(let value):
            return "JSON syntax error at \(location) (\(shownPath)): control character U+\(Self.hex(value)) in a string must be escaped."
        case .invalidNumber(let text):
            return "JSON syntax error at \(location) (\(shownPath)): invalid number \(text)."
        case .duplicateKey:
            return "Duplicated key at \(shownPath) (\(location))."
        case .tooDeep(let limit):
            return "JSON nests deeper than \(limit) levels at \(shownPath) (\(location))."
        case .stringTooLong(let limit):
            return "Text at \(shownPath) is longer than \(limit) characters (\(location))."
        }
    }

    private static func elided(_ path: String) -> String {
        guard path.count > 160 else { return path }
        return String(path.prefix(60)) + "…" + String(path.suffix(80))
    }

    private static func size(_ bytes: Int) -> String {
        if bytes >= 1 << 20, bytes % (1 << 20) == 0 { return "\(bytes >> 20) MiB" }
        if bytes >= 1 << 20 { return String(format: "%.1f MiB", Double(bytes) / Double(1 << 20)) }
        return "\(bytes) bytes"
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

/// A strict JSON reader for files from outside: RFC 8259 only, with limits, duplicate-key
/// detection and errors that say where (§7.3.5).
///
/// ```swift
/// let value = try StrictJSON.parse(data)                           // an import file
/// let settings = try StrictJSON.parse(data, limits: .settingsFile) // a trusted large file
/// ```
public enum StrictJSON {
    /// Parses `data` as one JSON document.
    ///
    /// Integers that fit `Int` become `.int`; every other number becomes `.double`. A UTF-8
    /// byte-order mark at the start is skipped. Never traps, whatever the input.
    /// - Throws: `JSONParseError` for oversized input, invalid UTF-8, syntax errors,
    ///   duplicated keys, excessive nesting or over-long strings.
    public static func parse(_ data: Data, limits: JSONLimits = .import) throws(JSONParseError) -> JSONValue {
        if data.count > limits.maxBytes {
            throw JSONParseError(
                problem: .inputTooLarge(byteCount: data.count, limit: limits.maxBytes),
                offset: 0, line: 1, column: 1, path: "$")
        }
        let bytes = [UInt8](data)
        let result: Result<JSONValue, JSONParseError> = bytes.withUnsafeBufferPointer { buffer in
            var parser = StrictJSONParser(buffer, limits: limits)
            return parser.parseDocument()
        }
        return try result.get()
    }

    /// Parses UTF-8 text; see `parse(_:limits:)`.
    public static func parse(_ text: String, limits: JSONLimits = .import) throws(JSONParseError) -> JSONValue {
        try parse(Data(text.utf8), limits: limits)
    }
}

/// A recursive-descent parser over validated UTF-8 bytes.
private struct StrictJSONParser {
    private enum PathComponent {
        case key(String)
        case index(Int)
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private let limits: JSONLimits
    private var position = 0
    private var depth = 0
    private var path: [PathComponent] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>, limits: JSONLimits) {
        self.bytes = bytes
        self.limits = limits
    }

    mutating func parseDocument() -> Result<JSONValue, JSONParseError> {
        do throws(JSONParseError) {
            if let bad = Self.firstInvalidUTF8(in: bytes) { throw error(.invalidUTF8, at: bad) }
            if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
            skipWhitespace()
            let value = try parseValue()
            skipWhitespace()
            if position < bytes.count { throw error(.trailingContent(found: describeCurrent()), at: position) }
            return .success(value)
        } catch {
            return .failure(error)
        }
    }

    // MARK: Values

    private mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard position < bytes.count else { throw error(.unexpectedEnd, at: position) }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try parseLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try parseLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try parseLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw unexpected(expected: "a value")
        }
    }

    private mutating func enterContainer() throws(JSONParseError) {
        depth += 1
        if depth > limits.maxDepth { throw error(.tooDeep(limit: limits.maxDepth), at: position) }
    }

    private mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        position += 1  // {
        var members: [String: JSONValue] = [:]
        skipWhitespace()
        if try peek() == UInt8(ascii: "}") {
            position += 1
            depth -= 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard try peek() == UInt8(ascii: "\"") else { throw unexpected(expected: "a string key") }
            let keyStart = position
            let key = try parseString()
            path.append(.key(key))
            if members[key] != nil { throw error(.duplicateKey(key), at: keyStart) }
            skipWhitespace()
            guard try peek() == UInt8(ascii: ":") else { throw unexpected(expected: "':' after the key") }
            position += 1
            skipWhitespace()
            members[key] = try parseValue()
            path.removeLast()
            skipWhitespace()
            switch try peek() {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"):
                position += 1
                depth -= 1
                return .object(members)
            default: throw unexpected(expected: "',' or '}'")
            }
        }
    }

    private mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        position += 1  // [
        var elements: [JSONValue] = []
        skipWhitespace()
        if try peek() == UInt8(ascii: "]") {
            position += 1
            depth -= 1
            return .array(elements)
        }
        while true {
            skipWhitespace()
            path.append(.index(elements.count))
            elements.append(try parseValue())
            path.removeLast()
            skipWhitespace()
            switch try peek() {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"):
                position += 1
                depth -= 1
                return .array(elements)
            default: throw unexpected(expected: "',' or ']'")
            }
        }
    }

    private mutating func parseLiteral(_ word: String) throws(JSONParseError) {
        for byte in word.utf8 {
            guard position < bytes.count else { throw error(.unexpectedEnd, at: position) }
            guard bytes[position] == byte else { throw unexpected(expected: "'\(word)'") }
            position += 1
        }
    }

    private mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = position
        var isInteger = true
        func digits(_ parser: inout StrictJSONParser) -> Int {
            let from = parser.position
            while parser.position < parser.bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(parser.bytes[parser.position]) {
                parser.position += 1
            }
            return parser.position - from
        }
        func invalid(_ parser: inout StrictJSONParser) -> JSONParseError {
            if parser.position >= parser.bytes.count { return parser.error(.unexpectedEnd, at: parser.position) }
            while parser.position < parser.bytes.count, !Self.isDelimiter(parser.bytes[parser.position]) { parser.position += 1 }
            let text = String(decoding: UnsafeBufferPointer(rebasing: parser.bytes[start..<parser.position]), as: UTF8.self)
            return parser.error(.invalidNumber(text), at: start)
        }
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard position < bytes.count else { throw error(.unexpectedEnd, at: position) }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if position < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[position]) {
                throw invalid(&self)  // leading zero
            }
        } else if digits(&self) == 0 {
            throw invalid(&self)
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            if digits(&self) == 0 { throw invalid(&self) }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            isInteger = false
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            if digits(&self) == 0 { throw invalid(&self) }
        }
        if position < bytes.count, !Self.isDelimiter(bytes[position]) { throw invalid(&self) }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        if isInteger, let integer = Int(text) { return .int(integer) }
        guard let double = Double(text), double.isFinite else { throw error(.invalidNumber(text), at: start) }
        return .double(double)
    }

    private static func isDelimiter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: " "), UInt8(ascii: "\n"),
             UInt8(ascii: "\r"), UInt8(ascii: "\t"), UInt8(ascii: ":"):
            return true
        default:
            return false
        }
    }

    // MARK: Strings

    /// Reads a string starting at its opening quote; the input is known to be valid UTF-8.
    private mutating func parseString() throws(JSONParseError) -> String {
        let start = position
        position += 1  // "
        var scalarCount = 0
        var runStart = position
        var decoded: [UInt8]? = nil  // only allocated once an escape shows up
        while true {
            guard position < bytes.count else { throw error(.unexpectedEnd, at: position) }
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                let run = UnsafeBufferPointer(rebasing: bytes[runStart..<position])
                position += 1
                if var decoded {
                    decoded.append(contentsOf: run)
                    return String(decoding: decoded, as: UTF8.self)
                }
                return String(decoding: run, as: UTF8.self)
            case UInt8(ascii: "\\"):
                var buffer = decoded ?? []
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<position]))
                try appendEscape(to: &buffer)
                decoded = buffer
                runStart = position
                scalarCount += 1
            case 0..<0x20:
                throw error(.controlCharacterInString(UInt32(byte)), at: position)
            default:
                if byte & 0xC0 != 0x80 { scalarCount += 1 }
                position += 1
            }
            if scalarCount > limits.maxStringLength {
                throw error(.stringTooLong(limit: limits.maxStringLength), at: start)
            }
        }
    }

    /// Decodes the escape at `position` (a backslash) into UTF-8 bytes.
    private mutating func appendEscape(to buffer: inout [UInt8]) throws(JSONParseError) {
        let escapeStart = position
        position += 1
        guard position < bytes.count else { throw error(.unexpectedEnd, at: position) }
        let letter = bytes[position]
        position += 1
        switch letter {
        case UInt8(ascii: "\""): buffer.append(UInt8(ascii: "\""))
        case UInt8(ascii: "\\"): buffer.append(UInt8(ascii: "\\"))
        case UInt8(ascii: "/"): buffer.append(UInt8(ascii: "/"))
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try readHex4(escapeStart: escapeStart)
            var scalarValue = UInt32(unit)
            switch unit {
            case 0xD800...0xDBFF:
                if position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") {
                    let save = position
                    position += 2
                    let low = try readHex4(escapeStart: save)
                    if (0xDC00...0xDFFF).contains(low) {
                        scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                    } else {
                        position = save  // the next escape stands on its own
                        scalarValue = try loneSurrogate(at: escapeStart)
                    }
                } else {
                    scalarValue = try loneSurrogate(at: escapeStart)
                }
            case 0xDC00...0xDFFF:
                scalarValue = try loneSurrogate(at: escapeStart)
            default:
                break
            }
            let scalar = Unicode.Scalar(scalarValue) ?? "\u{FFFD}"
            buffer.append(contentsOf: UTF8.encode(scalar)!)
        default:
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[escapeStart..<position]), as: UTF8.self)
            throw error(.invalidEscape(text), at: escapeStart)
        }
    }

    private func loneSurrogate(at escapeStart: Int) throws(JSONParseError) -> UInt32 {
        guard limits.allowsLoneSurrogates else {
            let end = min(escapeStart + 6, bytes.count)
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[escapeStart..<end]), as: UTF8.self)
            throw error(.loneSurrogate(text), at: escapeStart)
        }
        return 0xFFFD
    }

    private mutating func readHex4(escapeStart: Int) throws(JSONParseError) -> UInt16 {
        var value: UInt16 = 0
        for _ in 0..<4 {
            guard position < bytes.count else { throw error(.unexpectedEnd, at: position) }
            let byte = bytes[position]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default:
                let end = min(position + 1, bytes.count)
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[escapeStart..<end]), as: UTF8.self)
                throw error(.invalidEscape(text), at: escapeStart)
            }
            value = value << 4 | UInt16(digit)
            position += 1
        }
        return value
    }

    // MARK: Helpers

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): position += 1
            default: return
            }
        }
    }

    private func peek() throws(JSONParseError) -> UInt8 {
        guard position < bytes.count else { throw error(.unexpectedEnd, at: position) }
        return bytes[position]
    }

    private func unexpected(expected: String) -> JSONParseError {
        guard position < bytes.count else { return error(.unexpectedEnd, at: position) }
        return error(.unexpectedCharacter(found: describeCurrent(), expected: expected), at: position)
    }

    /// The character at `position`, quoted, for messages.
    private func describeCurrent() -> String {
        guard position < bytes.count else { return "the end of the input" }
        var iterator = UnsafeBufferPointer(rebasing: bytes[position...]).makeIterator()
        var decoder = UTF8()
        guard case .scalarValue(let scalar) = decoder.decode(&iterator) else { return "an invalid byte" }
        if scalar.value < 0x20 || scalar.properties.generalCategory == .control {
            return "U+" + String(scalar.value, radix: 16, uppercase: true)
        }
        return "'\(Character(scalar))'"
    }

    private func error(_ problem: JSONParseError.Problem, at offset: Int) -> JSONParseError {
        var line = 1
        var column = 1
        var index = 0
        let end = min(offset, bytes.count)
        while index < end {
            let byte = bytes[index]
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            index += 1
        }
        return JSONParseError(problem: problem, offset: offset, line: line, column: column, path: renderedPath())
    }

    private func renderedPath() -> String {
        var text = "$"
        for component in path {
            switch component {
            case .index(let index): text += "[\(index)]"
            case .key(let key):
                let isIdentifier = !key.isEmpty && key.utf8.first.map { !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) } == true
                    && key.utf8.allSatisfy { byte in
                        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
                            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
                    }
                if isIdentifier {
                    text += "." + key
                } else {
                    text += "[" + JSONValue.string(key).canonicalText + "]"
                }
            }
        }
        return text
    }

    /// The offset of the first byte that does not belong to well-formed UTF-8 (RFC 3629:
    /// no overlong forms, no surrogates, nothing above U+10FFFF), or `nil`.
    private static func firstInvalidUTF8(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        let count = bytes.count
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var lower: UInt8 = 0x80
            var upper: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; lower = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; upper = 0x9F
            case 0xF0: length = 4; lower = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; upper = 0x8F
            default: return index
            }
            guard index + length <= count else { return index }
            let second = bytes[index + 1]
            guard second >= lower, second <= upper else { return index }
            for offset in 2..<max(2, length) where bytes[index + offset] & 0xC0 != 0x80 {
                return index
            }
            index += length
        }
        return nil
    }
}
