import Foundation
import PromptPresets

/// The page's panels the script loads as HTML: what is bound where, connection profiles, the
/// audit log, and a prompt preview. Like `WebFragments`, rendered on the server from one
/// snapshot, every string through Mustache's escaping.
enum WebPanels {
    /// At most this many rows in the bindings and audit panels; the rest is reached by filtering.
    static let rowLimit = 200

    // MARK: Bindings

    /// Every binding matching the filters: `q` (part of the key or preset name, any case),
    /// `preset` (an id) and `scope` (`chat`, `character` or `profile`).
    static func bindings(_ snapshot: Snapshot, query: [String: String]) -> [String: Any] {
        let search = (query["q"] ?? "").trimmingCharacters(in: .whitespaces)
        let preset = (query["preset"] ?? "").isEmpty ? nil : PresetID(query["preset"]!)
        let kind = ScopeKind(rawValue: query["scope"] ?? "")
        let names = Dictionary(snapshot.allPresets.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let matching = snapshot.bindings.all.filter { binding in
            if let kind, binding.scope.kind != kind { return false }
            if let preset, binding.preset != preset { return false }
            guard !search.isEmpty else { return true }
            return binding.scope.key.localizedCaseInsensitiveContains(search)
                || (names[binding.preset] ?? "").localizedCaseInsensitiveContains(search)
        }
        let shown = matching.prefix(rowLimit)
        return [
            "q": search,
            "scopes": [("", "Any scope"), ("profile", "Profiles"), ("character", "Characters"), ("chat", "Chats")].map {
                ["value": $0.0, "label": $0.1, "selected": $0.0 == (kind?.rawValue ?? "")] as [String: Any]
            },
            "presetFilter": [["id": "", "name": "Any preset", "selected": preset == nil] as [String: Any]]
                + presetOptions(snapshot, selected: preset),
            "rows": shown.map { binding in
                [
                    "kind": binding.scope.kind.rawValue, "key": binding.scope.key,
                    "presetName": names[binding.preset] ?? "(missing preset)",
                    "presets": presetOptions(snapshot, selected: binding.preset),
                ] as [String: Any]
            },
            "hasRows": !shown.isEmpty,
            "summary": summary(shown: shown.count, matching: matching.count, total: snapshot.bindings.count, noun: ("binding", "bindings")),
        ]
    }

    private static func presetOptions(_ snapshot: Snapshot, selected: PresetID?) -> [[String: Any]] {
        snapshot.allPresets.map { ["id": $0.id.rawValue, "name": $0.name, "selected": $0.id == selected] as [String: Any] }
    }

    /// "12 bindings", "3 of 12 bindings match", or where the list stops.
    private static func summary(shown: Int, matching: Int, total: Int, noun: (one: String, many: String)) -> String {
        let plural = total == 1 ? noun.one : noun.many
        if matching == total { return shown == total ? "\(total) \(plural)" : "The first \(shown) of \(total) \(plural); filter to see others." }
        return shown == matching
            ? "\(matching) of \(total) \(plural) match"
            : "The first \(shown) of \(matching) matching \(plural) (of \(total)); narrow the filter."
    }

    /// Up to `limit` bound keys of one scope containing `q` (any case), sorted, for the context
    /// bar's suggestions. Asked as the user types, so a store binding a million chats never
    /// sends them all to the page.
    static func knownKeys(_ snapshot: Snapshot, query: [String: String], limit: Int = 50) -> [String: Any] {
        let search = (query["q"] ?? "").trimmingCharacters(in: .whitespaces)
        var keys: [String]
        switch ScopeKind(rawValue: query["scope"] ?? "") {
        case .chat: keys = snapshot.bindings.chats.entries.map(\.key)
        case .character: keys = snapshot.bindings.characters.entries.map(\.key)
        case .profile: keys = snapshot.bindings.profiles.entries.map(\.key) + [Context.defaultProfile]
        case nil: keys = []
        }
        if !search.isEmpty { keys = keys.filter { $0.localizedCaseInsensitiveContains(search) } }
        let sorted = Set(keys).sorted { $0.localizedStandardCompare($1) == .orderedAscending }
        return ["keys": Array(sorted.prefix(limit))]
    }

    // MARK: Connection profiles

    static func connections(_ snapshot: Snapshot) -> [String: Any] {
        let users = profileUsers(snapshot)
        let rows: [[String: Any]] = snapshot.connectionProfiles.values
            .sorted { $0.name.localizedStandardCompare($1.name) == .orderedAscending }
            .map { profile in
                let usedBy = users[profile.id] ?? []
                return [
                    "id": profile.id, "name": profile.name, "api": profile.api.isEmpty ? "—" : profile.api,
                    "usedBy": usedBy.joined(separator: ", "), "isUsed": !usedBy.isEmpty,
                ]
            }
        return ["rows": rows, "hasRows": !rows.isEmpty]
    }

    /// Which stored versions name each connection profile (`Scene recap › My recap`).
    private static func profileUsers(_ snapshot: Snapshot) -> [String: [String]] {
        var users: [String: [String]] = [:]
        for definition in snapshot.catalog.operations {
            let keys = definition.schema.fields.filter { WebFragments.isConnectionProfile($0.kind) }.map(\.key)
            guard !keys.isEmpty else { continue }
            for artifact in snapshot.artifacts(of: definition.key) {
                for key in keys {
                    if let id = artifact.config[key]?.stringValue { users[id, default: []].append("\(definition.title) › \(artifact.name)") }
                }
            }
        }
        return users
    }

    // MARK: Audit log

    /// The newest entries matching `q` (any part of actor, action or subject, any case) and
    /// `action` (exact).
    static func audit(_ entries: [AuditEntry], query: [String: String]) -> [String: Any] {
        let search = (query["q"] ?? "").trimmingCharacters(in: .whitespaces)
        let action = query["action"] ?? ""
        let matching = entries.filter { entry in
            if !action.isEmpty, entry.action != action { return false }
            guard !search.isEmpty else { return true }
            return [entry.actor, entry.action, entry.subject, entry.before ?? "", entry.after ?? ""]
                .contains { $0.localizedCaseInsensitiveContains(search) }
        }
        let shown = matching.prefix(rowLimit)
        let formatter = ISO8601DateFormatter()
        return [
            "q": search,
            "actions": [["value": "", "label": "Any action", "selected": action.isEmpty] as [String: Any]]
                + Set(entries.map(\.action)).sorted().map { ["value": $0, "label": $0, "selected": $0 == action] as [String: Any] },
            "rows": shown.map { entry in
                [
                    "at": formatter.string(from: entry.at), "actor": entry.actor, "action": entry.action, "subject": entry.subject,
                    "change": [entry.before, entry.after].compactMap { $0 }.joined(separator: " → "),
                ] as [String: Any]
            },
            "hasRows": !shown.isEmpty,
            "summary": summary(shown: shown.count, matching: matching.count, total: entries.count, noun: ("entry", "entries")),
        ]
    }

    // MARK: Preview

    /// The viewed preset's version of `operation` rendered with the sample values the query
    /// carries as `var.<name>`, with the version's lint warnings.
    static func preview(_ snapshot: Snapshot, query: [String: String]) throws(PresetError) -> [String: Any] {
        let operation = query["operation"] ?? ""
        let definition = try snapshot.catalog.operation(operation)
        guard definition.hasPrompt else {
            throw .unknownOperation(operation, valid: snapshot.catalog.operations.filter(\.hasPrompt).map(\.key))
        }
        let presetID = PresetID(query["preset"] ?? "")
        guard let preset = snapshot.preset(id: presetID) else { throw .presetNotFound(presetID.rawValue, suggestion: nil) }
        let artifact = preset.operations[operation].flatMap { snapshot.artifacts[$0] }
        let config = artifact?.config ?? definition.current.config
        var arguments: [String: String] = [:]
        for (name, value) in query where name.hasPrefix("var.") { arguments[String(name.dropFirst(4))] = value }
        let rendered = try definition.render(config, arguments: arguments)
        let missing = definition.variables.filter { $0.isRequired && (arguments[$0.name] ?? "").isEmpty }.map(\.name)
        let lint = Template.lint(config, schema: definition.schema, variables: definition.variables).map(\.description)
        return [
            "heading": "\(definition.title) · \(artifact?.name ?? "Default \(definition.current.version)") in \(preset.name)",
            "prompt": rendered.prompt,
            "prefill": rendered.prefill,
            "hasPrefill": !rendered.prefill.isEmpty,
            "missing": missing.map { "{{\($0)}}" }.joined(separator: ", "),
            "hasMissing": !missing.isEmpty,
            "lint": lint,
            "hasLint": !lint.isEmpty,
        ]
    }
}
