import Foundation

/// The rules for names of presets and artifacts (§3.1, §3.3).
public enum Naming {
    public static let maxLength = 120

    /// `raw` trimmed, checked for length, control characters and the reserved name.
    /// - Throws: `invalidName` or `reservedName`.
    public static func validated(_ raw: String) throws(PresetError) -> String {
        let name = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty { throw .invalidName(raw, reason: "a name cannot be empty") }
        if name.count > maxLength {
            throw .invalidName(String(name.prefix(40)) + "…", reason: "\(name.count) characters; the limit is \(maxLength)")
        }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            throw .invalidName(name, reason: "control characters are not allowed")
        }
        if isReserved(name) { throw .reservedName(name) }
        return name
    }

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

