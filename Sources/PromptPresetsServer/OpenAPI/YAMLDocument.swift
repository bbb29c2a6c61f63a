import PromptPresets
import Yams

/// A YAML document read as the JSON value it stands for (the OpenAPI document is written in YAML
/// and served as JSON).
enum YAMLDocument {
    /// Why the text is not a JSON-shaped YAML document, and on which line (1-based) when known.
    struct Failure: Error, CustomStringConvertible {
        var message: String
        var line: Int?

        var description: String { line.map { "line \($0): \(message)" } ?? message }
    }

    /// The one document in `text`. Plain scalars resolve by YAML's core rules (`true`, `12`, `1.5`,
    /// `null`); keys are always text, so `'200':` and `200:` name the same response.
    static func value(of text: String) throws(Failure) -> JSONValue {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw failure(error)
        } catch {
            throw Failure(message: String(describing: error))
        }
        guard let root else { throw Failure(message: "the text holds no YAML document", line: 1) }
        return try value(of: root)
    }

    private static func value(of node: Node) throws(Failure) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            return value(of: scalar)
        case .sequence(let sequence):
            var elements: [JSONValue] = []
            for element in sequence { elements.append(try value(of: element)) }
            return .array(elements)
        case .mapping(let mapping):
            var members: [String: JSONValue] = [:]
            for (key, element) in mapping {
                guard case .scalar(let name) = key else {
                    throw Failure(message: "a key must be plain text, not a list or a mapping", line: key.mark?.line)
                }
                members[name.string] = try value(of: element)
            }
            return .object(members)
        case .alias(let alias):
            throw Failure(message: "the alias '\(alias.anchor.rawValue)' names no anchor", line: alias.mark?.line)
        }
    }

    private static func value(of scalar: Node.Scalar) -> JSONValue {
        let node = Node.scalar(scalar)
        switch Tag.Name(rawValue: node.tag.description) {
        case .null: return .null
        case .bool: return node.bool.map(JSONValue.bool) ?? .string(scalar.string)
        case .int: return node.int.map(JSONValue.int) ?? .string(scalar.string)
        case .float: return node.float.map(JSONValue.double) ?? .string(scalar.string)
        default: return .string(scalar.string)
        }
    }

    private static func failure(_ error: YamlError) -> Failure {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            return Failure(message: (context.map { "\($0.text) " } ?? "") + problem, line: mark.line)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return Failure(message: "the key '\(duplicates.joined(separator: "', '"))' appears twice", line: context.mark.line)
        default:
            return Failure(message: error.description)
        }
    }
}
