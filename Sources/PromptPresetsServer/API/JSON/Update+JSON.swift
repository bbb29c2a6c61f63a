import PromptPresets
import PromptPresetsAPI

// The updates routes are hand-routed; their answers are the document's wire types.

extension PendingUpdate {
    var apiJSON: JSONValue {
        get throws { try JSONValue(wire: Components.Schemas.PendingUpdate(self)) }
    }
}

extension UpdateComparison {
    var apiJSON: JSONValue {
        get throws { try JSONValue(wire: Components.Schemas.UpdateComparison(self)) }
    }
}

extension ConfigMerge {
    /// `{config, conflicts: [{field, kind, base, mine, theirs, textWithMarkers, regions}]}`.
    var apiJSON: JSONValue {
        get throws { try JSONValue(wire: Components.Schemas.MergePreview(self)) }
    }
}
