import Hummingbird

/// The page's script and style sheet, served from code at `/static/app.js` and `/static/app.css`.
///
/// Keeping them in Swift strings means release builds and CI need no resource bundle. Pages link
/// them with `?v=<version>`, a hash of their text, so browsers may cache them for a year.
enum WebAssets {
    /// A short hash of both assets; changes whenever either does.
    static let version: String = {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a
        for byte in (script + styleSheet).utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return String(hash, radix: 16)
    }()

    static func response(_ text: String, contentType: String) -> Response {
        let buffer = ByteBuffer(string: text)
        return Response(
            status: .ok,
            headers: [
                .contentType: contentType,
                .contentLength: String(buffer.readableBytes),
                .cacheControl: "public, max-age=31536000, immutable",
            ],
            body: .init(byteBuffer: buffer))
    }
}
