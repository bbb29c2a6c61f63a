import MCP
import PromptPresets

/// What `prompts/list` shows: one MCP prompt per catalog operation that has a prompt.
enum PromptListing {
    /// Every prompt operation, in catalog order.
    static func prompts(of catalog: Catalog) -> [Prompt] {
        catalog.operations.filter(\.hasPrompt).map(prompt)
    }

    /// The operation as a prompt: its declared variables, then the optional context arguments.
    static func prompt(_ operation: OperationDefinition) -> Prompt {
        let variables = operation.variables.map { variable in
            Prompt.Argument(name: variable.name, description: variable.description, required: variable.isRequired)
        }
        // A catalog variable of the same name keeps its own meaning; listing both would be ambiguous.
        let declared = Set(operation.variables.map(\.name))
        let context = ContextArgument.allCases.filter { !declared.contains($0.rawValue) }.map { argument in
            Prompt.Argument(name: argument.rawValue, description: argument.description, required: false)
        }
        return Prompt(name: operation.key, title: operation.title, description: operation.description, arguments: variables + context)
    }
}
