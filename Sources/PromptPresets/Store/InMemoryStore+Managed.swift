import Foundation

/// `ManagedStore` in memory: settings and sign-ins live as long as the instance.
extension InMemoryStore: ManagedStore {
    public var location: String { "(in memory)" }

    public func status() async throws -> StoreStatus {
        withState { state, version in
            StoreStatus(
                schemaVersion: "", migrationCount: 0, presets: state.presets.count, artifacts: state.artifacts.count,
                sessions: state.sessions.count, connectionProfiles: state.profiles.count, auditEntries: state.audit.count,
                chatBindings: state.bindings.chats.count, characterBindings: state.bindings.characters.count,
                profileBindings: state.bindings.profiles.count, fileSize: nil, storeVersion: version)
        }
    }

    public func bindings(to preset: PresetID) async throws -> [Binding] {
        withState { state, _ in state.bindings.all.filter { $0.preset == preset } }
    }

    public func setting(_ key: String) async throws -> String? {
        withExtras { $0.settings[key] }
    }

    public func setSetting(_ key: String, to value: String) async throws {
        withExtras { $0.settings[key] = value }
    }

    public func settings() async throws -> [String: String] {
        withExtras { $0.settings }
    }

    public func saveSignIn(_ signIn: WebSignIn) async throws {
        withExtras { $0.signIns[signIn.idHash] = signIn }
    }

    public func signIn(idHash: String) async throws -> WebSignIn? {
        withExtras { $0.signIns[idHash] }
    }

    public func deleteSignIn(idHash: String) async throws {
        withExtras { $0.signIns[idHash] = nil }
    }

    public func deleteSignIns(createdBefore date: Date) async throws {
        withExtras { extras in extras.signIns = extras.signIns.filter { $0.value.createdAt >= date } }
    }

    public func fullAuditLog() async throws -> [AuditEntry] {
        withState { state, _ in state.audit }
    }
}

/// What an in-memory store keeps besides the versioned state.
struct StoreExtras {
    var settings: [String: String] = [:]
    var signIns: [String: WebSignIn] = [:]
}
