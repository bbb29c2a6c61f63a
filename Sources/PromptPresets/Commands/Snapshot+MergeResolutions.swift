/// How one conflict region of a text field is settled.
public enum RegionResolution: Sendable, Hashable {
    /// The user's lines for the region.
    case ours
    /// The new default's lines for the region.
    case theirs
    /// Text the user wrote for the region, replacing both sides' lines (empty text removes the region).
    case edited(String)
}

/// How the conflicts of one field are settled.
public enum FieldResolution: Sendable, Hashable {
    /// One side for the whole field: every region of a text field, or the value of any other field.
    case side(MergeChoice)
    /// One decision per conflict region of a text field, in text order.
    case regions([RegionResolution])
}

/// How to settle the conflicts of a merge: per field, with a fallback for the fields not named.
///
/// ```swift
/// // The first region of the prompt from the new default, the second one rewritten; anything else keeps mine.
/// let resolutions = MergeResolutions(
///     fields: ["prompt": .regions([.theirs, .edited("Write in the present tense, in the third person.")])],
///     fallback: .ours)
/// ```
public struct MergeResolutions: Sendable, Hashable {
    /// Decisions by field key; each names a field the merge has a conflict in.
    public var fields: [String: FieldResolution]
    /// The side for every conflicting field not in `fields`; `nil` refuses to merge while such a field is left.
    public var fallback: MergeChoice?

    public init(fields: [String: FieldResolution] = [:], fallback: MergeChoice? = nil) {
        self.fields = fields
        self.fallback = fallback
    }

    /// The fields with at least one region settled by the user's own text.
    public var editedFields: [String] {
        fields.compactMap { field, resolution in
            guard case .regions(let regions) = resolution else { return nil }
            let isEdited = regions.contains { region in
                if case .edited = region { return true }
                return false
            }
            return isEdited ? field : nil
        }.sorted()
    }
}

extension Snapshot {
    /// The merged config with every conflict settled as `resolutions` says.
    ///
    /// - Throws: `invalidMergeResolution` naming the field when a decision does not fit the
    ///   conflicts: an unknown field, a field without a conflict, regions for a value, the wrong number of
    ///   regions; `mergeConflicts` naming the fields left unsettled when there is no fallback.
    static func resolvedConfig(
        _ merge: ConfigMerge, _ resolutions: MergeResolutions, operation: String, schema: FieldSchema
    ) throws(PresetError) -> Config {
        try checkFieldsNamed(in: resolutions, against: merge, operation: operation, schema: schema)
        let unsettled = merge.conflicts.filter { resolutions.fields[$0.field] == nil }.map(\.field)
        let fallback = resolutions.fallback
        if fallback == nil, !unsettled.isEmpty { throw .mergeConflicts(operation: operation, fields: unsettled) }
        var config = merge.config
        for conflict in merge.conflicts {
            // A field not named has a fallback: the guard above refused the merge otherwise.
            let resolution = resolutions.fields[conflict.field] ?? .side(fallback ?? .ours)
            config[conflict.field] = try resolvedValue(conflict, resolution)
        }
        return config
    }

    /// Refuses decisions for fields the merge has no conflict in, naming the ones it has.
    private static func checkFieldsNamed(
        in resolutions: MergeResolutions, against merge: ConfigMerge, operation: String, schema: FieldSchema
    ) throws(PresetError) {
        let conflicting = merge.conflicts.map(\.field)
        let listed = conflicting.isEmpty ? "there are no conflicts" : "the conflicting fields are \(conflicting.joined(separator: ", "))"
        for field in resolutions.fields.keys.sorted() where !conflicting.contains(field) {
            let reason = schema.field(field) == nil
                ? "operation '\(operation)' has no field '\(field.debugEscaped)'; \(listed)."
                : "'\(field)' has no conflict to settle; \(listed)."
            throw .invalidMergeResolution(field: field, reason: reason)
        }
    }

    /// The value of one conflicting field after its decision.
    private static func resolvedValue(_ conflict: FieldConflict, _ resolution: FieldResolution) throws(PresetError) -> JSONValue {
        guard let textMerge = conflict.textMerge else {
            guard case .side(let choice) = resolution else {
                throw .invalidMergeResolution(
                    field: conflict.field,
                    reason: "the field is not text and has no regions; choose mine or theirs for the whole field.")
            }
            return choice == .ours ? conflict.mine : conflict.theirs
        }
        let base = conflict.base?.stringValue
        let ours = conflict.mine.stringValue ?? ""
        let theirs = conflict.theirs.stringValue ?? ""
        switch resolution {
        case .side(let choice):
            return .string(mergedText(textMerge, choice, base: base, ours: ours, theirs: theirs))
        case .regions(let regions):
            let expected = textMerge.conflicts.count
            guard regions.count == expected else {
                throw .invalidMergeResolution(
                    field: conflict.field,
                    reason: "expected \(expected) entr\(expected == 1 ? "y" : "ies"), one per conflict region, found \(regions.count).")
            }
            let text = textMerge.text { index, region in lines(of: regions[index], in: region) }
            return .string(withMergedFinalNewline(text, base: base, ours: ours, theirs: theirs))
        }
    }

    /// The lines a decision puts in place of a conflict region.
    private static func lines(of resolution: RegionResolution, in region: MergeConflict) -> [String] {
        switch resolution {
        case .ours: region.ours
        case .theirs: region.theirs
        case .edited(let text): LineDiff.lines(of: text)
        }
    }
}
