import Crypto
import CryptoExtras
import Foundation
import PromptPresets

/// The admin token, known only by a salted, slow hash; the token itself is never stored.
///
/// The stored form is `pbkdf2-sha256$<rounds>$<salt hex>$<key hex>` (PBKDF2-HMAC-SHA256, 16-byte
/// random salt). Stores written before salting hold a bare hex SHA-256 of the token; such a hash
/// still verifies (`isLegacy`), and `serve` replaces it with a salted one at the first sign-in.
///
/// The slow hash is computed once per distinct token presented: after the right token matched,
/// later requests compare a SHA-256 of the presented token with that one in constant time.
public final class AdminToken: Sendable {
    /// The stored form of the hash (see the type's description).
    public let hash: String
    /// The shortest token a user may choose.
    public static let minimumLength = 32
    /// PBKDF2 rounds for new hashes: about 30 ms a guess on a small machine.
    public static let rounds = 100_000

    private enum Stored: Sendable {
        case pbkdf2(rounds: Int, salt: [UInt8], key: [UInt8])
        case legacySHA256(String)
        case unusable
    }

    private let stored: Stored
    /// SHA-256 of the token that last matched: repeats skip the slow hash.
    private let verified = Locked<SHA256.Digest?>(nil)
    /// Called once with a salted hash when the right token matched a legacy hash.
    private let upgrade: (@Sendable (String) -> Void)?

    /// A token known by its stored hash (either form); an unreadable hash matches nothing.
    /// - Parameter upgrade: receives a salted hash of the token the first time it matches a legacy hash.
    public init(hash: String, upgrade: (@Sendable (String) -> Void)? = nil) {
        self.hash = hash
        self.stored = Self.parse(hash)
        self.upgrade = upgrade
    }

    /// A newly salted hash of `token` (tests, `--token-file`, a generated token).
    public convenience init(token: String) {
        self.init(hash: Self.hash(of: token))
    }

    /// The salted stored form of `token`, with a fresh random salt.
    public static func hash(of token: String, rounds: Int = rounds) -> String {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let key = derive(token, salt: salt, rounds: rounds)
        return "pbkdf2-sha256$\(rounds)$\(hex(salt))$\(hex(key))"
    }

    /// Whether the stored hash is the unsalted SHA-256 of older stores.
    public var isLegacy: Bool {
        if case .legacySHA256 = stored { return true }
        return false
    }

    /// A fresh token: 32 random bytes from the system's secure generator, as 64 hex digits.
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        return randomHex(byteCount: 32, using: &generator)
    }

    /// Whether `token` is the admin token; every comparison is constant-time.
    public func matches(_ token: String) -> Bool {
        let quick = SHA256.hash(data: Array(token.utf8))
        if let known = verified.withLock({ $0 }), constantTimeEquals(Array(known), Array(quick)) { return true }
        let matched: Bool
        switch stored {
        case .pbkdf2(let rounds, let salt, let key):
            matched = constantTimeEquals(Self.derive(token, salt: salt, rounds: rounds), key)
        case .legacySHA256(let digest):
            matched = constantTimeEquals(Array(Self.hex(Array(quick)).utf8), Array(digest.utf8))
        case .unusable:
            matched = false
        }
        guard matched else { return false }
        let first = verified.withLock { known in
            defer { known = quick }
            return known == nil
        }
        if first, isLegacy, let upgrade { upgrade(Self.hash(of: token)) }
        return true
    }

    private static func parse(_ text: String) -> Stored {
        let parts = text.split(separator: "$", omittingEmptySubsequences: false)
        if parts.count == 4, parts[0] == "pbkdf2-sha256", let rounds = Int(parts[1]), rounds > 0,
           let salt = bytes(fromHex: parts[2]), let key = bytes(fromHex: parts[3]), !key.isEmpty {
            return .pbkdf2(rounds: rounds, salt: salt, key: key)
        }
        let lowered = text.lowercased()
        if lowered.utf8.count == 64, bytes(fromHex: Substring(lowered)) != nil { return .legacySHA256(lowered) }
        return .unusable
    }

    private static func derive(_ token: String, salt: [UInt8], rounds: Int) -> [UInt8] {
        // Only invalid parameters throw (rounds are checked when parsed); no key then matches nothing.
        guard let key = try? KDF.Insecure.PBKDF2.deriveKey(
            from: Array(token.utf8), salt: salt, using: .sha256, outputByteCount: 32, unsafeUncheckedRounds: rounds)
        else { return [] }
        return key.withUnsafeBytes { Array($0) }
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }

    private static func bytes(fromHex text: Substring) -> [UInt8]? {
        guard text.utf8.count % 2 == 0 else { return nil }
        var result: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2)
            guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
            result.append(byte)
            index = next
        }
        return result
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
    constantTimeEquals(Array(a.utf8), Array(b.utf8))
}

/// Compares two byte strings without stopping at the first difference.
func constantTimeEquals(_ left: [UInt8], _ right: [UInt8]) -> Bool {
    var difference = UInt8(left.count == right.count ? 0 : 1)
    for index in 0..<max(left.count, right.count) {
        let x = index < left.count ? left[index] : 0
        let y = index < right.count ? right[index] : 0
        difference |= x ^ y
    }
    return difference == 0
}
