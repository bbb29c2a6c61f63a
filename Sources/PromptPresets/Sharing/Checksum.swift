import Crypto

/// The integrity sums of bundle artifacts: SHA-256 (swift-crypto) as lower-case hex.
///
/// ```swift
/// Checksum.sha256Hex("abc".utf8)  // "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
/// ```
public enum Checksum {
    /// The lower-case hexadecimal SHA-256 digest of `data`.
    public static func sha256Hex(_ data: some Sequence<UInt8>) -> String {
        let digest = SHA256.hash(data: Array(data))
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
