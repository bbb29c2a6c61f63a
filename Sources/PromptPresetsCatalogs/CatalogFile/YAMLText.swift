import PromptPresets
import Yams

/// YAML text to and from the JSON values a document is made of: catalog files here, and the
/// server's OpenAPI document.
package enum YAMLText {
    /// Why YAML text could not be read: the parser's words and, when it knows, where.
    package struct ParseError: Error, CustomStringConvertible {
        package var message: String
        package var line: Int?
        package var column: Int?

        package var description: String { line.map { "line \($0): \(message)" } ?? message }
    }

    /// Values a document may expand to; aliases repeated inside aliases could otherwise grow
    /// a small file into billions of values.
    static let maxValueCount = 1_000_000

    /// A document and the line each of its values starts on, by JSON path (`$.operations[0].key`).
    package struct Document {
        package var value: JSONValue
        package var lines: [String: Int]

        /// The line of the value at `path`, else of the nearest enclosing value.
        func line(of path: String) -> Int? {
            var path = Substring(path)
            while true {
                if let line = lines[String(path)] { return line }
                guard let cut = path.lastIndex(where: { $0 == "." || $0 == "[" }) else { return nil }
                path = path[..<cut]
            }
        }
    }

    /// The one document in `text`. Plain scalars follow YAML 1.1's core rules (`true`, `12`,
    /// `1.5`, `null`); anything else, a date such as `2026-01-15` included, stays text. Keys
    /// are always text, so `'200':` and `200:` are the same key.
    package static func parse(_ text: String) throws(ParseError) -> Document {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw Self.parseError(error)
        } catch {
            throw ParseError(message: String(describing: error))
        }
        guard let root else { throw ParseError(message: "the text is empty: it holds no YAML document", line: 1, column: 1) }
        var budget = maxValueCount
        var lines: [String: Int] = [:]
        let value = try value(of: root, at: "$", lines: &lines, budget: &budget)
        return Document(value: value, lines: lines)
    }

    private static func value(
        of node: Node, at path: String, lines: inout [String: Int], budget: inout Int
    ) throws(ParseError) -> JSONValue {
        if let line = node.mark?.line { lines[path] = line }
        budget -= 1
        guard budget >= 0 else {
            throw ParseError(message: "the document expands to more than \(maxValueCount) values (aliases inside aliases?)",
                             line: node.mark?.line, column: node.mark?.column)
        }
        switch node {
        case .scalar(let scalar):
            return value(of: scalar)
        case .sequence(let sequence):
            var elements: [JSONValue] = []
            for (index, element) in sequence.enumerated() {
                elements.append(try value(of: element, at: "\(path)[\(index)]", lines: &lines, budget: &budget))
            }
            return .array(elements)
        case .mapping(let mapping):
            var members: [String: JSONValue] = [:]
            for (key, element) in mapping {
                guard case .scalar(let keyScalar) = key else {
                    throw ParseError(message: "a mapping key must be plain text", line: key.mark?.line, column: key.mark?.column)
                }
                members[keyScalar.string] = try value(of: element, at: "\(path).\(keyScalar.string)", lines: &lines, budget: &budget)
            }
            return .object(members)
        case .alias(let alias):
            throw ParseError(message: "unresolved alias '\(alias.anchor.rawValue)'", line: alias.mark?.line, column: alias.mark?.column)
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

    private static func parseError(_ error: YamlError) -> ParseError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let prefix = context.map { "\($0.text) " } ?? ""
            return ParseError(message: prefix + problem, line: mark.line, column: mark.column)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ParseError(
                message: "the key\(duplicates.count == 1 ? "" : "s") \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) "
                    + "appear\(duplicates.count == 1 ? "s" : "") twice",
                line: context.mark.line, column: context.mark.column)
        case .reader(let problem, _, _, _):
            return ParseError(message: problem)
        default:
            return ParseError(message: error.description)
        }
    }

    // MARK: Writing

    /// `value` as a YAML document: keys in `keyOrder` first (in that order), the rest sorted;
    /// multi-line text as literal blocks; text that would read back as another type quoted.
    /// - Parameter sortedOnlyBelow: keys whose values keep plain sorted keys (configs).
    static func text(of value: JSONValue, keyOrder: [String], sortedOnlyBelow: Set<String>) -> String {
        let node = node(of: value, keyOrder: keyOrder, sortedOnlyBelow: sortedOnlyBelow)
        do {
            return try Yams.serialize(node: node, indent: 2, width: -1, allowUnicode: true)
        } catch {
            // The emitter refuses only malformed event streams, which `node(of:)` never builds.
            preconditionFailure("YAML emitter refused a catalog document: \(error)")
        }
    }

    private static func node(of value: JSONValue, keyOrder: [String]?, sortedOnlyBelow: Set<String>) -> Node {
        switch value {
        case .null: return Node("null", Tag(.null))
        case .bool(let flag): return Node(flag ? "true" : "false", Tag(.bool))
        case .int(let number): return Node(String(number), Tag(.int))
        case .double(let number): return Node(number.isFinite ? String(number) : ".nan", Tag(.float))
        case .string(let text): return Node(text, Tag(.str), style(for: text))
        case .array(let elements):
            return Node(elements.map { node(of: $0, keyOrder: keyOrder, sortedOnlyBelow: sortedOnlyBelow) }, Tag(.seq))
        case .object(let members):
            let keys = members.keys.sorted { left, right in
                let leftRank = keyOrder?.firstIndex(of: left) ?? Int.max
                let rightRank = keyOrder?.firstIndex(of: right) ?? Int.max
                return leftRank != rightRank ? leftRank < rightRank : left < right
            }
            let pairs = keys.map { key in
                let childOrder = sortedOnlyBelow.contains(key) ? nil : keyOrder
                return (Node(key, Tag(.str), style(for: key)), node(of: members[key]!, keyOrder: childOrder, sortedOnlyBelow: sortedOnlyBelow))
            }
            return Node(pairs, Tag(.map))
        }
    }

    /// Literal blocks for multi-line text; double quotes for text a reader would take for
    /// another type (`"true"`, `"1.5"`, `"2026-01-15"`, `""`); plain otherwise.
    private static func style(for text: String) -> Node.Scalar.Style {
        if text.contains("\n") { return .literal }
        let resolved = Resolver.default.resolveTag(of: Node(text))
        return resolved == .str && !text.isEmpty ? .any : .doubleQuoted
    }
}
