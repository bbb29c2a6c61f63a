import PromptPresets

// The scene-recap pipeline: recap one scene, organise it, parse it into entries,
// filter it for the story lorebook, and check it for errors.

extension AutoRecap {
    static let sceneRecap = promptOperation(
        key: "scene_recap", title: "Scene recap",
        description: "Recaps the messages of one finished scene into JSON: a recap plus lorebook facts.",
        variables: [
            TemplateVariable("scene_messages", "The scene's messages, oldest first, each with its speaker.", isRequired: true),
            TemplateVariable("message", "The scene's messages as the extension's message objects (JSON)."),
            TemplateVariable("active_setting_lore", "Lorebook entries active in the chat, so the recap records only what is new."),
            prefillVariable,
        ] + lorebookEntryTypes(required: false) + sillyTavernVariables,
        history: [
            .prompt(SemanticVersion(1, 0, 0), date: "2025-06-01",
                    changelog: ["First version: recap and setting_lore entries as JSON."],
                    prompt: SceneRecapPrompt.v1_0, prefill: ""),
            .prompt(SemanticVersion(1, 1, 0), date: "2025-09-15",
                    changelog: ["Shows the active lorebook entries so known facts are not repeated.",
                                "Prefills `{` so models answer with the JSON object straight away."],
                    prompt: SceneRecapPrompt.v1_1, prefill: "{"),
            .prompt(SemanticVersion(1, 2, 0), date: "2025-11-12",
                    changelog: ["Asks for full names on first mention so lorebook lookups find existing entries."],
                    prompt: SceneRecapPrompt.v1_2, prefill: "{"),
            .prompt(SemanticVersion(1, 3, 0), date: extensionMacrosDate,
                    changelog: ["Speaks the SillyTavern extension's macros: {{scene_messages}} and {{lorebook_entry_types}}."],
                    prompt: SceneRecapPrompt.v1_3, prefill: "{"),
        ])

    static let organizeSceneRecap = promptOperation(
        key: "organize_scene_recap", title: "Organise scene recap",
        description: "Sorts the facts of a raw scene recap into outcomes, open threads and end state.",
        variables: [
            TemplateVariable("extracted_data", "The scene recap step's output, as JSON.", isRequired: true),
            prefillVariable,
        ] + lorebookEntryTypes(required: false) + sillyTavernVariables,
        history: [
            .prompt(SemanticVersion(1, 0, 0), date: "2025-06-01",
                    changelog: ["First version: outcomes, threads and state sections."],
                    prompt: OrganizeSceneRecapPrompt.v1_0, prefill: "{"),
            .prompt(SemanticVersion(1, 1, 0), date: "2025-11-12",
                    changelog: ["Adds a relationships section for how characters' ties changed.",
                                "Gives the scene name as context when there is one."],
                    prompt: OrganizeSceneRecapPrompt.v1_1, prefill: "{"),
            .prompt(SemanticVersion(1, 2, 0), date: extensionMacrosDate,
                    changelog: ["Speaks the SillyTavern extension's macros: the recap arrives as {{extracted_data}}; the scene name, which it does not fill, is gone."],
                    prompt: OrganizeSceneRecapPrompt.v1_2, prefill: "{"),
        ])

    static let parseSceneRecap = promptOperation(
        key: "parse_scene_recap", title: "Parse scene recap",
        description: "Splits a scene recap into one lorebook entry per entity it mentions.",
        variables: [
            TemplateVariable("stage2_recap", "The organised recap to split into entries."),
            TemplateVariable("extracted_data", "The organise step's whole output, as JSON."),
            TemplateVariable("scene_recaps", "Earlier scene recaps, oldest first."),
            TemplateVariable("current_running_recap", "The running recap so far."),
            TemplateVariable("active_setting_lore", "Lorebook entries active in the chat."),
            prefillVariable,
        ] + lorebookEntryTypes(required: false) + sillyTavernVariables,
        history: [
            .prompt(SemanticVersion(1, 0, 0), date: "2025-06-01",
                    changelog: ["First version: one typed entry per entity, with keywords."],
                    prompt: ParseSceneRecapPrompt.v1_0, prefill: "{"),
            .prompt(SemanticVersion(1, 1, 0), date: "2025-11-12",
                    changelog: ["Uses full names as entry names and keeps short names as keywords.",
                                "Rejects generic keywords that made entries trigger in every scene."],
                    prompt: ParseSceneRecapPrompt.v1_1, prefill: "{"),
            .prompt(SemanticVersion(1, 2, 0), date: extensionMacrosDate,
                    changelog: ["Speaks the SillyTavern extension's macros: {{stage2_recap}} and {{lorebook_entry_types}}."],
                    prompt: ParseSceneRecapPrompt.v1_2, prefill: "{"),
        ])

    static let filterSceneRecapForStoryLorebook = promptOperation(
        key: "filter_scene_recap_sl", title: "Filter recap for story lorebook",
        description: "Keeps only the lasting facts of a scene recap for the story-lorebook (SL) pass.",
        variables: [
            TemplateVariable("extracted_sl", "The story-lorebook facts the earlier steps extracted.", isRequired: true),
            TemplateVariable("extracted_data", "The organise step's whole output, as JSON."),
            TemplateVariable("active_setting_lore", "Lorebook entries active in the chat."),
            prefillVariable,
        ] + lorebookEntryTypes(required: false) + sillyTavernVariables,
        history: [
            .prompt(SemanticVersion(1, 0, 0), date: "2025-06-01",
                    changelog: ["First version: keeps lasting facts, removes plot and dialogue."],
                    prompt: FilterSceneRecapPrompt.v1_0, prefill: "{"),
            .prompt(SemanticVersion(1, 1, 0), date: "2025-11-12",
                    changelog: ["Keeps secrets and who knows them, which were dropped as dialogue before."],
                    prompt: FilterSceneRecapPrompt.v1_1, prefill: "{"),
            .prompt(SemanticVersion(1, 2, 0), date: extensionMacrosDate,
                    changelog: ["Speaks the SillyTavern extension's macros: {{extracted_sl}} and {{lorebook_entry_types}}."],
                    prompt: FilterSceneRecapPrompt.v1_2, prefill: "{"),
        ])

    static let sceneRecapErrorDetection = promptOperation(
        key: "scene_recap_error_detection", title: "Recap error detection",
        description: "Checks a scene recap against its messages and lists unsupported, wrong or missing facts.",
        variables: [
            TemplateVariable("recap", "The recap to check.", isRequired: true),
        ] + sillyTavernVariables,
        history: [
            .prompt(SemanticVersion(1, 0, 0), date: "2025-06-01",
                    changelog: ["First version: reports unsupported, misattributed, wrong and missing facts."],
                    prompt: SceneRecapErrorDetectionPrompt.v1_0, prefill: "{"),
            .prompt(SemanticVersion(1, 1, 0), date: "2025-11-12",
                    changelog: ["Only reports an omission when later scenes would need the missing fact."],
                    prompt: SceneRecapErrorDetectionPrompt.v1_1, prefill: "{"),
            .prompt(SemanticVersion(1, 2, 0), date: extensionMacrosDate,
                    changelog: ["Speaks the SillyTavern extension's macros: the recap arrives as {{recap}}; the extension sends no messages, so the check reads the recap alone."],
                    prompt: SceneRecapErrorDetectionPrompt.v1_2, prefill: "{"),
        ])
}

private enum SceneRecapPrompt {
    static let v1_3 = v1_2.withExtensionMacros(["messages": "scene_messages", "entity_types": "lorebook_entry_types"])

    static let v1_0 = """
        You are the memory keeper for a long-running role-play. Read the scene below and write a recap that lets the story continue without the original messages.

        Entity types you may use for setting_lore entries:
        {{entity_types}}

        Rules:
        - Record only what happened in these messages; do not invent or predict events.
        - Keep names, places and objects exactly as written.
        - Prefer short factual sentences over prose.
        - Record promises, debts, secrets and unresolved questions; they matter later.
        - Note how relationships changed, not how they have always been.
        - Leave out greetings, filler and out-of-character chatter.

        Respond with a single JSON object:
        {
          "scene_name": "a short title for the scene",
          "recap": "the recap, as lines starting with '- '",
          "setting_lore": [
            {"type": "one of the entity types", "name": "entity name", "keywords": ["words that should trigger this entry"], "content": "what the scene established about it"}
          ]
        }

        Scene messages:
        {{messages}}
        """

    static let v1_1 = """
        You are the memory keeper for a long-running role-play. Read the scene below and write a recap that lets the story continue without the original messages.

        Entity types you may use for setting_lore entries:
        {{entity_types}}

        Already known (repeat a fact only if this scene changed it):
        {{active_setting_lore}}

        Rules:
        - Record only what happened in these messages; do not invent or predict events.
        - Keep names, places and objects exactly as written.
        - Prefer short factual sentences over prose.
        - Record promises, debts, secrets and unresolved questions; they matter later.
        - Note how relationships changed, not how they have always been.
        - Add a setting_lore entry only when the scene establishes something new about the entity.
        - Leave out greetings, filler and out-of-character chatter.

        Respond with a single JSON object:
        {
          "scene_name": "a short title for the scene",
          "recap": "the recap, as lines starting with '- '",
          "setting_lore": [
            {"type": "one of the entity types", "name": "entity name", "keywords": ["words that should trigger this entry"], "content": "what the scene established about it"}
          ]
        }

        Scene messages:
        {{messages}}
        """

    static let v1_2 = """
        You are the memory keeper for a long-running role-play. Read the scene below and write a recap that lets the story continue without the original messages.

        Entity types you may use for setting_lore entries:
        {{entity_types}}

        Already known (repeat a fact only if this scene changed it):
        {{active_setting_lore}}

        Rules:
        - Record only what happened in these messages; do not invent or predict events.
        - Keep names, places and objects exactly as written; give each character's full name on first mention.
        - Prefer short factual sentences over prose.
        - Record promises, debts, secrets and unresolved questions; they matter later.
        - Note how relationships changed, not how they have always been.
        - Add a setting_lore entry only when the scene establishes something new about the entity.
        - Leave out greetings, filler and out-of-character chatter.

        Respond with a single JSON object:
        {
          "scene_name": "a short title for the scene",
          "recap": "the recap, as lines starting with '- '",
          "setting_lore": [
            {"type": "one of the entity types", "name": "the entity's full name", "keywords": ["words that should trigger this entry"], "content": "what the scene established about it"}
          ]
        }

        Scene messages:
        {{messages}}
        """
}

private enum OrganizeSceneRecapPrompt {
    static let v1_2 = v1_1.withExtensionMacros(["scene_recap": "extracted_data"], lines: ["{{scene_name}}": ""])

    static let v1_0 = """
        Reorganise the scene recap below into clear sections without losing any fact.

        Recap:
        {{scene_recap}}

        Instructions:
        - Move every fact into exactly one section; do not drop or merge facts.
        - Keep the wording of each fact unless it is ambiguous.
        - Put events in the order they happened.
        - Do not add interpretation, foreshadowing or opinions.

        Respond with a single JSON object:
        {
          "outcomes": ["what happened and what it led to"],
          "threads": ["unresolved questions, promises and plans"],
          "state": ["where everyone is, and what they carry or know, at the end of the scene"]
        }
        """

    static let v1_1 = """
        Reorganise the scene recap below into clear sections without losing any fact.

        Scene: {{scene_name}}

        Recap:
        {{scene_recap}}

        Instructions:
        - Move every fact into exactly one section; do not drop or merge facts.
        - Keep the wording of each fact unless it is ambiguous.
        - Put events in the order they happened.
        - Do not add interpretation, foreshadowing or opinions.

        Respond with a single JSON object:
        {
          "outcomes": ["what happened and what it led to"],
          "threads": ["unresolved questions, promises and plans"],
          "relationships": ["how ties between characters changed, naming both sides"],
          "state": ["where everyone is, and what they carry or know, at the end of the scene"]
        }
        """
}

private enum ParseSceneRecapPrompt {
    static let v1_2 = v1_1.withExtensionMacros(["scene_recap": "stage2_recap", "entity_types": "lorebook_entry_types"])

    static let v1_0 = """
        Split the scene recap below into separate lorebook entries, one per entity it mentions.

        Entity types (name: when to use it):
        {{entity_types}}

        Recap:
        {{scene_recap}}

        Rules:
        - Create one entry per distinct entity; combine all facts about the same entity.
        - Use only the entity types listed above; skip types marked as guidance only.
        - The content of an entry states facts about the entity, in the present tense.
        - Keywords are the names and nicknames a reader would use for the entity.
        - Do not create entries for one-off actions that leave nothing behind.

        Respond with a single JSON object:
        {
          "entries": [
            {"type": "entity type", "name": "entity name", "keywords": ["name", "nickname"], "content": "facts about the entity"}
          ]
        }
        """

    static let v1_1 = """
        Split the scene recap below into separate lorebook entries, one per entity it mentions.

        Entity types (name: when to use it):
        {{entity_types}}

        Recap:
        {{scene_recap}}

        Rules:
        - Create one entry per distinct entity; combine all facts about the same entity.
        - Use only the entity types listed above; skip types marked as guidance only.
        - The content of an entry states facts about the entity, in the present tense.
        - Use the entity's full name as the entry name; put shorter names and nicknames in keywords.
        - Keywords must be specific to the entity: never common words such as "door", "sword" or "king".
        - Do not create entries for one-off actions that leave nothing behind.

        Respond with a single JSON object:
        {
          "entries": [
            {"type": "entity type", "name": "full name", "keywords": ["name", "nickname"], "content": "facts about the entity"}
          ]
        }
        """
}

private enum FilterSceneRecapPrompt {
    static let v1_2 = v1_1.withExtensionMacros(["scene_recap": "extracted_sl", "entity_types": "lorebook_entry_types"])

    static let v1_0 = """
        You prepare a scene recap for the story lorebook (SL). The lorebook keeps lasting facts; the running recap keeps the plot. Remove from the recap everything that does not belong in the lorebook.

        Entity types the lorebook tracks:
        {{entity_types}}

        Recap:
        {{scene_recap}}

        Keep:
        - Lasting facts about characters, places, items, factions and lore.
        - Changes of state that stay true in later scenes (injuries, ownership, allegiance).
        - Relationships and how they changed.

        Remove:
        - Moment-to-moment actions and dialogue.
        - Plot summary that only makes sense in sequence.
        - Facts already obvious from an entity's name or type.

        Respond with a single JSON object:
        {"kept": ["each kept fact as one sentence naming its entity"], "removedCount": 0}
        """

    static let v1_1 = """
        You prepare a scene recap for the story lorebook (SL). The lorebook keeps lasting facts; the running recap keeps the plot. Remove from the recap everything that does not belong in the lorebook.

        Entity types the lorebook tracks:
        {{entity_types}}

        Recap:
        {{scene_recap}}

        Keep:
        - Lasting facts about characters, places, items, factions and lore.
        - Changes of state that stay true in later scenes (injuries, ownership, allegiance).
        - Relationships and how they changed.
        - Secrets, and exactly who knows them, even when they were revealed in dialogue.

        Remove:
        - Moment-to-moment actions, and dialogue that reveals nothing lasting.
        - Plot summary that only makes sense in sequence.
        - Facts already obvious from an entity's name or type.

        Respond with a single JSON object:
        {"kept": ["each kept fact as one sentence naming its entity"], "removedCount": 0}
        """
}

private enum SceneRecapErrorDetectionPrompt {
    /// The extension gives this step the recap alone.
    static let v1_2 = """
        Check the scene recap below for mistakes a careful reader would spot without the original messages, and report each one.

        Recap:
        {{recap}}

        Look for:
        - Statements that contradict each other.
        - The same person, place or object under two different names.
        - Actions or words whose speaker or actor is unclear or inconsistent.
        - Promises, injuries, secrets or changes of place that are mentioned but left half-told.
        - Output that is not the JSON shape the recap step asks for.

        Do not report style, wording or length.

        Respond with a single JSON object:
        {"valid": true, "errors": [{"kind": "contradiction | naming | attribution | incomplete | format", "detail": "what is wrong, and how to fix it"}]}
        Set "valid" to false whenever "errors" is not empty.
        """

    static let v1_0 = """
        Check a scene recap against the messages it was written from and report every error.

        Messages:
        {{messages}}

        Recap:
        {{scene_recap}}

        Look for:
        - Facts in the recap that the messages do not support.
        - Actions or words attributed to the wrong character.
        - Wrong names, places or numbers.
        - Events in the messages that the recap leaves out.
        - Output that is not the JSON shape the recap step asks for.

        Do not report style, wording or length.

        Respond with a single JSON object:
        {"valid": true, "errors": [{"kind": "unsupported | misattributed | wrong_detail | omission | format", "detail": "what is wrong, and the correct version"}]}
        Set "valid" to false whenever "errors" is not empty.
        """

    static let v1_1 = """
        Check a scene recap against the messages it was written from and report every error.

        Messages:
        {{messages}}

        Recap:
        {{scene_recap}}

        Look for:
        - Facts in the recap that the messages do not support.
        - Actions or words attributed to the wrong character.
        - Wrong names, places or numbers.
        - Events in the messages that the recap leaves out, if a later scene would need them (promises, injuries, secrets, changes of place).
        - Output that is not the JSON shape the recap step asks for.

        Do not report style, wording, length, or omissions of small talk and scenery.

        Respond with a single JSON object:
        {"valid": true, "errors": [{"kind": "unsupported | misattributed | wrong_detail | omission | format", "detail": "what is wrong, and the correct version"}]}
        Set "valid" to false whenever "errors" is not empty.
        """
}
