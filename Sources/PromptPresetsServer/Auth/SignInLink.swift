import Foundation
import PromptPresets

/// A one-click sign-in link, as notebook servers print one: a random code that signs one
/// browser in, once, within `lifetime` of the server's start. Each instance has its own.
public final class SignInLink: Sendable {
    /// The path the link opens; its query carries `code`.
    public static let path = "/sign-in"

    /// The code, for printing in the link; only the server's own output shows it.
    public let code: String
    private let expiresAt: Date
    private let spent = Locked(false)

    public init(lifetime: TimeInterval = 15 * 60, now: Date = Date()) {
        var generator = SystemRandomNumberGenerator()
        code = randomHex(byteCount: 24, using: &generator)
        expiresAt = now.addingTimeInterval(lifetime)
    }

    /// The link on `baseURL` (`http://127.0.0.1:8080`).
    public func url(on baseURL: String) -> String {
        "\(baseURL)\(Self.path)?code=\(code)"
    }

    /// Why `candidate` cannot sign in, or `nil` when it can: then the code is spent.
    func redeem(_ candidate: String, now: Date = Date()) -> String? {
        guard constantTimeEquals(candidate, code) else { return "That sign-in link is not this server's." }
        guard now < expiresAt else { return "That sign-in link has expired." }
        return spent.withLock { spent in
            if spent { return "That sign-in link was already used." }
            spent = true
            return nil
        }
    }
}
