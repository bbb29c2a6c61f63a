/// A region that both sides changed relative to the base, in different ways.
public struct MergeConflict: Sendable, Hashable {
    /// The region's lines in the common ancestor.
    public var base: [String]
    /// The region's lines on our side (the user's edited copy).
    public var ours: [String]
    /// The region's lines on their side (the new default).
    public var theirs: [String]

    public init(base: [String], ours: [String], theirs: [String]) {
        self.base = base
        self.ours = ours
        self.theirs = theirs
    }
}

/// One consecutive piece of a merge: either settled lines or a conflict.
public enum MergeChunk: Sendable, Hashable {
    /// Lines the merge settled on its own.
    case resolved([String])
    /// A region both sides changed differently.
    case conflict(MergeConflict)
}

/// Which side wins a conflict when producing merged text.
public enum MergeChoice: String, Sendable, Hashable, CaseIterable {
    /// Keep our side (the user's edited copy).
    case ours
    /// Keep their side (the new default).
    case theirs
}

/// The outcome of a three-way merge, as chunks in text order.
///
/// Consecutive resolved chunks are coalesced, so resolved chunks and conflicts alternate.
public struct MergeResult: Sendable, Hashable {
    /// The merged text, piece by piece.
    public var chunks: [MergeChunk]

    public init(chunks: [MergeChunk]) {
        self.chunks = chunks
    }

    /// The conflicts among the chunks, in text order.
    public var conflicts: [MergeConflict] {
        chunks.compactMap { chunk in
            guard case .conflict(let conflict) = chunk else { return nil }
            return conflict
        }
    }

    /// Whether any region needs a decision.
    public var hasConflicts: Bool {
        chunks.contains { chunk in
            guard case .conflict = chunk else { return false }
            return true
        }
    }

    /// The merged text, choosing `ours` or `theirs` for each conflict.
    ///
    /// Lines are joined with `"\n"`, without a trailing newline.
    ///
    /// - Parameter choice: The side whose lines replace every conflict.
    /// - Returns: The merged text.
    public func text(resolvingConflictsWith choice: MergeChoice) -> String {
        text { _, conflict in choice == .ours ? conflict.ours : conflict.theirs }
    }

    /// The merged text, with the lines `replacement` gives for each conflict.
    ///
    /// Lines are joined with `"\n"`, without a trailing newline.
    ///
    /// ```swift
    /// let text = result.text { index, conflict in index == 0 ? conflict.theirs : ["My own line."] }
    /// ```
    ///
    /// - Parameter replacement: The lines for a conflict, given its index among the conflicts (0 for the first) and the conflict.
    /// - Returns: The merged text.
    public func text(replacingConflicts replacement: (_ index: Int, _ conflict: MergeConflict) -> [String]) -> String {
        var conflictIndex = 0
        var lines: [String] = []
        for chunk in chunks {
            switch chunk {
            case .resolved(let resolved):
                lines += resolved
            case .conflict(let conflict):
                lines += replacement(conflictIndex, conflict)
                conflictIndex += 1
            }
        }
        return lines.joined(separator: "\n")
    }

    /// The merged text with git-style markers around each conflict.
    ///
    /// Each conflict reads:
    /// ```
    /// <<<<<<< mine
    /// (our lines)
    /// ||||||| base
    /// (base lines)
    /// =======
    /// (their lines)
    /// >>>>>>> default
    /// ```
    /// Lines are joined with `"\n"`, without a trailing newline.
    public var textWithMarkers: String {
        let lines = chunks.flatMap { chunk in
            switch chunk {
            case .resolved(let lines):
                lines
            case .conflict(let conflict):
                ["<<<<<<< mine"] + conflict.ours
                    + ["||||||| base"] + conflict.base
                    + ["======="] + conflict.theirs
                    + [">>>>>>> default"]
            }
        }
        return lines.joined(separator: "\n")
    }
}

/// diff3-style merge of two edited copies of a common ancestor.
///
/// Where only one side changed a region relative to the base, that side is taken; where
/// both changed it identically, the change is taken once; otherwise the region becomes a
/// conflict. Changes from the two sides that touch or abut the same base region, and
/// different insertions at the same place, conflict.
///
/// ```swift
/// let result = ThreeWayMerge.merge(base: installed, ours: edited, theirs: newDefault)
/// if result.hasConflicts {
///     print(result.textWithMarkers)
/// } else {
///     save(result.text(resolvingConflictsWith: .ours))
/// }
/// ```
public enum ThreeWayMerge {
    /// Merges two edited copies of `base`, line by line.
    ///
    /// - Parameters:
    ///   - base: The common ancestor's lines.
    ///   - ours: Our edited lines (the user's copy).
    ///   - theirs: Their edited lines (the new default).
    /// - Returns: The merged chunks, in order.
    public static func merge(base: [String], ours: [String], theirs: [String]) -> MergeResult {
        let identifiers = LineDiff.lineIdentifiers(base, ours, theirs)
        let oursByBase = matchIndex(LineDiff.matchedLines(identifiers[0], identifiers[1]), baseCount: base.count)
        let theirsByBase = matchIndex(LineDiff.matchedLines(identifiers[0], identifiers[2]), baseCount: base.count)

        var chunks: [MergeChunk] = []
        var resolvedLines: [String] = [] // Settled lines not yet closed into a chunk.
        func closeResolvedChunk() {
            guard !resolvedLines.isEmpty else { return }
            chunks.append(.resolved(resolvedLines))
            resolvedLines = []
        }

        var baseIndex = 0, oursIndex = 0, theirsIndex = 0
        while true {
            // A stable run: base lines matched, in step, on both sides.
            let stableStart = baseIndex
            while baseIndex < base.count,
                  oursByBase[baseIndex] == oursIndex, theirsByBase[baseIndex] == theirsIndex {
                baseIndex += 1
                oursIndex += 1
                theirsIndex += 1
            }
            resolvedLines += base[stableStart..<baseIndex]

            // The unstable region reaches up to the next base line matched on both sides.
            var nextStable = baseIndex
            while nextStable < base.count, oursByBase[nextStable] == nil || theirsByBase[nextStable] == nil {
                nextStable += 1
            }
            let oursEnd = nextStable < base.count ? oursByBase[nextStable]! : ours.count
            let theirsEnd = nextStable < base.count ? theirsByBase[nextStable]! : theirs.count
            if nextStable == baseIndex, oursEnd == oursIndex, theirsEnd == theirsIndex {
                break // Only possible at the end: otherwise the stable run would have gone on.
            }

            let baseRegion = base[baseIndex..<nextStable]
            let oursRegion = ours[oursIndex..<oursEnd]
            let theirsRegion = theirs[theirsIndex..<theirsEnd]
            if oursRegion.elementsEqual(baseRegion) {
                resolvedLines += theirsRegion
            } else if theirsRegion.elementsEqual(baseRegion) || oursRegion.elementsEqual(theirsRegion) {
                resolvedLines += oursRegion
            } else {
                closeResolvedChunk()
                chunks.append(.conflict(MergeConflict(
                    base: Array(baseRegion), ours: Array(oursRegion), theirs: Array(theirsRegion))))
            }
            baseIndex = nextStable
            oursIndex = oursEnd
            theirsIndex = theirsEnd
        }
        closeResolvedChunk()
        return MergeResult(chunks: chunks)
    }

    /// Merges two edited copies of the text `base`, line by line.
    ///
    /// The texts are split with ``LineDiff/lines(of:)``; the result's text joins lines with `"\n"`.
    ///
    /// - Parameters:
    ///   - base: The common ancestor's text.
    ///   - ours: Our edited text (the user's copy).
    ///   - theirs: Their edited text (the new default).
    /// - Returns: The merged chunks, in order.
    public static func merge(base: String, ours: String, theirs: String) -> MergeResult {
        merge(base: LineDiff.lines(of: base), ours: LineDiff.lines(of: ours), theirs: LineDiff.lines(of: theirs))
    }

    /// For each base line, the index of the line it is matched with on the other side, if any.
    private static func matchIndex(_ matches: [LineMatch], baseCount: Int) -> [Int?] {
        var index = [Int?](repeating: nil, count: baseCount)
        for match in matches {
            index[match.old] = match.new
        }
        return index
    }
}
