import Foundation

extension DecodingError {
    /// What was wrong with a request, named by its place in the JSON: `Field 'name' is required.`
    /// The runtime's query and header decoders give no place, so the operation is named instead.
    func requestMessage(operation: String? = nil) -> String {
        if case .typeMismatch(_, let context) = self, context.codingPath.isEmpty { return parameterMessage(operation, context) }
        if case .valueNotFound(_, let context) = self, context.codingPath.isEmpty { return parameterMessage(operation, context) }
        switch self {
        case .keyNotFound(let key, let context):
            return "Field '\(Self.path(context.codingPath + [key]))' is required."
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "Field '\(Self.path(context.codingPath))': \(context.debugDescription)"
        case .dataCorrupted(let context):
            let place = Self.path(context.codingPath)
            if context.debugDescription.hasPrefix("Additional properties") { return "Unknown field '\(place)'." }
            if context.codingPath.isEmpty { return "The request is not valid JSON: \(context.debugDescription)" }
            if context.debugDescription.hasPrefix("Cannot initialize") {
                return "Field '\(place)': a value the API document does not allow."
            }
            return "Field '\(place)': \(context.debugDescription)"
        @unknown default:
            return "Malformed request: \(localizedDescription)"
        }
    }

    private func parameterMessage(_ operation: String?, _ context: Context) -> String {
        let subject = operation.map { "of '\($0)' " } ?? ""
        return "A parameter \(subject)is missing or not of the type the API document gives it (\(context.debugDescription))."
    }

    /// `operations[2].name`.
    private static func path(_ keys: [any CodingKey]) -> String {
        keys.reduce(into: "") { path, key in
            if let index = key.intValue { path += "[\(index)]" } else { path += path.isEmpty ? key.stringValue : ".\(key.stringValue)" }
        }
    }
}
