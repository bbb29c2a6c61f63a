import Foundation

/// A credential-shaped piece of text found in a JSON value.
public struct SecretFinding: Sendable, Hashable, CustomStringConvertible {
    /// What the text looks like.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case openAIKey, anthropicKey, googleAPIKey, githubToken, slackToken, awsAccessKey, bearerToken, highEntropyToken

        /// The noun used in messages: "an API key", "a GitHub token", ….
        public var noun: String {
            switch self {
            case .openAIKey, .anthropicKey, .googleAPIKey: "an API key"
            case .githubToken: "a GitHub token"
            case .slackToken: "a Slack token"
            case .awsAccessKey: "an AWS access key"
            case .bearerToken: "a bearer token"
            case .highEntropyToken: "a secret token"
            }
        }
    }

    /// JSON path of the string, without the leading `$.` (`operations.scene_recap.prompt`).
    public var path: String
    public var kind: Kind
    /// At most the first four characters of the match, then `…`; never the secret itself.
    public var excerpt: String

    public init(path: String, kind: Kind, excerpt: String) {
        self.path = path
        self.kind = kind
        self.excerpt = excerpt
    }

    public var description: String { "\(path): looks like \(kind.noun) (\(excerpt))" }
}

/// Finds credential-shaped text in every string of a JSON value (§7.3.1).
///
/// Recognised: API-key prefixes (`sk-`, `sk-ant-`, `AIza`, `ghp_`/`gho_`/`ghu_`/`ghs_`/`ghr_`/`github_pat_`,
/// `xoxa-`/`xoxb-`/`xoxp-`/`xoxr-`/`xoxs-`), AWS access key ids (`AKIA`/`ASIA` + 16), `Bearer <token>`,
/// and long high-entropy tokens: at least 32 characters of `[A-Za-z0-9_-]` mixing letters and
/// digits with a Shannon entropy of at least 4.0 bits per character.
///
/// Not flagged, by design: prose (words are short and low in entropy), hexadecimal strings
/// (hashes such as a bundle's `sha256`; hex keys are missed), and UUID-shaped identifiers: these
/// are record ids, not credentials. Connection-profile ids, often UUIDs, are kept out of
/// exports by construction (only names are written), not by this scanner.
///
/// ```swift
/// SecretScanner.findings(in: .object(["prompt": .string("use sk-abc…")]))
/// // [prompt: looks like an API key (sk-…)]
/// ```
public enum SecretScanner {
    /// The shortest token the entropy rule considers.
    public static let minimumTokenLength = 32
    /// The lowest Shannon entropy, in bits per character, the entropy rule flags.
    public static let minimumEntropy = 4.0

    /// Every finding in the strings of `value` (object keys are structural and not scanned),
    /// in document order with object keys sorted.
    public static func findings(in value: JSONValue, path: String = "") -> [SecretFinding] {
        var found: [SecretFinding] = []
        collect(value, path: path, into: &found)
        return found
    }

    /// The findings in one string, each reported at `path`.
    public static func findings(inText text: String, path: String) -> [SecretFinding] {
        var found: [SecretFinding] = []
        let scalars = Array(text.unicodeScalars)
        var index = 0
        var previousToken: ArraySlice<Unicode.Scalar>?
        while index < scalars.count {
            guard isTokenScalar(scalars[index]) else {
                index += 1
                continue
            }
            let start = index
            while index < scalars.count, isTokenScalar(scalars[index]) { index += 1 }
            let token = scalars[start..<index]
            if let kind = classify(token, after: previousToken, separator: start > 0 ? scalars[start - 1] : nil) {
                let shown = kind == .bearerToken ? "Bear" : String(String.UnicodeScalarView(token.prefix(prefixLength(of: token, kind: kind))))
                found.append(SecretFinding(path: path, kind: kind, excerpt: shown + "…"))
            }
            previousToken = token
        }
        return found
    }

    private static func collect(_ value: JSONValue, path: String, into found: inout [SecretFinding]) {
        switch value {
        case .string(let text):
            found += findings(inText: text, path: path)
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                collect(element, path: "\(path)[\(index)]", into: &found)
            }
        case .object(let members):
            for key in members.keys.sorted() {
                collect(members[key]!, path: path.isEmpty ? key : "\(path).\(key)", into: &found)
            }
        case .null, .bool, .int, .double:
            break
        }
    }

    /// Letters, digits, `_` and `-` (ASCII only): the alphabet of keys and tokens.
    private static func isTokenScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "_", "-": true
        default: false
        }
    }

    private static func classify(
        _ token: ArraySlice<Unicode.Scalar>, after previous: ArraySlice<Unicode.Scalar>?, separator: Unicode.Scalar?
    ) -> SecretFinding.Kind? {
        let text = String(String.UnicodeScalarView(token))
        let count = token.count
        if text.hasPrefix("sk-ant-"), count >= 7 + 20 { return .anthropicKey }
        if text.hasPrefix("sk-"), count >= 3 + 20 { return .openAIKey }
        if text.hasPrefix("AIza"), count >= 4 + 30 { return .googleAPIKey }
        for prefix in ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"] where text.hasPrefix(prefix) && count >= 4 + 30 {
            return .githubToken
        }
        if text.hasPrefix("github_pat_"), count >= 11 + 20 { return .githubToken }
        if count >= 5 + 10, text.hasPrefix("xox"), token.count > 4,
           ["a", "b", "p", "r", "s"].contains(token[token.startIndex + 3]), token[token.startIndex + 4] == "-" {
            return .slackToken
        }
        if count == 20, text.hasPrefix("AKIA") || text.hasPrefix("ASIA"),
           token.allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) }) {
            return .awsAccessKey
        }
        if let previous, separator == " ", String(String.UnicodeScalarView(previous)).lowercased() == "bearer",
           count >= 16, containsLetterAndDigit(token) {
            return .bearerToken
        }
        if count >= minimumTokenLength, containsLetterAndDigit(token), !isHexOrUUID(token),
           entropy(of: token) >= minimumEntropy {
            return .highEntropyToken
        }
        return nil
    }

    /// How many characters of the match are its public prefix (at most 4 are ever shown).
    private static func prefixLength(of token: ArraySlice<Unicode.Scalar>, kind: SecretFinding.Kind) -> Int {
        switch kind {
        case .openAIKey: 3
        default: 4
        }
    }

    private static func containsLetterAndDigit(_ token: ArraySlice<Unicode.Scalar>) -> Bool {
        token.contains { ("a"..."z").contains($0) || ("A"..."Z").contains($0) } && token.contains { ("0"..."9").contains($0) }
    }

    /// Hexadecimal digits, optionally grouped by hyphens (hashes, UUIDs).
    private static func isHexOrUUID(_ token: ArraySlice<Unicode.Scalar>) -> Bool {
        token.allSatisfy { ("0"..."9").contains($0) || ("a"..."f").contains($0) || ("A"..."F").contains($0) || $0 == "-" }
    }

    /// Shannon entropy of the token's characters, in bits per character.
    static func entropy(of token: ArraySlice<Unicode.Scalar>) -> Double {
        var counts: [Unicode.Scalar: Int] = [:]
        for scalar in token { counts[scalar, default: 0] += 1 }
        let total = Double(token.count)
        return counts.values.reduce(0.0) { sum, count in
            let p = Double(count) / total
            return sum - p * log2(p)
        }
    }
}
