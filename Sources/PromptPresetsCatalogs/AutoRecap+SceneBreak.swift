import PromptPresets

// Scene-break detection, with the forced variant used when the user insists on a break.

extension AutoRecap {
    static let sceneBreak = promptOperation(
        key: "auto_scene_break", title: "Scene break detection",
        description: "Decides whether a new scene starts within a range of messages, and where.",
        extraFields: [
            FieldSpec("forced_prompt", title: "Forced prompt", kind: .prompt),
            FieldSpec("forced_prefill", title: "Forced prefill", kind: .prefill),
            FieldSpec("forced_connection_profile", title: "Forced connection profile", kind: .connectionProfile),
            FieldSpec("forced_completion_preset_name", title: "Forced completion preset", kind: .shortText),
            FieldSpec("forced_include_preset_prompts", title: "Forced include preset prompts", kind: .boolean),
        ],
        variables: [
            TemplateVariable("messages", "The messages to examine, each prefixed with its index in square brackets.", isRequired: true),
            TemplateVariable("earliest_allowed_break", "The lowest message index that may start a new scene.", isRequired: true),
            TemplateVariable("minimum_scene_length", "The fewest messages a scene should have."),
            prefillVariable,
        ] + sillyTavernVariables,
        history: [
            .prompt(SemanticVersion(1, 0, 0), date: "2025-06-01",
                    changelog: ["First version: optional break, plus a forced variant that always picks a message."],
                    prompt: SceneBreakPrompt.v1_0, prefill: "{",
                    extraFields: forcedSettings(prompt: ForcedSceneBreakPrompt.v1_0)),
            .prompt(SemanticVersion(1, 1, 0), date: "2025-11-12",
                    changelog: ["Plans to go somewhere later no longer count as a break until the move happens.",
                                "Avoids very short scenes, and the forced variant no longer splits a dialogue exchange."],
                    prompt: SceneBreakPrompt.v1_1, prefill: "{",
                    extraFields: forcedSettings(prompt: ForcedSceneBreakPrompt.v1_1)),
            .prompt(SemanticVersion(1, 2, 0), date: extensionMacrosDate,
                    changelog: ["Speaks the SillyTavern extension's macros: {{earliest_allowed_break}}, in the forced variant too."],
                    prompt: SceneBreakPrompt.v1_2, prefill: "{",
                    extraFields: forcedSettings(prompt: ForcedSceneBreakPrompt.v1_2)),
        ])

    /// The `forced_*` fields: the forced prompt with the standard settings.
    private static func forcedSettings(prompt: String) -> [String: JSONValue] {
        [
            "forced_prompt": .string(prompt),
            "forced_prefill": .string("{"),
            "forced_connection_profile": .null,
            "forced_completion_preset_name": .string(""),
            "forced_include_preset_prompts": .bool(false),
        ]
    }
}

private enum SceneBreakPrompt {
    static let v1_2 = v1_1.withExtensionMacros(["earliest_allowed_index": "earliest_allowed_break"])

    static let v1_0 = """
        You decide where a role-play scene ends. The messages below are numbered; each starts with its index in square brackets.

        {{messages}}

        A scene break is a clear change of:
        - location (the characters go somewhere else),
        - time (a skip such as "the next morning"),
        - cast (the main characters change),
        - or focus (a new storyline starts).

        A change of topic inside the same conversation is not a scene break.
        Only a message with an index of {{earliest_allowed_index}} or higher may start a new scene.

        Respond with a single JSON object:
        {"sceneBreakAt": 42, "rationale": "one sentence naming the change"}
        where sceneBreakAt is the index of the first message of the new scene, or false when there is no scene break.
        """

    static let v1_1 = """
        You decide where a role-play scene ends. The messages below are numbered; each starts with its index in square brackets.

        {{messages}}

        A scene break is a clear change of:
        - location (the characters go somewhere else),
        - time (a skip such as "the next morning"),
        - cast (the main characters change),
        - or focus (a new storyline starts).

        A change of topic inside the same conversation is not a scene break.
        A plan to go somewhere or do something later is not a break until the move actually happens.
        Only a message with an index of {{earliest_allowed_index}} or higher may start a new scene.
        A scene should have at least {{minimum_scene_length}} messages; when in doubt, prefer no break over a very short scene.

        Respond with a single JSON object:
        {"sceneBreakAt": 42, "rationale": "one sentence naming the change"}
        where sceneBreakAt is the index of the first message of the new scene, or false when there is no scene break.
        """
}

private enum ForcedSceneBreakPrompt {
    static let v1_2 = v1_1.withExtensionMacros(["earliest_allowed_index": "earliest_allowed_break"])

    static let v1_0 = """
        You must split the role-play messages below into two scenes. The messages are numbered; each starts with its index in square brackets.

        {{messages}}

        Choose the message that best starts a new scene: a change of location, time, cast or focus.
        If none is clear, choose the message where the conversation shifts the most.
        The index must be {{earliest_allowed_index}} or higher. "No break" is not an option.

        Respond with a single JSON object:
        {"sceneBreakAt": 42, "rationale": "one sentence naming the change"}
        where sceneBreakAt is the index of the first message of the new scene.
        """

    static let v1_1 = """
        You must split the role-play messages below into two scenes. The messages are numbered; each starts with its index in square brackets.

        {{messages}}

        Choose the message that best starts a new scene: a change of location, time, cast or focus.
        If none is clear, choose the message where the conversation shifts the most.
        Never split a question from its answer; prefer a message that opens a new exchange.
        The index must be {{earliest_allowed_index}} or higher. "No break" is not an option.

        Respond with a single JSON object:
        {"sceneBreakAt": 42, "rationale": "one sentence naming the change"}
        where sceneBreakAt is the index of the first message of the new scene.
        """
}
