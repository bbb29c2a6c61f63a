import OpenAPIRuntime
import PromptPresets

extension Components.Schemas.PendingUpdate {
    /// A customised version whose default has moved on: which preset, which version, and what changed.
    public init(_ update: PendingUpdate) {
        self.init(
            artifact: .init(update.artifact), changelog: update.info.changelog, from: update.info.from?.description,
            operation: update.operation, preset: .init(id: update.preset.id.rawValue, name: update.preset.name),
            to: update.info.to.description)
    }
}

extension Components.Schemas.UpdateComparison {
    public init(_ comparison: UpdateComparison) {
        self.init(
            mineToNew: comparison.mineToNew.map(Components.Schemas.FieldDiff.init),
            oldToNew: comparison.oldToNew.map(Components.Schemas.FieldDiff.init), update: .init(comparison.update))
    }
}

extension Components.Schemas.MergePreview {
    /// The merged config (conflicts taken from the user's side) and every conflict with its regions.
    public init(_ merge: ConfigMerge) throws {
        self.init(
            config: try OpenAPIObjectContainer(merge.config.jsonValue),
            conflicts: try merge.conflicts.map(Components.Schemas.MergeFieldConflict.init))
    }
}

extension Components.Schemas.MergeFieldConflict {
    /// A text conflict lists its regions, which `POST …/merge` settles one by one, by position;
    /// a value conflict has none and is settled for the whole field.
    public init(_ conflict: FieldConflict) throws {
        let regions = (conflict.textMerge?.conflicts ?? []).enumerated().map { index, region in
            Components.Schemas.MergeConflictRegion(
                base: region.base.joined(separator: "\n"), field: conflict.field, index: index,
                mine: region.ours.joined(separator: "\n"), theirs: region.theirs.joined(separator: "\n"))
        }
        self.init(
            base: try OpenAPIValueContainer(conflict.base ?? .null), field: conflict.field,
            kind: conflict.textMerge == nil ? .value : .text, mine: try OpenAPIValueContainer(conflict.mine),
            regions: regions, textWithMarkers: conflict.textMerge?.textWithMarkers,
            theirs: try OpenAPIValueContainer(conflict.theirs))
    }
}

extension Components.Schemas.FieldDiff {
    /// `{field, lines: [{change: same|removed|added, text}]}`.
    public init(_ diff: FieldDiff) {
        self.init(field: diff.field, lines: diff.lines.map { line in
            switch line {
            case .same(let text): .init(change: .same, text: text)
            case .removed(let text): .init(change: .removed, text: text)
            case .added(let text): .init(change: .added, text: text)
            }
        })
    }
}

extension Components.Schemas.HistoryEntry {
    /// One entry of an operation's history: a default (`Default@1.2.0`) or a stored version, with what it came from.
    public init(_ entry: HistoryEntry) {
        let reference = entry.reference
        self.init(
            changelog: entry.changelog, date: entry.date, id: reference.artifact?.id.rawValue, isDefault: reference.isDefault,
            name: reference.isDefault ? "\(Preset.defaultName)@\(reference.defaultVersion?.description ?? "")" : reference.name,
            number: reference.number, parent: entry.parentName)
    }
}
