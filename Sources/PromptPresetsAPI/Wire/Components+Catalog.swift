import PromptPresets

extension Components.Schemas.Catalog {
    /// The catalog's operations with their field schemas, declared variables and default histories
    /// (the configs themselves are left out).
    public init(_ catalog: Catalog) {
        self.init(name: catalog.name, operations: catalog.operations.map(Components.Schemas.Operation.init))
    }
}

extension Components.Schemas.Operation {
    public init(_ definition: OperationDefinition) {
        self.init(
            currentVersion: definition.current.version.description,
            description: definition.description,
            fields: definition.schema.fields.map(Components.Schemas.Field.init),
            hasPrompt: definition.hasPrompt,
            history: definition.history.map {
                .init(changelog: $0.changelog, date: $0.date, version: $0.version.description)
            },
            key: definition.key,
            title: definition.title,
            variables: definition.variables.map {
                .init(description: $0.description, name: $0.name, required: $0.isRequired)
            })
    }
}

extension Components.Schemas.Field {
    public init(_ spec: FieldSpec) {
        self.init(key: spec.key, kind: .init(spec.kind), title: spec.title)
    }
}

extension Components.Schemas.FieldKind {
    /// `{type, …details, nullable}`: a nullable kind is its wrapped kind with `nullable: true`.
    public init(_ kind: FieldKind) {
        switch kind {
        case .text(let maxLength, let isMultiline):
            self.init(maxLength: maxLength, multiline: isMultiline, nullable: false, _type: .text)
        case .boolean:
            self.init(nullable: false, _type: .boolean)
        case .integer(let range):
            self.init(maximum: range.upperBound, minimum: range.lowerBound, nullable: false, _type: .integer)
        case .connectionProfile:
            self.init(nullable: true, _type: .connectionProfile)
        case .list(let specs, let maxCount):
            self.init(fields: specs.map(Components.Schemas.Field.init), maxCount: maxCount, nullable: false, _type: .list)
        case .record(let specs):
            self.init(fields: specs.map(Components.Schemas.Field.init), nullable: false, _type: .record)
        case .nullable(let wrapped):
            self.init(wrapped)
            nullable = true
        }
    }
}
