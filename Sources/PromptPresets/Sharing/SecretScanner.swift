import Foundation

/// A credential-shaped piece of text found in a JSON value.
public struct SecretFinding: Sendable, Hashable, CustomStringConvertible {
    /// What the text looks like.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case openAIKey, anthropicKey, googleAPIKey, githubToken, slackToken, awsAccessKey, awsSecretKey, bearerToken,
             prefixedToken, jsonWebToken, urlCredentials, hexKey, highEntropyToken

        /// The noun used in messages: "an API key", "a GitHub token", ….
        public var noun: String {
            switch self {
            case .openAIKey, .anthropicKey, .googleAPIKey: "an API key"
            case .githubToken: "a GitHub token"
            case .slackToken: "a Slack token"
            case .awsAccessKey: "an AWS access key"
            case .awsSecretKey: "an AWS secret key"
            case .bearerToken: "a bearer token"
            case .prefixedToken: "an API token"
            case .jsonWebToken: "a JSON web token"
            case .urlCredentials: "a URL with a password"
            case .hexKey: "a hex-encoded key"
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

/// Finds credential-shaped text in every string and object key of a JSON value (§7.3.1).
///
/// Recognised: API-key prefixes (`sk-`, `sk-ant-`, `AIza`, `ghp_`/`gho_`/`ghu_`/`ghs_`/`ghr_`/`github_pat_`,
/// `xoxa-`/`xoxb-`/`xoxp-`/`xoxr-`/`xoxs-`, and the tokens of Hugging Face `hf_`, GitLab `glpat-`,
/// npm `npm_`, PyPI `pypi-`, Groq `gsk_`, xAI `xai-`, Replicate `r8_`, Stripe `sk_live_`/`rk_live_`,
/// Shopify `shpat_`, DigitalOcean `dop_v1_`), AWS access key ids (`AKIA`/`ASIA` + 16) and secret
/// keys (40 characters of base64 with `/` or `+`), JSON web tokens (`eyJ…`), `Bearer <token>`,
/// URLs carrying a password (`https://user:pass@…`, `postgres://user:pass@…`), hex keys (32 or
/// more hex digits), and long high-entropy tokens: at least 32 characters of `[A-Za-z0-9_-]`
/// with a Shannon entropy of at least 4.0 bits per character when they mix letters and digits,
/// 4.3 when they are letters only.
///
/// Not flagged, by design: prose (words are short and low in entropy) and UUID-shaped
/// identifiers (hex grouped by hyphens): these are record ids, not credentials. A bundle's
/// `sha256` members are its own checksums and are skipped. Connection-profile ids, often UUIDs,
/// are kept out of exports by construction (only names are written), not by this scanner.
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
    /// The lowest entropy flagged in a token of letters only (words glued together stay below it).
    public static let minimumLettersOnlyEntropy = 4.3
    /// Object members that hold the document's own checksums.
    static let checksumKeys: Set<String> = ["sha256"]
    /// Prefixes of service tokens, with the shortest length of what follows.
    static let tokenPrefixes: [(prefix: String, rest: Int)] = [
        ("hf_", 30), ("glpat-", 20), ("npm_", 30), ("pypi-", 50), ("gsk_", 40), ("xai-", 40), ("r8_", 30),
        ("sk_live_", 20), ("rk_live_", 20), ("sk_test_", 20), ("shpat_", 30), ("dop_v1_", 60),
    ]

    /// Every finding in the strings and object keys of `value`, in document order with object keys sorted.
    public static func findings(in value: JSONValue, path: String = "") -> [SecretFinding] {
        var found: [SecretFinding] = []
        collect(value, path: path, into: &found)
        return found
    }

    /// The findings in one string, each reported at `path`.
    public static func findings(inText text: String, path: String) -> [SecretFinding] {
        var found: [SecretFinding] = []
        let scalars = Array(text.unicodeScalars)
        // Text the URL and AWS rules matched is not reported again by the token rules.
        var claimed: [Range<Int>] = []
        findURLCredentials(scalars, path: path, into: &found, claimed: &claimed)
        findAWSSecretKeys(scalars, path: path, into: &found, claimed: &claimed)
        var previousToken: ArraySlice<Unicode.Scalar>?
        for range in runs(in: scalars, of: isTokenScalar) {
            let token = scalars[range]
            let start = range.lowerBound
            if !claimed.contains(where: { $0.overlaps(range) }), let kind = classify(token, after: previousToken, separator: start > 0 ? scalars[start - 1] : nil) {
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
            for key in members.keys.sorted() where !checksumKeys.contains(key) {
                let memberPath = path.isEmpty ? key : "\(path).\(key)"
                found += findings(inText: key, path: memberPath)
                collect(members[key]!, path: memberPath, into: &found)
            }
        case .null, .bool, .int, .double:
            break
        }
    }

    /// `scheme://user:password@`: a password written into a URL.
    private static func findURLCredentials(
        _ scalars: [Unicode.Scalar], path: String, into found: inout [SecretFinding], claimed: inout [Range<Int>]
    ) {
        var index = 0
        while index + 3 <= scalars.count {
            guard scalars[index] == ":", index + 2 < scalars.count, scalars[index + 1] == "/", scalars[index + 2] == "/" else {
                index += 1
                continue
            }
            var schemeStart = index
            while schemeStart > 0, isSchemeScalar(scalars[schemeStart - 1]) { schemeStart -= 1 }
            var cursor = index + 3
            var colon: Int?
            var at: Int?
            while cursor < scalars.count {
                let scalar = scalars[cursor]
                if scalar == "@" { at = cursor; break }
                if scalar == "/" || scalar == "?" || scalar == "#" || scalar.properties.isWhitespace { break }
                if scalar == ":", colon == nil { colon = cursor }
                cursor += 1
            }
            if schemeStart < index, let colon, let at, colon > index + 3, at > colon + 1 {
                let scheme = String(String.UnicodeScalarView(scalars[schemeStart..<index].prefix(4)))
                found.append(SecretFinding(path: path, kind: .urlCredentials, excerpt: scheme + "…"))
                claimed.append(colon..<at)
            }
            index = cursor
        }
    }

    private static func isSchemeScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "+", ".", "-": true
        default: false
        }
    }

    /// 40 characters of base64 holding `/` or `+` (tokens without them are the entropy rule's).
    private static func findAWSSecretKeys(
        _ scalars: [Unicode.Scalar], path: String, into found: inout [SecretFinding], claimed: inout [Range<Int>]
    ) {
        func isBase64(_ scalar: Unicode.Scalar) -> Bool {
            isTokenScalar(scalar) && scalar != "-" && scalar != "_" || scalar == "/" || scalar == "+"
        }
        for range in runs(in: scalars, of: isBase64) {
            let (start, index) = (range.lowerBound, range.upperBound)
            let run = scalars[range]
            let bounded = (start == 0 || !isTokenScalar(scalars[start - 1])) && (index == scalars.count || scalars[index] != "=")
            if run.count == 40, bounded, run.contains(where: { $0 == "/" || $0 == "+" }), containsLetterAndDigit(run),
               run.contains(where: { ("A"..."Z").contains($0) }), run.contains(where: { ("a"..."z").contains($0) }),
               entropy(of: run) >= minimumEntropy {
                found.append(SecretFinding(path: path, kind: .awsSecretKey, excerpt: String(String.UnicodeScalarView(run.prefix(4))) + "…"))
                claimed.append(start..<index)
            }
        }
    }
    /// The maximal runs of scalars that `belongs` accepts.
    private static func runs(in scalars: [Unicode.Scalar], of belongs: (Unicode.Scalar) -> Bool) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var index = 0
        while index < scalars.count {
            guard belongs(scalars[index]) else {
                index += 1
                continue
            }
            let start = index
            while index < scalars.count, belongs(scalars[index]) { index += 1 }
            found.append(start..<index)
        }
        return found
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
        for (prefix, rest) in tokenPrefixes where text.hasPrefix(prefix) && count >= prefix.count + rest {
            return .prefixedToken
        }
        if text.hasPrefix("eyJ"), count >= 16 { return .jsonWebToken }
        if count == 20, text.hasPrefix("AKIA") || text.hasPrefix("ASIA"),
           token.allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) }) {
            return .awsAccessKey
        }
        if let previous, separator == " ", String(String.UnicodeScalarView(previous)).lowercased() == "bearer",
           count >= 16, containsLetterAndDigit(token) {
            return .bearerToken
        }
        guard count >= minimumTokenLength else { return nil }
        if isHex(token) { return containsLetterAndDigit(token) ? .hexKey : nil }
        if isHexOrUUID(token) { return nil }
        if containsLetterAndDigit(token), entropy(of: token) >= minimumEntropy { return .highEntropyToken }
        if token.allSatisfy({ ("a"..."z").contains($0) || ("A"..."Z").contains($0) }),
           token.contains(where: { ("A"..."Z").contains($0) }), token.contains(where: { ("a"..."z").contains($0) }),
           entropy(of: token) >= minimumLettersOnlyEntropy {
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

    /// Hexadecimal digits only.
    private static func isHex(_ token: ArraySlice<Unicode.Scalar>) -> Bool {
        token.allSatisfy { ("0"..."9").contains($0) || ("a"..."f").contains($0) || ("A"..."F").contains($0) }
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
