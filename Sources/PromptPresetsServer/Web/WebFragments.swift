import Foundation
import PromptPresets

/// The read-only parts of the page the script loads on demand as HTML: version history,
/// diffs between two versions, update comparisons and merge previews.
///
/// They are rendered on the server from the snapshot, like the page, so all text goes through
/// Mustache's escaping and the script only inserts finished markup.
enum WebFragments {
    /// The history of one operation: every default version then every stored one.
    static func history(_ snapshot: Snapshot, operation: String) throws(PresetError) -> [String: Any] {
        let definition = try snapshot.catalog.operation(operation)
        let entries = try snapshot.history(of: operation)
        let rows: [[String: Any]] = entries.reversed().map { entry in
            let reference = entry.reference
            let name = reference.artifact == nil ? "\(Preset.defaultName)@\(reference.defaultVersion?.description ?? "")" : reference.name
            let users = reference.artifact.map { snapshot.presetsReferencing($0.id) } ?? []
            return [
                "ref": name,
                "label": reference.artifact == nil ? "Default \(reference.defaultVersion?.description ?? "")" : reference.name,
                "number": reference.number,
                "isDefault": reference.artifact == nil,
                "parent": entry.parentName ?? "—",
                "date": String(entry.date.prefix(10)),
                "changelog": entry.changelog,
                "origin": reference.artifact?.origin.rawValue ?? "shipped",
                "usedBy": users.joined(separator: ", "),
                "isUsed": !users.isEmpty,
                "artifactID": reference.artifact?.id.rawValue ?? "",
            ]
        }
        // Preselect: compare the newest version with what it came from.
        var selectedFrom = rows.count > 1 ? rows[1]["ref"] as? String ?? "" : ""
        let selectedTo = rows.first?["ref"] as? String ?? ""
        if let newest = entries.last, let parent = entry(named: newest.parentName, in: rows) { selectedFrom = parent }
        return [
            "operation": operation,
            "title": definition.title,
            "rows": rows.map { row in
                var row = row
                row["isFrom"] = (row["ref"] as? String) == selectedFrom
                row["isTo"] = (row["ref"] as? String) == selectedTo
                return row
            },
        ]
    }

    private static func entry(named name: String?, in rows: [[String: Any]]) -> String? {
        guard let name else { return nil }
        return rows.contains { ($0["ref"] as? String) == name } ? name : nil
    }

    /// A side-by-side diff of two versions of an operation.
    static func diff(_ snapshot: Snapshot, operation: String, from old: String, to new: String) throws(PresetError) -> [String: Any] {
        let diffs = try snapshot.diff(operation, from: old, to: new)
        return [
            "heading": "\(label(old)) → \(label(new))",
            "leftTitle": label(old),
            "rightTitle": label(new),
            "fields": fieldTables(diffs, snapshot: snapshot, operation: operation),
            "isIdentical": diffs.isEmpty,
        ]
    }

    /// The two comparisons offered for an update: mine → new default, old default → new default.
    static func compare(_ snapshot: Snapshot, preset: PresetID, operation: String) throws(PresetError) -> [String: Any] {
        let comparison = try snapshot.compareUpdate(operation, in: preset)
        let update = comparison.update
        let from = update.info.from.map { "Default \($0)" } ?? "the unknown original"
        return [
            "heading": "\(update.preset.name) · \(snapshot.catalog[operation]?.title ?? operation)",
            "sections": [
                [
                    "caption": "Your version (\(update.artifact.name)) → new Default \(update.info.to)",
                    "leftTitle": update.artifact.name, "rightTitle": "Default \(update.info.to)",
                    "fields": fieldTables(comparison.mineToNew, snapshot: snapshot, operation: operation),
                    "isIdentical": comparison.mineToNew.isEmpty,
                ] as [String: Any],
                [
                    "caption": "What the default changed: \(from) → Default \(update.info.to)",
                    "leftTitle": from, "rightTitle": "Default \(update.info.to)",
                    "fields": fieldTables(comparison.oldToNew, snapshot: snapshot, operation: operation),
                    "isIdentical": comparison.oldToNew.isEmpty,
                    "isUnknownBase": update.info.from == nil,
                ] as [String: Any],
            ],
        ]
    }

    /// The merge preview: the merged text per field, or the conflicts side by side.
    static func merge(_ snapshot: Snapshot, preset: PresetID, operation: String) throws(PresetError) -> [String: Any] {
        let update = try snapshot.pendingUpdate(operation, in: preset)
        let merge = try snapshot.previewMerge(operation, in: preset)
        let definition = try snapshot.catalog.operation(operation)
        let changed = definition.schema.fields.filter { spec in
            (merge.config[spec.key] ?? .null) != (update.artifact.config[spec.key] ?? .null)
        }
        return [
            "presetID": preset.rawValue,
            "operation": operation,
            "heading": "Merge Default \(update.info.to) into \(update.artifact.name)",
            "hasConflicts": !merge.conflicts.isEmpty,
            "conflictCount": merge.conflicts.count,
            "conflicts": merge.conflicts.map { conflict in
                [
                    "field": definition.schema.field(conflict.field)?.title ?? conflict.field,
                    "key": conflict.field,
                    "kind": conflict.textMerge == nil ? "value" : "text",
                    "isText": conflict.textMerge != nil,
                    "regions": conflictRegions(conflict),
                ] as [String: Any]
            },
            "changedFields": changed.map { spec in
                ["title": spec.title, "text": Snapshot.displayTextForWeb(merge.config[spec.key] ?? .null)] as [String: Any]
            },
            "hasChanges": !changed.isEmpty,
        ]
    }

    /// The regions of a conflict, each with what the page needs to offer Mine / Theirs (/ Edit for text).
    /// A value conflict is one region: the whole field.
    private static func conflictRegions(_ conflict: FieldConflict) -> [[String: Any]] {
        let sides: [(base: String, ours: String, theirs: String)]
        if let textMerge = conflict.textMerge {
            sides = textMerge.conflicts.map { region in
                (region.base.joined(separator: "\n"), region.ours.joined(separator: "\n"), region.theirs.joined(separator: "\n"))
            }
        } else {
            sides = [(conflict.base.map(Snapshot.displayTextForWeb) ?? "(unknown)",
                      Snapshot.displayTextForWeb(conflict.mine), Snapshot.displayTextForWeb(conflict.theirs))]
        }
        return sides.enumerated().map { index, side in
            [
                "index": index,
                "number": index + 1,
                "count": sides.count,
                "choiceName": "merge-\(conflict.field)-\(index)",
                "base": side.base,
                "ours": side.ours,
                "theirs": side.theirs,
            ]
        }
    }

    private static func label(_ reference: String) -> String {
        reference.hasPrefix("\(Preset.defaultName)@") ? "Default \(reference.dropFirst(Preset.defaultName.count + 1))" : reference
    }

    /// One side-by-side table per changed field. Connection profiles show by name, not id.
    static func fieldTables(_ diffs: [FieldDiff], snapshot: Snapshot, operation: String) -> [[String: Any]] {
        let schema = snapshot.catalog[operation]?.schema
        return diffs.map { diff in
            let spec = schema?.field(diff.field)
            let lines = spec.map(\.kind).map(isConnectionProfile) == true ? diff.lines.map { named($0, in: snapshot) } : diff.lines
            return ["title": spec?.title ?? diff.field, "rows": sideBySide(lines)] as [String: Any]
        }
    }

    /// Whether a field holds a connection profile's id (nullable or not).
    static func isConnectionProfile(_ kind: FieldKind) -> Bool {
        if case .nullable(let wrapped) = kind { return isConnectionProfile(wrapped) }
        return kind == .connectionProfile
    }

    /// A line holding a connection profile's id, as its name (ids of removed profiles stay).
    private static func named(_ line: DiffLine, in snapshot: Snapshot) -> DiffLine {
        func name(_ text: String) -> String {
            let id = text.trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            if text == "null" || text.isEmpty { return "current connection" }
            return snapshot.connectionProfiles[id]?.name ?? "unknown profile (\(id))"
        }
        switch line {
        case .same(let text): return .same(name(text))
        case .removed(let text): return .removed(name(text))
        case .added(let text): return .added(name(text))
        }
    }

    /// Pairs removed and added lines of each hunk into rows: old on the left, new on the right.
    static func sideBySide(_ lines: [DiffLine]) -> [[String: Any]] {
        var rows: [[String: Any]] = []
        var removed: [String] = []
        var added: [String] = []
        var oldNumber = 0
        var newNumber = 0
        func flush() {
            for index in 0..<max(removed.count, added.count) {
                var row: [String: Any] = ["leftClass": "empty", "rightClass": "empty", "left": "", "right": "", "leftNo": "", "rightNo": ""]
                if index < removed.count {
                    oldNumber += 1
                    row["left"] = removed[index]; row["leftClass"] = "removed"; row["leftNo"] = String(oldNumber)
                }
                if index < added.count {
                    newNumber += 1
                    row["right"] = added[index]; row["rightClass"] = "added"; row["rightNo"] = String(newNumber)
                }
                rows.append(row)
            }
            removed = []
            added = []
        }
        for line in lines {
            switch line {
            case .removed(let text): removed.append(text)
            case .added(let text): added.append(text)
            case .same(let text):
                flush()
                oldNumber += 1
                newNumber += 1
                rows.append(["left": text, "right": text, "leftClass": "same", "rightClass": "same",
                             "leftNo": String(oldNumber), "rightNo": String(newNumber)])
            }
        }
        flush()
        return rows
    }
}

extension Snapshot {
    /// Strings as they are, everything else as pretty JSON (as the domain's diffs show them).
    static func displayTextForWeb(_ value: JSONValue) -> String {
        value.stringValue ?? value.prettyText
    }
}
