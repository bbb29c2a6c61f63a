/// The two spellings of a catalog file. Both hold the same document.
public enum CatalogFileFormat: String, Sendable, CaseIterable {
    case json
    case yaml

    /// The format a file name suggests: `.json` is JSON, anything else (`.yaml`, `.yml`) YAML,
    /// which also reads plain JSON.
    public init(path: String) {
        self = path.lowercased().hasSuffix(".json") ? .json : .yaml
    }
}
