import PromptPresets

/// Hands out one `PresetID` per preset while a store reads millions of bindings: most bindings
/// point at a handful of presets, and one shared string each saves the memory of the rest.
package struct SharedPresetIDs {
    private var ids: [String: PresetID] = [:]

    package init() {}

    package mutating func id(_ text: String) -> PresetID {
        if let shared = ids[text] { return shared }
        let id = PresetID(text)
        ids[text] = id
        return id
    }
}
