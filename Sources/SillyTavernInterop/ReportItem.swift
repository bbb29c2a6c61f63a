import PromptPresets

/// One thing an import or migration did, or decided not to do, and why.
public struct ReportItem: Sendable, Hashable {
    /// What the item is about.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case connectionProfile = "connection_profile"
        case artifact, preset, binding, setting
    }

    /// What happened to it.
    public enum Outcome: String, Sendable, Hashable, CaseIterable {
        /// Added to the store by this plan.
        case created
        /// Already stored with the same content; the stored one is used.
        case reused
        /// A stored preset whose map (or description) the plan replaces.
        case updated
        /// Already stored exactly so; nothing to do.
        case unchanged
        /// Deliberately not imported (stored defaults, stale copies, stickies to missing presets, …).
        case skipped
        /// A reference to something that does not exist; the default is used instead.
        case dangling
        /// Imported, but with a change the user should know about.
        case warning
    }

    /// What the item is about.
    public var kind: Kind
    /// What it is, e.g. `scene_recap 'v2'`, `preset 'Quick Chat'`, `character 'alice.png'`.
    public var subject: String
    /// What happened to it.
    public var outcome: Outcome
    /// Why, or where it went.
    public var detail: String

    /// An item about `subject` of `kind`, with its `outcome` and why.
    public init(_ kind: Kind, _ subject: String, _ outcome: Outcome, _ detail: String = "") {
        self.kind = kind
        self.subject = subject
        self.outcome = outcome
        self.detail = detail
    }

    /// `created  artifact   scene_recap 'v2' — …`, one line.
    public var line: String {
        let padded = outcome.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)
        return "\(padded) \(kind.rawValue) \(subject)" + (detail.isEmpty ? "" : " — \(detail)")
    }

    /// `{"kind", "subject", "outcome", "detail"}`, for `--json`.
    public var jsonValue: JSONValue {
        .object([
            "kind": .string(kind.rawValue), "subject": .string(subject),
            "outcome": .string(outcome.rawValue), "detail": .string(detail),
        ])
    }
}
