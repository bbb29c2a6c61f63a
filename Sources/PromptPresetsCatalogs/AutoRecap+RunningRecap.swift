import PromptPresets

// The running recap: the story so far, rebuilt from the previous one and new scene recaps.

extension AutoRecap {
    static let runningSceneRecap = promptOperation(
        key: "running_scene_recap", title: "Running recap",
        description: "Folds new scene recaps into the running recap of the whole story.",
        variables: [
            TemplateVariable("current_running_recap", "The running recap so far; empty at the start of a story.", isRequired: true),
            TemplateVariable("filtered_recap", "The new scene's recap, filtered for the running recap.", isRequired: true),
        ] + sillyTavernVariables,
        history: [
            .prompt(SemanticVersion(1, 0, 0), date: "2025-06-01",
                    changelog: ["First version: prose recap under three headings."],
                    prompt: RunningRecapPrompt.v1_0, prefill: ""),
            .prompt(SemanticVersion(1, 1, 0), date: "2025-09-15",
                    changelog: ["Adds a Relationships heading so changing ties survive compression."],
                    prompt: RunningRecapPrompt.v1_1, prefill: ""),
            .prompt(SemanticVersion(1, 2, 0), date: "2025-11-12",
                    changelog: ["Keeps the recap under a word budget by compressing the oldest events first."],
                    prompt: RunningRecapPrompt.v1_2, prefill: ""),
            .prompt(SemanticVersion(1, 3, 0), date: extensionMacrosDate,
                    changelog: ["Speaks the SillyTavern extension's macros: {{current_running_recap}} and {{filtered_recap}}; the word budget, which it does not fill, is now a plain instruction."],
                    prompt: RunningRecapPrompt.v1_3, prefill: ""),
        ])
}

private enum RunningRecapPrompt {
    static let v1_3 = v1_2.withExtensionMacros(["previous_running_recap": "current_running_recap", "scene_recaps": "filtered_recap"], lines: ["{{max_words}}": "- Stay short: compress the oldest events first, never the open threads."])

    static let v1_0 = """
        You maintain the running recap of a role-play: the story so far, in a form a reader can pick up after a long break.

        Current running recap (empty at the start of a story):
        <running_recap>
        {{previous_running_recap}}
        </running_recap>

        New scene recaps, oldest first:
        <scene_recaps>
        {{scene_recaps}}
        </scene_recaps>

        Write the updated running recap:
        - Fold the new scenes into the existing recap; keep everything that still matters.
        - Shorten resolved threads to one line each; keep open threads in full.
        - Keep the order of events.
        - Write in the past tense, third person, in plain paragraphs.
        - Do not invent motives or events, and do not address the reader.

        Use these headings:
        ## Story so far
        ## Open threads
        ## Current state

        Reply with the recap only, without any preamble.
        """

    static let v1_1 = """
        You maintain the running recap of a role-play: the story so far, in a form a reader can pick up after a long break.

        Current running recap (empty at the start of a story):
        <running_recap>
        {{previous_running_recap}}
        </running_recap>

        New scene recaps, oldest first:
        <scene_recaps>
        {{scene_recaps}}
        </scene_recaps>

        Write the updated running recap:
        - Fold the new scenes into the existing recap; keep everything that still matters.
        - Shorten resolved threads to one line each; keep open threads in full.
        - Keep the order of events.
        - Write in the past tense, third person, in plain paragraphs.
        - Do not invent motives or events, and do not address the reader.

        Use these headings:
        ## Story so far
        ## Relationships
        ## Open threads
        ## Current state

        Reply with the recap only, without any preamble.
        """

    static let v1_2 = """
        You maintain the running recap of a role-play: the story so far, in a form a reader can pick up after a long break.

        Current running recap (empty at the start of a story):
        <running_recap>
        {{previous_running_recap}}
        </running_recap>

        New scene recaps, oldest first:
        <scene_recaps>
        {{scene_recaps}}
        </scene_recaps>

        Write the updated running recap:
        - Fold the new scenes into the existing recap; keep everything that still matters.
        - Shorten resolved threads to one line each; keep open threads in full.
        - Keep the order of events.
        - Stay under {{max_words}} words: compress the oldest events first, never the open threads.
        - Write in the past tense, third person, in plain paragraphs.
        - Do not invent motives or events, and do not address the reader.

        Use these headings:
        ## Story so far
        ## Relationships
        ## Open threads
        ## Current state

        Reply with the recap only, without any preamble.
        """
}
