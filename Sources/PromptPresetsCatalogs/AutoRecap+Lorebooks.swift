import PromptPresets

// Lorebook maintenance: merge, look up, deduplicate, bulk-populate and compact entries.

extension AutoRecap {
    static let lorebookEntryMerge = promptOperation(
        key: "auto_lorebooks_recap_merge", title: "Lorebook entry merge",
        description: "Merges newly recapped facts about an entity into its existing lorebook entry.",
        variables: [
            TemplateVariable("existing_content", "The entry's current content.", isRequired: true),
            TemplateVariable("new_content", "The new facts about the same entity from the latest scene.", isRequired: true),
            TemplateVariable("entry_name", "The entry's current name."),
            TemplateVariable("current_content", "Another name for existing_content."),
            TemplateVariable("new_update", "Another name for new_content."),
        ] + sillyTavernVariables,
        history: [
            .prompt(SemanticVersion(1, 0, 0), date: "2025-06-01",
                    changelog: ["First version: newest facts win, repetition removed."],
                    prompt: MergePrompt.v1_0, prefill: "{"),
            .prompt(SemanticVersion(1, 1, 0), date: "2025-11-12",
                    changelog: ["Records changes of state as history (\"formerly …\") instead of overwriting the old fact."],
                    prompt: MergePrompt.v1_1, prefill: "{"),
            .prompt(SemanticVersion(1, 2, 0), date: extensionMacrosDate,
                    changelog: ["Speaks the SillyTavern extension's macros: {{existing_content}} and {{new_content}}."],
                    prompt: MergePrompt.v1_2, prefill: "{"),
        ])

    static let lorebookEntryLookup = promptOperation(
        key: "auto_lorebooks_recap_lorebook_entry_lookup", title: "Lorebook entry lookup",
        description: "Finds the existing lorebook entries a newly recapped entity may already match.",
        variables: [
            TemplateVariable("new_entry", "The new entry: type, name, keywords and content.", isRequired: true),
            TemplateVariable("candidate_registry", "Existing entries, one per line as `uid | type | name | synopsis`.", isRequired: true),
        ] + lorebookEntryTypes(required: true) + sillyTavernVariables,
        history: [
            .prompt(SemanticVersion(1, 0, 0), date: "2025-06-01",
                    changelog: ["First version: type, synopsis, certain and possible matches."],
                    prompt: LookupPrompt.v1_0, prefill: "{"),
            .prompt(SemanticVersion(1, 1, 0), date: "2025-11-12",
                    changelog: ["Compares keywords too, so nicknames and titles find their entity.",
                                "Never lists a uid as both a certain and a possible match."],
                    prompt: LookupPrompt.v1_1, prefill: "{"),
            .prompt(SemanticVersion(1, 2, 0), date: extensionMacrosDate,
                    changelog: ["Speaks the SillyTavern extension's macros: {{lorebook_entry_types}}."],
                    prompt: LookupPrompt.v1_2, prefill: "{"),
        ])

    static let lorebookEntryDeduplicate = promptOperation(
        key: "auto_lorebooks_recap_lorebook_entry_deduplicate", title: "Lorebook entry deduplication",
        description: "Decides which candidate entry, if any, a new entry duplicates, reading their full content.",
        variables: [
            TemplateVariable("new_entry", "The new entry: type, name, keywords and content.", isRequired: true),
            TemplateVariable("candidate_entries", "The possible matches from the lookup, each with its uid and full content.", isRequired: true),
            TemplateVariable("lorebook_entry_lookup_synopsis", "The synopsis the lookup step wrote for the new entry."),
        ] + lorebookEntryTypes(required: false) + sillyTavernVariables,
        history: [
            .prompt(SemanticVersion(1, 0, 0), date: "2025-06-01",
                    changelog: ["First version: picks a certain match or null."],
                    prompt: DeduplicatePrompt.v1_0, prefill: "{"),
            .prompt(SemanticVersion(1, 1, 0), date: "2025-11-12",
                    changelog: ["Shows the lookup synopsis so both steps describe the entity alike.",
                                "Prefers the candidate with the most content, not the lowest uid, when two match."],
                    prompt: DeduplicatePrompt.v1_1, prefill: "{"),
            .prompt(SemanticVersion(1, 2, 0), date: extensionMacrosDate,
                    changelog: ["Speaks the SillyTavern extension's macros: {{lorebook_entry_lookup_synopsis}}."],
                    prompt: DeduplicatePrompt.v1_2, prefill: "{"),
        ])

    static let lorebookBulkPopulate = promptOperation(
        key: "auto_lorebooks_bulk_populate", title: "Lorebook bulk populate",
        description: "Classifies a list of imported lorebook entries and writes a synopsis for each.",
        variables: [
            TemplateVariable("new_entries", "The entries to classify, one block each with id, name and content.", isRequired: true),
        ] + lorebookEntryTypes(required: true) + sillyTavernVariables,
        history: [
            .prompt(SemanticVersion(1, 0, 0), date: "2025-06-01",
                    changelog: ["First version: a type and a synopsis for every entry."],
                    prompt: BulkPopulatePrompt.v1_0, prefill: "{"),
            .prompt(SemanticVersion(1, 1, 0), date: "2025-11-12",
                    changelog: ["Suggests keywords for entries that have none."],
                    prompt: BulkPopulatePrompt.v1_1, prefill: "{"),
            .prompt(SemanticVersion(1, 2, 0), date: extensionMacrosDate,
                    changelog: ["Speaks the SillyTavern extension's macros: {{lorebook_entry_types}}."],
                    prompt: BulkPopulatePrompt.v1_2, prefill: "{"),
        ])

    static let lorebookEntryCompaction = promptOperation(
        key: "auto_lorebooks_recap_lorebook_entry_compaction", title: "Lorebook entry compaction",
        description: "Rewrites an over-long lorebook entry to a target length, keeping every fact that matters.",
        variables: [
            TemplateVariable("existing_content", "The entry's current, over-long content.", isRequired: true),
            TemplateVariable("entry_name", "The entry's name."),
        ] + sillyTavernVariables,
        history: [
            .prompt(SemanticVersion(1, 0, 0), date: "2025-06-01",
                    changelog: ["First version: shorten to a target length, keeping lasting facts."],
                    prompt: CompactionPrompt.v1_0, prefill: "{"),
            .prompt(SemanticVersion(1, 1, 0), date: "2025-09-15",
                    changelog: ["Keeps quoted promises, oaths and prophecies word for word."],
                    prompt: CompactionPrompt.v1_1, prefill: "{"),
            .prompt(SemanticVersion(1, 2, 0), date: "2025-11-12",
                    changelog: ["Also returns the facts it dropped, so hosts can show what was removed."],
                    prompt: CompactionPrompt.v1_2, prefill: "{"),
            .prompt(SemanticVersion(1, 3, 0), date: extensionMacrosDate,
                    changelog: ["Speaks the SillyTavern extension's macros: the target length, which it does not fill, is now a plain instruction."],
                    prompt: CompactionPrompt.v1_3, prefill: "{"),
        ])
}

private enum MergePrompt {
    static let v1_2 = v1_1.withExtensionMacros(["existing_entry": "existing_content", "new_entry": "new_content"])

    static let v1_0 = """
        Merge new information into an existing lorebook entry.

        Entry: {{entry_name}}

        Existing content:
        {{existing_entry}}

        New information from the latest scene:
        {{new_entry}}

        Rules:
        - Keep every fact from the existing content that the new information does not contradict.
        - When the new information contradicts the old, keep the new and drop the old.
        - Add new facts where they fit; do not append a separate "update" paragraph.
        - Remove repetition; keep the entry as short as the facts allow.
        - Write in the present tense, as facts about the entity.

        Respond with a single JSON object:
        {"mergedContent": "the full merged entry", "canonicalName": "the entity's fullest known name"}
        """

    static let v1_1 = """
        Merge new information into an existing lorebook entry.

        Entry: {{entry_name}}

        Existing content:
        {{existing_entry}}

        New information from the latest scene:
        {{new_entry}}

        Rules:
        - Keep every fact from the existing content that the new information does not contradict.
        - When something changed in the story, keep the new state and mention the old one briefly ("formerly a squire").
        - When the old content was simply wrong, replace it without comment.
        - Add new facts where they fit; do not append a separate "update" paragraph.
        - Remove repetition; keep the entry as short as the facts allow.
        - Write in the present tense, as facts about the entity.

        Respond with a single JSON object:
        {"mergedContent": "the full merged entry", "canonicalName": "the entity's fullest known name"}
        """
}

private enum LookupPrompt {
    static let v1_2 = v1_1.withExtensionMacros(["entity_types": "lorebook_entry_types"])

    static let v1_0 = """
        Decide whether a new lorebook entry describes an entity the lorebook already has.

        Entity types:
        {{entity_types}}

        New entry:
        {{new_entry}}

        Existing entries (uid | type | name | synopsis):
        {{candidate_registry}}

        Steps:
        1. Choose the entity type of the new entry from the list above.
        2. Write a one-line synopsis of the new entry.
        3. List the uids of existing entries that are certainly the same entity.
        4. List the uids of existing entries that might be the same entity but need their full content to decide.

        The same name and type is strong evidence; a shared surname or title alone is not.
        If nothing matches, return empty lists.

        Respond with a single JSON object:
        {"type": "entity type", "synopsis": "one line", "sameEntityUids": [], "needsFullContextUids": []}
        """

    static let v1_1 = """
        Decide whether a new lorebook entry describes an entity the lorebook already has.

        Entity types:
        {{entity_types}}

        New entry:
        {{new_entry}}

        Existing entries (uid | type | name | synopsis):
        {{candidate_registry}}

        Steps:
        1. Choose the entity type of the new entry from the list above.
        2. Write a one-line synopsis of the new entry.
        3. List the uids of existing entries that are certainly the same entity.
        4. List the uids of existing entries that might be the same entity but need their full content to decide.

        The same name and type is strong evidence; a shared surname or title alone is not.
        Compare the new entry's keywords as well as its name: nicknames and titles count as names.
        A uid appears in at most one list. If nothing matches, return empty lists.

        Respond with a single JSON object:
        {"type": "entity type", "synopsis": "one line", "sameEntityUids": [], "needsFullContextUids": []}
        """
}

private enum DeduplicatePrompt {
    static let v1_2 = v1_1.withExtensionMacros(["lookup_synopsis": "lorebook_entry_lookup_synopsis"])

    static let v1_0 = """
        A new lorebook entry might duplicate one of the existing entries below. Decide which one, if any, it describes.

        New entry:
        {{new_entry}}

        Candidate entries, with their full content:
        {{candidate_entries}}

        Rules:
        - Pick a candidate only if it is certainly the same entity, not merely related to it.
        - A character and a relative of theirs, or a city and a building in it, are different entities.
        - If two candidates describe the same entity, pick the one with the lower uid.
        - If none matches, answer null.

        Respond with a single JSON object:
        {"resolvedUid": "the uid of the matching candidate, or null", "synopsis": "a one-line synopsis of the entity"}
        """

    static let v1_1 = """
        A new lorebook entry might duplicate one of the existing entries below. Decide which one, if any, it describes.

        New entry:
        {{new_entry}}

        Synopsis from the lookup step:
        {{lookup_synopsis}}

        Candidate entries, with their full content:
        {{candidate_entries}}

        Rules:
        - Pick a candidate only if it is certainly the same entity, not merely related to it.
        - A character and a relative of theirs, or a city and a building in it, are different entities.
        - If two candidates describe the same entity, pick the one with the most content.
        - If none matches, answer null.

        Respond with a single JSON object:
        {"resolvedUid": "the uid of the matching candidate, or null", "synopsis": "a one-line synopsis of the entity"}
        """
}

private enum BulkPopulatePrompt {
    static let v1_2 = v1_1.withExtensionMacros(["entity_types": "lorebook_entry_types"])

    static let v1_0 = """
        Classify each of the lorebook entries below and write a synopsis for it. The entries come from an import and have no type yet.

        Entity types (name: when to use it):
        {{entity_types}}

        Entries, one block each with an id, a name and content:
        {{new_entries}}

        For every entry:
        - Choose exactly one entity type from the list; never a guidance-only type.
        - Write a one-line synopsis (at most 20 words) saying what the entity is.
        - Keep the id exactly as given.
        - Do not skip any entry, and do not merge entries.

        Respond with a single JSON object:
        {"results": [{"id": "entry id", "type": "entity type", "synopsis": "one line"}]}
        """

    static let v1_1 = """
        Classify each of the lorebook entries below and write a synopsis for it. The entries come from an import and have no type yet.

        Entity types (name: when to use it):
        {{entity_types}}

        Entries, one block each with an id, a name and content:
        {{new_entries}}

        For every entry:
        - Choose exactly one entity type from the list; never a guidance-only type.
        - Write a one-line synopsis (at most 20 words) saying what the entity is.
        - If the entry has no keywords, suggest two to four: its names, nicknames and titles.
        - Keep the id exactly as given.
        - Do not skip any entry, and do not merge entries.

        Respond with a single JSON object:
        {"results": [{"id": "entry id", "type": "entity type", "synopsis": "one line", "keywords": []}]}
        """
}

private enum CompactionPrompt {
    static let v1_3 = v1_2.withExtensionMacros([:], lines: ["{{target_tokens}}": "Target length: about half of the current content."])

    static let v1_0 = """
        The lorebook entry below has grown too long. Rewrite it shorter without losing what matters.

        Entry: {{entry_name}}

        Current content:
        {{existing_content}}

        Target length: about {{target_tokens}} tokens.

        Rules:
        - Keep every fact a later scene could depend on: identity, relationships, possessions, secrets, promises.
        - Merge repeated or overlapping statements.
        - Drop moment-to-moment history that no longer affects the present.
        - Keep the present tense and the entity's canonical name.
        - Do not add new facts or interpretations.

        Respond with a single JSON object:
        {"compactedContent": "the rewritten entry"}
        """

    static let v1_1 = """
        The lorebook entry below has grown too long. Rewrite it shorter without losing what matters.

        Entry: {{entry_name}}

        Current content:
        {{existing_content}}

        Target length: about {{target_tokens}} tokens.

        Rules:
        - Keep every fact a later scene could depend on: identity, relationships, possessions, secrets, promises.
        - Keep quoted promises, oaths and prophecies word for word.
        - Merge repeated or overlapping statements.
        - Drop moment-to-moment history that no longer affects the present.
        - Keep the present tense and the entity's canonical name.
        - Do not add new facts or interpretations.

        Respond with a single JSON object:
        {"compactedContent": "the rewritten entry"}
        """

    static let v1_2 = """
        The lorebook entry below has grown too long. Rewrite it shorter without losing what matters.

        Entry: {{entry_name}}

        Current content:
        {{existing_content}}

        Target length: about {{target_tokens}} tokens.

        Rules:
        - Keep every fact a later scene could depend on: identity, relationships, possessions, secrets, promises.
        - Keep quoted promises, oaths and prophecies word for word.
        - Merge repeated or overlapping statements.
        - Drop moment-to-moment history that no longer affects the present.
        - Keep the present tense and the entity's canonical name.
        - Do not add new facts or interpretations.

        Respond with a single JSON object:
        {"compactedContent": "the rewritten entry", "droppedFacts": ["each fact you removed, as one short sentence"]}
        """
}
