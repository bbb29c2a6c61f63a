import PromptPresets

/// The catalog a store belongs to (§14), kept in the store's settings: artifacts and presets
/// name operations of one catalog, so opening a store with another would show them as
/// unknown operations, or worse, as operations of the same name that mean something else.
enum StoreCatalogName {
    /// The store setting holding the name.
    static let setting = "catalog_name"

    /// Checks that `store` belongs to `catalog`. A store without a record (new, or made
    /// before stores recorded their catalog) records `catalog`'s name: every earlier program
    /// opened stores with the built-in `auto-recap` only, so it is the first catalog that
    /// opens it that decides.
    /// - Throws: `CLIError.storeBelongsToAnotherCatalog` naming both catalogs.
    static func claim(_ store: any ManagedStore, for catalog: Catalog) async throws {
        if let recorded = try await store.setting(setting) {
            guard recorded == catalog.name else {
                throw CLIError.storeBelongsToAnotherCatalog(store: store.location, recorded: recorded, opening: catalog.name)
            }
            return
        }
        try await store.setSetting(setting, to: catalog.name)
    }
}
