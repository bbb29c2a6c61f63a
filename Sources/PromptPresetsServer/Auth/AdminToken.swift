import Foundation
import PromptPresets

/// The admin token, known only by its SHA-256 hash; the token itself is never stored.
public struct AdminToken: Sendable, Hashable {
    /// Lower-case hex SHA-256 of the token's UTF-8 bytes.
    public let hash: String

    public init(hash: String) {
        self.hash = hash.lowercased()
    }

    /// The token for a known plain-text value (tests, `--token-file`).
    public init(token: String) {
        self.hash = Self.hash(of: token)
    }

    public static func hash(of token: String) -> String {
        SHA256.hexDigest(token.utf8)
    }

    /// A fresh token: 32 random bytes from the system's secure generator, as 64 hex digits.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return randomHex(byteCount: 32, using: &generator)
    }

    /// Whether `token` is the admin token; compares hashes in constant time.
    public func matches(_ token: String) -> Bool {
        constantTimeEquals(Self.hash(of: token), hash)
    }
}

/// Lower-case hex of `byteCount` random bytes.
func randomHex(byteCount: Int, using generator: inout some RandomNumberGenerator) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var text: [UInt8] = []
    text.reserveCapacity(byteCount * 2)
    for _ in 0..<byteCount {
        let byte = UInt8.random(in: 0...255, using: &generator)
        text.append(digits[Int(byte >> 4)])
        text.append(digits[Int(byte & 0xF)])
    }
    return String(decoding: text, as: UTF8.self)
}

/// Compares two strings without stopping at the first difference.
func constantTimeEquals(_ a: String, _ b: String) -> Bool {
    let left = Array(a.utf8)
    let right = Array(b.utf8)
    var difference = UInt8(left.count == right.count ? 0 : 1)
    for index in 0..<max(left.count, right.count) {
        let x = index < left.count ? left[index] : 0
        let y = index < right.count ? right[index] : 0
        difference |= x ^ y
    }
    return difference == 0
}
