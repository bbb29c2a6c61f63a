extension Resolution {
    /// The resolution as JSON: the one shape `prompt-presets resolve --json` prints and
    /// `GET /api/v1/resolve` serves.
    ///
    /// `operation`, `preset`, `source`, `artifact` (`{name, number}` or null), `isDefault`,
    /// `defaultVersion`, `config`, `update` (null or `{from, to, changelog}`) and `warnings`.
    ///
    /// ```swift
    /// let text = try snapshot.resolve("scene_recap", in: Context()).jsonValue.canonicalText
    /// ```
    public var jsonValue: JSONValue {
        .object([
            "operation": .string(operation),
            "preset": .string(preset),
            "source": .string(source.rawValue),
            "artifact": artifact?.jsonValue ?? .null,
            "isDefault": .bool(isDefault),
            "defaultVersion": .string(defaultVersion.description),
            "config": config.jsonValue,
            "update": update?.jsonValue ?? .null,
            "warnings": .array(warnings.map(JSONValue.string)),
        ])
    }
}

extension ArtifactReference {
    /// `{name, number}`.
    public var jsonValue: JSONValue {
        .object(["name": .string(name), "number": .int(number)])
    }
}

extension UpdateInfo {
    /// `{from, to, changelog}`; `from` is null when the version the user started from is unknown.
    public var jsonValue: JSONValue {
        .object([
            "from": from.map { .string($0.description) } ?? .null,
            "to": .string(to.description),
            "changelog": .array(changelog.map(JSONValue.string)),
        ])
    }
}
