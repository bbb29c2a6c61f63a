import HTTPTypes
import Hummingbird
import NIOCore

/// An HTML page response (`text/html; charset=utf-8`).
///
/// The text must already be escaped; render user text through Mustache's `{{x}}` (escaping),
/// never `{{{x}}}`.
public struct HTML: ResponseGenerator, Sendable {
    public var text: String
    public var status: HTTPResponse.Status
    public var headers: HTTPFields

    public init(_ text: String, status: HTTPResponse.Status = .ok, headers: HTTPFields = [:]) {
        self.text = text
        self.status = status
        self.headers = headers
    }

    public func response(from request: Request, context: some RequestContext) -> Response {
        let buffer = ByteBuffer(string: text)
        var fields = headers
        fields[.contentType] = "text/html; charset=utf-8"
        fields[.contentLength] = String(buffer.readableBytes)
        return Response(status: status, headers: fields, body: .init(byteBuffer: buffer))
    }
}
