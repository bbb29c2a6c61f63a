import HTTPTypes
import Hummingbird
import NIOCore
import PromptPresets

/// A JSON response: compact, key-sorted text of a `JSONValue` (so equal values give equal bytes).
struct JSONResponse: ResponseGenerator, Sendable {
    var value: JSONValue
    var status: HTTPResponse.Status = .ok
    var headers: HTTPFields = [:]

    init(_ value: JSONValue, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) {
        self.value = value
        self.status = status
        self.headers = headers
    }

    /// With an `ETag` carrying a stored revision (`"3"`).
    init(_ value: JSONValue, status: HTTPResponse.Status = .ok, revision: Int) {
        self.init(value, status: status, headers: [.eTag: ETag.revision(revision)])
    }

    func response(from request: Request, context: some RequestContext) -> Response {
        Self.response(value.canonicalText, status: status, headers: headers)
    }

    static func response(_ text: String, status: HTTPResponse.Status, headers: HTTPFields = [:]) -> Response {
        let buffer = ByteBuffer(string: text)
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        fields[.contentLength] = String(buffer.readableBytes)
        return Response(status: status, headers: fields, body: .init(byteBuffer: buffer))
    }
}

/// Entity tags: revisions for stored objects, a content hash for resolve.
enum ETag {
    /// `"3"` for revision 3.
    static func revision(_ revision: Int) -> String { "\"\(revision)\"" }

    /// The revision an `If-Match` header names (`"3"`, `W/"3"` or `3`); `nil` without the header.
    /// - Throws: 400 when it names none.
    static func expectedRevision(ifMatch header: String?) throws -> Int? {
        guard let header else { return nil }
        var text = header.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("W/") { text.removeFirst(2) }
        if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { text = String(text.dropFirst().dropLast()) }
        guard let revision = Int(text), revision >= 0 else {
            throw APIError.badRequest("If-Match must be the revision that was read, e.g. \"3\"; found '\(header.prefix(40))'.")
        }
        return revision
    }

    /// FNV-1a (64-bit) over the UTF-8 bytes, as a quoted hex string.
    static func content(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return "\"" + String(repeating: "0", count: 16 - hex.count) + hex + "\""
    }

    /// Whether an `If-None-Match` header value matches `tag` (`*`, a list, weak tags accepted).
    static func matches(_ header: String, _ tag: String) -> Bool {
        let strong = tag.hasPrefix("W/") ? String(tag.dropFirst(2)) : tag
        for candidate in header.split(separator: ",") {
            var value = candidate.trimmingCharacters(in: .whitespaces)
            if value == "*" { return true }
            if value.hasPrefix("W/") { value.removeFirst(2) }
            if value == strong { return true }
        }
        return false
    }
}

extension HTTPField.Name {
    static let csrfToken = HTTPField.Name(WebSessions.csrfHeaderName)!
}
