import PromptPresets
import PromptPresetsAPI

extension Preset {
    /// A preset with every catalog operation, as the API's wire type (for the hand-routed answers that embed one).
    func apiJSON(in snapshot: Snapshot) throws -> JSONValue {
        try JSONValue(wire: Components.Schemas.Preset(self, in: snapshot))
    }
}
