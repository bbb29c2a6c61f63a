import PromptPresets

/// What `sillytavern export` would put in settings.json that looks like a credential: the file
/// is often shared (support threads, backups), so the export stops unless `--allow-secrets`.
enum SillyTavernSecrets {
    /// Findings in every stored preset's name and description and every stored version's
    /// name, description and config, with paths naming the preset or version.
    static func findings(in snapshot: Snapshot) -> [SecretFinding] {
        var found: [SecretFinding] = []
        for preset in snapshot.allPresets {
            let path = "presets[\"\(preset.name)\"]"
            found += SecretScanner.findings(inText: preset.name, path: "\(path).name")
            found += SecretScanner.findings(inText: preset.description, path: "\(path).description")
        }
        for definition in snapshot.catalog.operations {
            for artifact in snapshot.artifacts(of: definition.key) {
                let path = "\(definition.key)[\"\(artifact.name)\"]"
                found += SecretScanner.findings(inText: artifact.name, path: "\(path).name")
                found += SecretScanner.findings(inText: artifact.description, path: "\(path).description")
                found += SecretScanner.findings(in: artifact.config.jsonValue, path: "\(path).config")
            }
        }
        return found
    }

    /// Refuses (`secretsFound`) unless `allowed`; with `allowed`, the lines to warn with.
    static func check(_ snapshot: Snapshot, allowed: Bool) throws(SharingError) -> [String] {
        let found = findings(in: snapshot)
        guard !found.isEmpty else { return [] }
        guard allowed else { throw .secretsFound(found) }
        return found.map { "settings.json will hold credential-shaped text, and it is often shared: \($0)" }
    }
}
