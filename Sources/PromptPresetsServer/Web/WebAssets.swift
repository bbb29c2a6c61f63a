import Hummingbird

/// The page's script and style sheet (`Resources/Web/app.js`, `app.css`), embedded in the binary
/// (`.embedInCode`) and served at `/static/app.js` and `/static/app.css`.
///
/// Embedding means release builds and CI need no resource bundle. Pages link them with
/// `?v=<version>`, a hash of their text, so browsers may cache them for a year.
enum WebAssets {
    /// `/static/app.js`: the page's behaviour, without a framework.
    static let script = ByteBuffer(bytes: PackageResources.app_js)
    /// `/static/app.css`.
    static let styleSheet = ByteBuffer(bytes: PackageResources.app_css)

    /// A short hash of both assets; changes whenever either does.
    static let version: String = {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a
        for byte in PackageResources.app_js + PackageResources.app_css {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return String(hash, radix: 16)
    }()

    static func response(_ buffer: ByteBuffer, contentType: String) -> Response {
        Response(
            status: .ok,
            headers: [
                .contentType: contentType,
                .contentLength: String(buffer.readableBytes),
                .cacheControl: "public, max-age=31536000, immutable",
            ],
            body: .init(byteBuffer: buffer))
    }
}
