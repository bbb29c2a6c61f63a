import Foundation

/// A `{{variable}}` an operation's prompt may use.
public struct TemplateVariable: Sendable, Equatable {
    public var name: String
    public var description: String
    public var isRequired: Bool

    public init(_ name: String, _ description: String, isRequired: Bool = false) {
        self.name = name
        self.description = description
        self.isRequired = isRequired
    }
}

/// A lint finding about template variables; never an error, always reported.
public struct LintWarning: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, Codable {
        case missingRequiredVariable
        case unknownVariable
    }

    public var kind: Kind
    /// The field the finding is about, e.g. `prompt`.
    public var field: String
    public var variable: String

    public var description: String {
        switch kind {
        case .missingRequiredVariable: "\(field): required variable {{\(variable)}} is not used"
        case .unknownVariable: "\(field): unknown variable {{\(variable)}}"
        }
    }
}

/// Finding and filling `{{variables}}` in prompt text.
public enum Template {
    /// The variable names used in `text`, in order of first use, without duplicates.
    public static func variables(in text: String) -> [String] {
        var names: [String] = []
        var seen: Set<String> = []
        forEachPlaceholder(in: text) { name, _ in
            if seen.insert(name).inserted { names.append(name) }
        }
        return names
    }

    /// Lints the prompt fields of `config` against the declared variables.
    public static func lint(_ config: Config, schema: FieldSchema, variables: [TemplateVariable]) -> [LintWarning] {
        let declared = Set(variables.map(\.name))
        var warnings: [LintWarning] = []
        for field in schema.promptFieldKeys {
            guard let text = config[field]?.stringValue else { continue }
            let used = Template.variables(in: text)
            // Forced variants and empty prompts are optional: only the main prompt must use required variables.
            if field == "prompt" && !text.isEmpty {
                for variable in variables where variable.isRequired && !used.contains(variable.name) {
                    warnings.append(LintWarning(kind: .missingRequiredVariable, field: field, variable: variable.name))
                }
            }
            for name in used where !declared.contains(name) {
                warnings.append(LintWarning(kind: .unknownVariable, field: field, variable: name))
            }
        }
        return warnings
    }

    /// Fills every `{{name}}` in `text` from `values`.
    /// - Throws: `PresetError.missingTemplateValue` naming the first variable without a value.
    public static func render(_ text: String, with values: [String: String]) throws(PresetError) -> String {
        var output = ""
        var cursor = text.startIndex
        var missing: String?
        forEachPlaceholder(in: text) { name, range in
            guard missing == nil else { return }
            guard let value = values[name] else { missing = name; return }
            output += text[cursor..<range.lowerBound]
            output += value
            cursor = range.upperBound
        }
        if let missing { throw .missingTemplateValue(missing) }
        output += text[cursor...]
        return output
    }

    private static func forEachPlaceholder(in text: String, _ body: (String, Range<String.Index>) -> Void) {
        var searchStart = text.startIndex
        while let open = text.range(of: "{{", range: searchStart..<text.endIndex) {
            guard let close = text.range(of: "}}", range: open.upperBound..<text.endIndex) else { return }
            let name = text[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            if !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }) {
                body(name, open.lowerBound..<close.upperBound)
                searchStart = close.upperBound
            } else {
                searchStart = open.upperBound
            }
        }
    }
}

/// A prompt operation's messages with their variables filled in: what an application sends.
public struct RenderedPrompt: Sendable, Hashable {
    /// The user message: the `prompt` field, filled in.
    public var prompt: String
    /// The assistant prefill, filled in; empty when the operation has none.
    public var prefill: String
}

extension OperationDefinition {
    /// Fills `config`'s prompt and prefill from `arguments`. An optional variable without an
    /// argument becomes empty text, except `prefill`, which becomes the config's own prefill;
    /// placeholders the operation does not declare stay as written.
    public func render(_ config: Config, arguments: [String: String]) throws(PresetError) -> RenderedPrompt {
        let prompt = config["prompt"]?.stringValue ?? ""
        let prefill = config["prefill"]?.stringValue ?? ""
        var values: [String: String] = [:]
        for text in [prompt, prefill] {
            for name in Template.variables(in: text) { values[name] = "{{\(name)}}" }
        }
        for variable in variables {
            values[variable.name] = arguments[variable.name] ?? (variable.name == "prefill" ? prefill : "")
        }
        return RenderedPrompt(
            prompt: try Template.render(prompt, with: values),
            prefill: prefill.isEmpty ? "" : try Template.render(prefill, with: values))
    }
}
