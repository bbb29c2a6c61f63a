import Testing
@testable import PromptPresets

@Suite("BindingMap: a flat table under a persistent trie of changes")
struct BindingMapTests {
    @Test("reads what was written, across folds, and older copies keep what they had")
    func readsAndFolds() {
        var map = BindingMap((0..<1_000).reduce(into: [:]) { $0["chat-\($1)"] = PresetID("p\($1 % 7)") })
        let before = map
        // Enough changes to fold several times (more than minimumDelta and an eighth of the table).
        var expected = (0..<1_000).reduce(into: [String: PresetID]()) { $0["chat-\($1)"] = PresetID("p\($1 % 7)") }
        for round in 0..<(BindingMap.minimumDelta * 3) {
            let key = "chat-\(round % 1_500)"
            let preset: PresetID? = round % 5 == 0 ? nil : PresetID("q\(round)")
            map.set(key, to: preset)
            expected[key] = preset
        }
        #expect(map.count == expected.count)
        for (key, preset) in expected { #expect(map[key] == preset) }
        #expect(map["chat-1499"] == expected["chat-1499"])
        #expect(map["nobody"] == nil)
        #expect(Dictionary(uniqueKeysWithValues: map.entries.map { ($0.key, $0.value) }) == expected)
        #expect(map == BindingMap(expected), "equal whatever the split between table and changes")
        #expect(map.hashValue == BindingMap(expected).hashValue)

        #expect(before.count == 1_000, "the snapshot before the writes still sees its own bindings")
        #expect(before["chat-5"] == PresetID("p5"))
    }

    @Test("setting a key back to its original value leaves no change behind")
    func revertToBase() {
        var map = BindingMap(["c1": PresetID("a")])
        map.set("c1", to: PresetID("b"))
        map.set("c1", to: PresetID("a"))
        #expect(map == BindingMap(["c1": PresetID("a")]))
        #expect(map.count == 1)
        map.set("c1", to: nil)
        #expect(map.isEmpty && map["c1"] == nil)
    }
}
