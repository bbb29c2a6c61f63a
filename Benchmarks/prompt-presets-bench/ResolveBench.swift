import PromptPresets

/// Figure 1: resolving one operation in memory costs about a dictionary lookup, whether one
/// chat or a million are bound.
///
/// The baseline is a plain `[String: PresetID]` built from the same chat keys (not
/// `bindings.chats`, which is a persistent hash trie): what a hand-written lookup table
/// would cost. Both loops read the same random contexts.
func benchmarkInMemoryResolve(chatCounts: [Int]) throws {
    section("In-process resolve vs a bare [String: PresetID] lookup (random chat per call)")
    let operationKeys = catalog.operationKeys
    let iterations = 1_000_000
    for chats in chatCounts {
        let snapshot = BenchData(chats: chats).snapshot
        let plain = Dictionary(uniqueKeysWithValues: snapshot.bindings.chats.map { ($0.key, $0.value) })
        let sample = randomContexts(chats: chats)
        let mask = sample.count - 1  // a power of two
        precondition(sample.count & mask == 0)

        let baseline = bestNanosecondsPerCall(iterations: iterations) { index in
            if plain[sample[index & mask].chat!] != nil { sink &+= 1 }
        }
        let resolve = try bestNanosecondsPerCall(iterations: iterations) { index in
            let resolution = try snapshot.resolve(operationKeys[index % operationKeys.count], in: sample[index & mask])
            sink &+= resolution.artifact?.number ?? 0
        }
        report("\(chats) chats bound: dictionary lookup", format(baseline) + "/op")
        report("\(chats) chats bound: resolve one operation",
               format(resolve) + "/op  " + String(format: "%.1f× the lookup", resolve / baseline))
    }
}
