import PromptPresets

/// The body of `POST /updates/{preset}/{operation}/merge`:
///
/// ```json
/// {"prefer": "mine",
///  "resolutions": {"prompt": [{"take": "theirs"}, {"text": "My own line."}],
///                  "include_preset_prompts": {"take": "mine"}}}
/// ```
///
/// A text field takes a list with one entry per conflict region, in order, or one `{"take"}` for all of
/// them; any other field takes one `{"take"}`. `prefer` settles the fields not listed. This checks the
/// shape only and names the place of each mistake; whether the fields and region counts fit the merge
/// is the domain's check.
struct MergeRequest {
    let resolutions: MergeResolutions

    init(_ body: JSONObject) throws {
        try body.allowOnly(["prefer", "resolutions"])
        let fallback = try body.string("prefer").map { try Self.side(named: $0, at: "prefer") }
        var fields: [String: FieldResolution] = [:]
        for (field, value) in try body.object("resolutions") ?? [:] {
            fields[field] = try Self.fieldResolution(value, at: "resolutions.\(field.debugEscapedForMessage)")
        }
        resolutions = MergeResolutions(fields: fields, fallback: fallback)
    }

    private static let takeShape = #"{"take": "mine"} or {"take": "theirs"}"#
    private static let regionShape = #"{"take": "mine"} or {"take": "theirs"} or {"text": "…"}"#

    /// A list of region decisions, or one side for the whole field.
    private static func fieldResolution(_ value: JSONValue, at path: String) throws -> FieldResolution {
        switch value {
        case .array(let entries):
            return .regions(try entries.enumerated().map { index, entry in try regionResolution(entry, at: "\(path)[\(index)]") })
        case .object(let members):
            guard members["text"] == nil else {
                throw APIError.badRequest("\(path): edited text goes in a list with one entry per conflict region; for the whole field give \(takeShape).")
            }
            return .side(try side(of: members, at: path, expecting: takeShape))
        default:
            throw APIError.badRequest("\(path): expected a list with one entry per conflict region, or \(takeShape) for the whole field; found \(value.kindDescription).")
        }
    }

    /// One region's decision: `{"take": "mine"|"theirs"}` or `{"text": "…"}`.
    private static func regionResolution(_ value: JSONValue, at path: String) throws -> RegionResolution {
        guard case .object(let members) = value else {
            throw APIError.badRequest("\(path): expected \(regionShape), found \(value.kindDescription).")
        }
        guard let text = members["text"] else {
            return try side(of: members, at: path, expecting: regionShape) == .ours ? .ours : .theirs
        }
        let unknown = members.keys.filter { $0 != "text" && $0 != "take" }
        guard unknown.isEmpty else {
            throw APIError.badRequest("\(path): unknown key\(unknown.count == 1 ? "" : "s") \(quoted(unknown)); expected \(regionShape).")
        }
        guard members["take"] == nil else {
            throw APIError.badRequest("\(path): give either 'take' or 'text', not both.")
        }
        guard case .string(let edited) = text else {
            throw APIError.badRequest("\(path).text: expected a string, found \(text.kindDescription).")
        }
        return .edited(edited)
    }

    /// The side an object with exactly one member, `take`, names; `shape` is what the place accepts, for the message.
    private static func side(of members: [String: JSONValue], at path: String, expecting shape: String) throws -> MergeChoice {
        let unknown = members.keys.filter { $0 != "take" }
        guard unknown.isEmpty else {
            throw APIError.badRequest("\(path): unknown key\(unknown.count == 1 ? "" : "s") \(quoted(unknown)); expected \(shape).")
        }
        guard let take = members["take"] else {
            throw APIError.badRequest("\(path): expected \(shape), found an empty object.")
        }
        guard case .string(let name) = take else {
            throw APIError.badRequest("\(path).take: expected 'mine' or 'theirs', found \(take.kindDescription).")
        }
        return try side(named: name, at: "\(path).take")
    }

    private static func side(named name: String, at path: String) throws -> MergeChoice {
        switch name {
        case "mine": return .ours
        case "theirs": return .theirs
        default: throw APIError.badRequest("\(path): expected 'mine' or 'theirs', found '\(name.debugEscapedForMessage)'.")
        }
    }

    private static func quoted(_ keys: some Sequence<String>) -> String {
        keys.sorted().map { "'\($0.debugEscapedForMessage)'" }.joined(separator: ", ")
    }
}
