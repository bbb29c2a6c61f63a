import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PromptPresets

extension Request {
    /// The body, refused with 413 beyond `limit` bytes (by `Content-Length` first, then while reading).
    func collectedBody(limit: Int) async throws -> ByteBuffer {
        if let length = headers[.contentLength].flatMap({ Int($0) }), length > limit { throw APIError.tooLarge(limit) }
        do {
            return try await body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw APIError.tooLarge(limit)
        }
    }

    /// The body as a JSON object (empty body = `{}` when `allowEmpty`).
    func jsonObject(limit: Int, allowEmpty: Bool = false) async throws -> JSONObject {
        let buffer = try await collectedBody(limit: limit)
        if buffer.readableBytes == 0 {
            if allowEmpty { return JSONObject([:]) }
            throw APIError.badRequest("The request needs a JSON object body.")
        }
        let value: JSONValue
        do {
            value = try StrictJSON.parse(Data(buffer: buffer), limits: JSONLimits(maxBytes: limit, maxDepth: 64, maxStringLength: 4 << 20))
        } catch {
            throw APIError.badRequest("Malformed JSON body: \(error.description)")
        }
        guard case .object(let members) = value else {
            throw APIError.badRequest("The body must be a JSON object, not \(value.kindDescription).")
        }
        return JSONObject(members)
    }

    /// The revision named by `If-Match` (`"3"`, `3` or `W/"3"`), or `nil` without the header.
    func expectedRevision() throws -> Int? {
        try ETag.expectedRevision(ifMatch: headers[.ifMatch])
    }

    /// The query as decoded pairs: `+` is a space, `%XX` escapes are decoded.
    /// - Throws: 400 for malformed percent escapes.
    func queryPairs() throws -> [(name: String, value: String)] {
        guard let query = uri.query, !query.isEmpty else { return [] }
        return try query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = try Self.formDecoded(parts[0])
            let value = parts.count > 1 ? try Self.formDecoded(parts[1]) : ""
            return (name, value)
        }
    }

    private static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// `text` with `+` as space and `%XX` escapes decoded; the common case (neither) costs one scan.
    /// - Throws: `400` for a malformed escape or bytes that are not UTF-8.
    static func formDecoded(_ text: Substring) throws -> String {
        let utf8 = text.utf8
        guard utf8.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }) else { return String(text) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var index = utf8.startIndex
        while index != utf8.endIndex {
            let byte = utf8[index]
            if byte == UInt8(ascii: "+") {
                bytes.append(UInt8(ascii: " "))
            } else if byte == UInt8(ascii: "%") {
                let high = utf8.index(after: index)
                let low = high == utf8.endIndex ? high : utf8.index(after: high)
                guard low != utf8.endIndex, let upper = hexDigit(utf8[high]), let lower = hexDigit(utf8[low]) else {
                    throw APIError.badRequest("Malformed percent-encoding in the query: '\(text.prefix(40))'.")
                }
                bytes.append(upper << 4 | lower)
                index = low
            } else {
                bytes.append(byte)
            }
            index = utf8.index(after: index)
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            throw APIError.badRequest("The query is not valid UTF-8 after percent-decoding: '\(text.prefix(40))'.")
        }
        return decoded
    }

    /// Every value of a query parameter.
    func queryValues(_ name: String) throws -> [String] {
        try queryPairs().filter { $0.name == name }.map(\.value)
    }

    /// A query parameter given at most once.
    func query(_ name: String) throws -> String? {
        let values = try queryValues(name)
        if values.count > 1 { throw APIError.badRequest("Query parameter '\(name)' is given more than once.") }
        return values.first
    }

    /// A required query parameter.
    func requiredQuery(_ name: String) throws -> String {
        guard let value = try query(name), !value.isEmpty else { throw APIError.badRequest("Query parameter '\(name)' is required.") }
        return value
    }

    /// A boolean query parameter (`true`/`false`, `1`/`0`), `defaultValue` when absent.
    func boolQuery(_ name: String, default defaultValue: Bool = false) throws -> Bool {
        guard let value = try query(name) else { return defaultValue }
        switch value.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw APIError.badRequest("Query parameter '\(name)' must be true or false, not '\(value.prefix(40))'.")
        }
    }
}

extension RequestContext {
    /// A path parameter the route declares.
    func pathParameter(_ name: String) throws -> String {
        guard let raw = parameters.get(name) else { throw APIError.badRequest("Missing path parameter '\(name)'.") }
        guard let value = raw.removingPercentEncoding else {
            throw APIError.badRequest("Malformed percent-encoding in the path: '\(raw.prefix(40))'.")
        }
        return value
    }
}

/// A request body object read field by field, refusing wrong types and unknown fields with the field's name.
struct JSONObject {
    let members: [String: JSONValue]

    init(_ members: [String: JSONValue]) {
        self.members = members
    }

    /// Refuses members other than `allowed`.
    func allowOnly(_ allowed: Set<String>) throws {
        let unknown = members.keys.filter { !allowed.contains($0) }.sorted()
        if !unknown.isEmpty {
            throw APIError.badRequest("Unknown field\(unknown.count == 1 ? "" : "s") \(unknown.map { "'\($0)'" }.joined(separator: ", ")); expected \(allowed.sorted().joined(separator: ", ")).")
        }
    }

    func has(_ key: String) -> Bool { members[key] != nil }

    func string(_ key: String) throws -> String? {
        guard let value = members[key] else { return nil }
        guard case .string(let text) = value else { throw wrongType(key, "a string", value) }
        return text
    }

    func requiredString(_ key: String) throws -> String {
        guard let text = try string(key) else { throw APIError.badRequest("Field '\(key)' is required.") }
        return text
    }

    /// A string or null; `.some(nil)` for an explicit null, `nil` when absent.
    func nullableString(_ key: String) throws -> String?? {
        guard let value = members[key] else { return nil }
        switch value {
        case .null: return .some(nil)
        case .string(let text): return .some(text)
        default: throw wrongType(key, "a string or null", value)
        }
    }

    func int(_ key: String) throws -> Int? {
        guard let value = members[key] else { return nil }
        guard case .int(let number) = value else { throw wrongType(key, "an integer", value) }
        return number
    }

    func bool(_ key: String) throws -> Bool? {
        guard let value = members[key] else { return nil }
        guard case .bool(let flag) = value else { throw wrongType(key, "a boolean", value) }
        return flag
    }

    func object(_ key: String) throws -> [String: JSONValue]? {
        guard let value = members[key] else { return nil }
        guard case .object(let object) = value else { throw wrongType(key, "an object", value) }
        return object
    }

    private func wrongType(_ key: String, _ expected: String, _ value: JSONValue) -> APIError {
        .badRequest("\(key): expected \(expected), found \(value.kindDescription).")
    }
}

/// The body of a `PATCH` on a preset or a version: `{name?, description?}`, at least one of them.
struct RenameRequest {
    let name: String?
    let description: String?

    init(name: String?, description: String?) throws {
        guard name != nil || description != nil else { throw APIError.badRequest("Give 'name', 'description' or both.") }
        self.name = name
        self.description = description
    }

    /// Renames and/or describes as one command, so both happen or neither does.
    func outcome<Value>(
        rename: (String) throws -> Outcome<Value>, describe: (Snapshot, String, Int?) throws -> Outcome<Value>,
        on snapshot: Snapshot, expectedRevision: Int?
    ) throws -> Outcome<Value> {
        guard let name else { return try describe(snapshot, description ?? "", expectedRevision) }
        let renamed = try rename(name)
        guard let description else { return renamed }
        return try renamed.then { try describe($0, description, nil) }
    }
}
