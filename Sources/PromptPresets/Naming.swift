import Foundation

/// The rules for names of presets and artifacts (§3.1, §3.3).
public enum Naming {
    public static let maxLength = 120
    /// The limit in UTF-8 bytes: a character can be one letter and any number of combining marks.
    public static let maxBytes = 480

    /// `raw` trimmed, NFC-normalised, checked for length (characters and UTF-8 bytes), control,
    /// invisible and bidirectional control characters, and the reserved name.
    /// - Throws: `invalidName` or `reservedName`.
    public static func validated(_ raw: String) throws(PresetError) -> String {
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { throw .invalidName(raw, reason: "a name cannot be empty") }
        if trimmed.utf8.count > maxBytes * 4 {
            throw .invalidName(String(trimmed.unicodeScalars.prefix(40).map(Character.init)) + "…",
                               reason: "\(trimmed.utf8.count) bytes of UTF-8; the limit is \(maxBytes)")
        }
        let name = trimmed.utf8.allSatisfy({ $0 < 0x80 }) ? trimmed : trimmed.precomposedStringWithCanonicalMapping
        if name.count > maxLength {
            throw .invalidName(String(name.prefix(40)) + "…", reason: "\(name.count) characters; the limit is \(maxLength)")
        }
        if name.utf8.count > maxBytes {
            throw .invalidName(String(name.unicodeScalars.prefix(40).map(Character.init)) + "…",
                               reason: "\(name.utf8.count) bytes of UTF-8; the limit is \(maxBytes)")
        }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw .invalidName(name, reason: "control characters are not allowed")
        }
        if let hidden = name.unicodeScalars.first(where: isInvisible) {
            let code = "U+" + String(hidden.value, radix: 16, uppercase: true)
            throw .invalidName(name.unicodeScalars.map { isInvisible($0) ? "\\u{\(String($0.value, radix: 16, uppercase: true))}" : String($0) }.joined(),
                               reason: "invisible and text-direction characters (\(code)) are not allowed")
        }
        if isReserved(name) { throw .reservedName(name) }
        return name
    }

    /// Format characters that show nothing or reorder text (zero-width spaces and joiners,
    /// word joiner, soft hyphen, byte-order mark, bidirectional controls), and blank letters
    /// such as the Hangul filler. The zero-width joiner of emoji sequences stays allowed.
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value == 0x200D { return false }
        if scalar.properties.generalCategory == .format { return true }
        switch scalar.value {
        case 0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x3164, 0xFFA0, 0x2800: return true
        default: return false
        }
    }

    /// The first of `existing` that looks the same as `name` without being it: equal once
    /// compatibility forms (fullwidth letters, ligatures) and letters of other scripts that look
    /// Latin (Cyrillic `А`, Greek `Ο`, …) are folded, invisible characters dropped and runs of
    /// spaces made one.
    public static func lookAlike(of name: String, among existing: some Sequence<String>) -> String? {
        let target = skeleton(name)
        return existing.first { $0 != name && skeleton($0) == target }
    }

    /// `name` folded for look-alike comparison (see `lookAlike(of:among:)`).
    static func skeleton(_ name: String) -> String {
        var result = String.UnicodeScalarView()
        var lastWasSpace = false
        for scalar in name.precomposedStringWithCompatibilityMapping.unicodeScalars {
            if isInvisible(scalar) || scalar.value == 0x200D { continue }
            if scalar.properties.isWhitespace {
                if !lastWasSpace { result.append(" ") }
                lastWasSpace = true
                continue
            }
            lastWasSpace = false
            result.append(latinLookAlikes[scalar] ?? scalar)
        }
        return String(result)
    }

    /// Cyrillic and Greek letters drawn like Latin ones.
    private static let latinLookAlikes: [Unicode.Scalar: Unicode.Scalar] = {
        let pairs: [(String, String)] = [
            ("АВЕКМНОРСТХаеорсухіјѕԁһԛԝЅІЈ", "ABEKMHOPCTXaeopcyxijsdhqwSIJ"),
            ("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧαοιν", "ABEZHIKMNOPTYXaoiv"),
        ]
        var map: [Unicode.Scalar: Unicode.Scalar] = [:]
        for (from, to) in pairs {
            for (a, b) in zip(from.unicodeScalars, to.unicodeScalars) { map[a] = b }
        }
        return map
    }()

    /// Whether `name` is (a case variant of) the reserved `Default`, or a `Default@version` reference.
    public static func isReserved(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return lowered == "default" || lowered.hasPrefix("default@")
    }

    /// `v<N>` for an unlabelled source, `<label> v<N>` for a labelled one.
    public static func versionName(label: String?, number: Int) -> String {
        guard let label, !label.isEmpty else { return "v\(number)" }
        return fitted(label, suffix: " v\(number)")
    }

    /// `base` shortened (at a character boundary, trailing spaces dropped) so that `base + suffix` fits in `maxLength`.
    static func fitted(_ base: String, suffix: String = "") -> String {
        let room = maxLength - suffix.count
        guard base.count > room else { return base + suffix }
        return String(base.prefix(room)).trimmingCharacters(in: .whitespaces) + suffix
    }

    /// `base` when free, else `base (k)` for the first free k starting at `firstSuffix`.
    public static func unique(_ base: String, firstSuffix: Int = 2, isTaken: (String) -> Bool) -> String {
        let base = fitted(base)
        guard isTaken(base) else { return base }
        var suffix = firstSuffix
        while isTaken(fitted(base, suffix: " (\(suffix))")) { suffix += 1 }
        return fitted(base, suffix: " (\(suffix))")
    }
}

