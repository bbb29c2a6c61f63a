import PromptPresets

// The running recap: the story so far, rebuilt from the previous one and new scene recaps.

extension AutoRecap {
    static let runningSceneRecap = promptOperation(
        key: "running_scene_recap", title: "Running recap",
        description: "Folds new scene recaps into the running recap of the whole story.",
        variables: [
            TemplateVariable("previous_running_recap", "The running recap so far; empty at the start of a story.", isRequired: true),
            TemplateVariable("scene_recaps", "The scene recaps added since, oldest first.", isRequired: true),
            TemplateVariable("max_words", "The length the running recap should stay under, in words."),
        ],
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
        ])
}

private enum RunningRecapPrompt {
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
