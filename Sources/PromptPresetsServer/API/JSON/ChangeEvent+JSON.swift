import PromptPresets
import PromptPresetsService

extension ChangeEvent {
    /// The event's `event:` name in a stream, and the `type` of a webhook delivery.
    var name: String {
        switch self {
        case .commit: "change"
        case .reload: "reload"
        }
    }

    /// `{"type":"change","version":42,"objects":[…]}`: what an event stream's `data:` and a
    /// webhook's body carry.
    var jsonValue: JSONValue {
        switch self {
        case .commit(let commit):
            .object([
                "type": .string(name), "version": .int(Int(commit.version.rawValue)),
                "objects": .array(commit.objects.map(\.jsonValue)),
            ])
        case .reload(let version):
            .object(["type": .string(name), "version": .int(Int(version.rawValue))])
        }
    }
}

extension ChangedObject {
    /// `{"kind":"artifact","id":"…"}`, `{"kind":"binding","scope":"chat","key":"…"}`, ….
    var jsonValue: JSONValue {
        switch self {
        case .artifact(let id): .object(["kind": .string("artifact"), "id": .string(id.rawValue)])
        case .preset(let id): .object(["kind": .string("preset"), "id": .string(id.rawValue)])
        case .binding(let scope): .object(["kind": .string("binding"), "scope": .string(scope.kind.rawValue), "key": .string(scope.key)])
        case .session(let id): .object(["kind": .string("session"), "id": .string(id.rawValue)])
        case .counter(let operation): .object(["kind": .string("counter"), "operation": .string(operation)])
        case .profile(let id): .object(["kind": .string("connection_profile"), "id": .string(id)])
        }
    }
}
