"""The web UI driven as a person would: sign in, edit, bind, share, update.

Every test starts with an empty store (see conftest.py) and leaves a screenshot behind.
"""

import json
import os
import pathlib
import re
import time
import urllib.error
import urllib.request

import pytest
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By

from ui import call_api
from selenium.webdriver.support.ui import Select


ROOT = pathlib.Path(__file__).resolve().parent.parent.parent


def test_signing_in_with_the_token_opens_the_app(ui, server):
    ui.driver.get(server.url + "/")
    assert ui.driver.current_url.endswith("/login"), "the app should send a signed-out visitor to the sign-in page"

    ui.visible("login-token").send_keys("not-the-token")
    ui.testid("login-submit").click()
    assert "not the admin token" in ui.visible("login-error").text

    ui.testid("login-token").send_keys(server.token)
    ui.testid("login-submit").click()
    ui.visible("preset-select")
    assert ui.selected_preset() == "Default"
    assert ui.badge()[0] == "default"
    cookie = ui.driver.get_cookie("pp_session")
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Strict"
    assert ui.driver.execute_script("return document.cookie") == "", "the session cookie must not be readable by script"
    # Every catalog operation has its section, titled from the catalog.
    titles = [e.text for e in ui.driver.find_elements(By.CSS_SELECTOR, ".operation .op-title")]
    assert "Scene recap" in titles and "Entity types" in titles and len(titles) == 13


def test_duplicating_default_and_editing_the_scene_recap_creates_v1(signed_in):
    ui = signed_in
    ui.click_and_reload("duplicate-preset")
    assert ui.selected_preset() == "Copy of Default"
    ui.wait_notice("Created “Copy of Default”")
    assert ui.version_of("scene_recap").startswith("Default")

    ui.open_editor("scene_recap")
    assert "first change creates a new version" in ui.editor_status()
    ui.replace_prompt("Summarise the scene in five bullet points.\n\n{{scene_messages}}\n")
    ui.wait_text("editor-status", "Saved as v1")
    assert ui.testid("editor-name").get_attribute("value") == "v1"
    # The version exists while the editor is still open (auto-save, not save-on-close).
    ui.finish_edit()

    ui.wait_notice("Saved Scene recap as “v1”")
    assert ui.version_of("scene_recap") == "v1"
    assert ui.shown_prompt("scene_recap").startswith("Summarise the scene in five bullet points.")


def test_editing_the_default_preset_copies_it_on_the_first_change_and_says_so(signed_in):
    ui = signed_in
    ui.open_editor("scene_recap")
    ui.replace_prompt("Recap the scene.\n{{scene_messages}}\n")
    ui.wait_text("editor-status", "Saved as v1")
    notice = ui.wait_notice("Default is read-only")
    assert any("Copy of Default" in n and "profile “Default”" in n for n in notice)
    ui.finish_edit()
    assert ui.selected_preset() == "Copy of Default"
    assert ui.badge()[0] == "profile", "the copy becomes the profile's active preset"
    assert ui.version_of("scene_recap") == "v1"


def test_opening_the_editor_on_default_and_closing_it_creates_nothing(signed_in):
    ui = signed_in
    ui.open_editor("scene_recap")
    ui.reload_after(lambda: ui.testid("editor-cancel").click())
    assert ui.preset_names() == ["Default"], "no copy of Default without a change"
    assert ui.selected_preset() == "Default"


def test_cancelling_an_edit_restores_the_previous_version(signed_in):
    ui = signed_in
    ui.click_and_reload("duplicate-preset")
    ui.open_editor("scene_recap")
    ui.replace_prompt("First version.\n{{scene_messages}}\n")
    ui.wait_text("editor-status", "Saved as v1")
    ui.finish_edit()
    assert ui.version_of("scene_recap") == "v1"

    ui.open_editor("scene_recap")
    ui.replace_prompt("Second thoughts.\n{{scene_messages}}\n")
    ui.wait_text("editor-status", "Saved as v2")
    ui.testid("editor-cancel").click()
    confirm = ui.visible("cancel-confirm")
    assert "Discard" in confirm.text
    ui.testid("editor-keep-editing").click()
    assert ui.testid("editor").is_displayed(), "keep editing leaves the editor open"

    ui.testid("editor-cancel").click()
    ui.visible("cancel-confirm")
    ui.reload_after(lambda: ui.testid("editor-discard").click())
    ui.wait_notice("Edit cancelled")
    assert ui.version_of("scene_recap") == "v1"
    assert ui.shown_prompt("scene_recap").startswith("First version.")
    options = [o.text for o in ui.driver.find_elements(
        By.CSS_SELECTOR, '[data-testid="artifact-select-scene_recap"] option')]
    assert "v2" not in options, "the cancelled version is gone"


def test_binding_to_chat_and_character_changes_the_source_badge_with_the_context(signed_in):
    ui = signed_in
    ui.set_context(character="Alice", chat="chat-1")
    assert ui.badge()[0] == "default"
    ui.click_and_reload("duplicate-preset")
    assert ui.selected_preset() == "Copy of Default"
    assert ui.badge()[0] == "none", "a preset that is only being viewed is marked as not in effect"
    assert ui.testid("not-in-effect").is_displayed()

    ui.click_and_reload("bind-chat")
    assert ui.selected_preset() == "Copy of Default"
    assert ui.badge() == ("chat", "from chat 'chat-1'")
    assert not ui.testid("bind-chat").is_enabled(), "already bound to this chat"

    ui.set_context(chat="chat-2")
    assert ui.selected_preset() == "Default"
    assert ui.badge()[0] == "default"
    ui.choose_preset("Copy of Default")
    ui.click_and_reload("bind-character")
    assert ui.badge() == ("character", "from character 'Alice'")

    ui.set_context(chat="chat-1")
    assert ui.badge()[0] == "chat", "the chat binding wins over the character binding"
    assert ui.testid("clear-binding").text == "Clear chat binding"
    ui.click_and_reload("clear-binding")
    assert ui.badge()[0] == "character"
    ui.set_context(character="", chat="")
    assert ui.badge()[0] == "default"
    # The context bar remembers recently used values.
    recent = ui.driver.execute_script(
        "return Array.from(document.querySelectorAll('#recent-chat option')).map(o => o.value)")
    assert "chat-1" in recent and "chat-2" in recent


def test_markup_in_a_prompt_is_shown_as_text_and_never_runs(signed_in):
    ui = signed_in
    hostile = "<script>alert(1)</script> &amp; \"quoted\" <b>bold</b> {{scene_messages}}"
    ui.click_and_reload("duplicate-preset")
    ui.open_editor("scene_recap")
    ui.replace_prompt(hostile)
    ui.wait_text("editor-status", "Saved as v1")
    ui.finish_edit()
    ui.assert_no_alert()

    assert ui.shown_prompt("scene_recap") == hostile
    assert ui.driver.find_elements(By.CSS_SELECTOR, ".operation b") == [], "markup must not become elements"
    source = ui.driver.page_source
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp;" in source
    # The editor gets the exact text back too.
    ui.open_editor("scene_recap")
    assert ui.testid("editor-field-prompt").get_attribute("value") == hostile
    ui.assert_no_alert()


def test_the_page_forbids_inline_script(signed_in, server):
    ui = signed_in
    cookie = ui.driver.get_cookie("pp_session")
    request = urllib.request.Request(server.url + "/", headers={"Cookie": f"pp_session={cookie['value']}"})
    with urllib.request.urlopen(request) as response:
        policy = response.headers["Content-Security-Policy"]
        html = response.read().decode()
    assert "script-src 'self'" in policy
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) is None, "no inline <script> blocks"
    assert re.search(r"\son[a-z]+\s*=", html) is None, "no inline event handlers"
    assert re.search(r'<meta name="csrf-token" content="[0-9a-f]{32,}">', html)
    # A write with the cookie but without the CSRF header is refused.
    write = urllib.request.Request(server.url + "/api/v1/presets", method="POST", data=b'{"name":"x"}',
                                   headers={"Cookie": f"pp_session={cookie['value']}", "Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(write)
    assert refused.value.code == 403


def test_exporting_a_preset_and_importing_the_file_back(signed_in, downloads):
    ui = signed_in
    ui.click_and_reload("duplicate-preset")
    ui.open_editor("scene_recap")
    ui.replace_prompt("Exported recap prompt.\n{{scene_messages}}\n")
    ui.wait_text("editor-status", "Saved as v1")
    ui.finish_edit()

    ui.testid("export-preset").click()
    ui.wait_notice("Exported “Copy of Default”")
    exported = wait_for_file(downloads, "*.json")
    document = json.loads(exported.read_text())
    assert document["format"] == "prompt-presets.bundle"

    ui.testid("export-preset-extension").click()
    extension = wait_for_file(downloads, "Copy_of_Default.json")
    sent = json.loads(extension.read_text())
    assert sent["format_version"] == "1.0" and sent["preset_name"] == "Copy of Default"
    assert sent["operations"]["scene_recap"]["prompt"].startswith("Exported recap prompt.")

    ui.testid("import-file").send_keys(str(exported))
    report = ui.visible("import-report")
    table = ui.testid("import-table", report).text
    assert "Copy of Default" in table and "created as “Copy of Default (1)”" in table
    ui.reload_after(lambda: report.find_element(By.CSS_SELECTOR, "[data-close]").click())
    ui.wait_notice("Imported")
    assert "Copy of Default (1)" in ui.preset_names()
    assert ui.selected_preset() == "Copy of Default (1)"
    assert ui.shown_prompt("scene_recap").startswith("Exported recap prompt.")


def test_an_outdated_version_shows_in_the_updates_panel_and_revert_clears_it(signed_in, workdir):
    ui = signed_in
    assert ui.testid("updates-count").text == "0"
    # A preset file from the extension whose scene recap descends from no known default.
    legacy = workdir / "legacy-preset.json"
    legacy.write_text(json.dumps({
        "format_version": "1.0", "exported_at": 1731400000000,
        "preset_name": "Legacy", "preset_description": "From the old extension",
        "operations": {"scene_recap": {
            "artifact_name": "My recap", "prompt": "Old custom recap.\n{{scene_messages}}\n", "prefill": "",
            "connection_profile_name": None, "completion_preset_name": "", "include_preset_prompts": False,
        }},
    }))
    ui.testid("import-file").send_keys(str(legacy))
    report = ui.visible("import-report")
    assert "new version “My recap (imported)”" in ui.testid("import-table", report).text
    ui.reload_after(lambda: report.find_element(By.CSS_SELECTOR, "[data-close]").click())
    assert ui.selected_preset() == "Legacy"
    assert ui.testid("updates-count").text == "1"

    ui.testid("updates-button").click()
    panel = ui.visible("updates-panel")
    item = ui.testid("update-scene_recap", panel)
    assert "Legacy" in item.text and "My recap" in item.text
    ui.testid("update-compare", item).click()
    ui.wait(lambda d: ui.testids("diff-table", item))
    assert "Old custom recap." in ui.testid("compare", item).text

    ui.testid("update-merge", item).click()
    preview = ui.wait(lambda d: ui.testids("merge-preview", item))[0]
    # Nobody knows which default "My recap" started from, so both sides changed everything: a conflict.
    assert "conflict" in ui.testid("merge-conflicts", preview).text
    assert "Old custom recap." in preview.text

    ui.reload_after(lambda: ui.testid("update-revert", item).click())
    assert ui.testid("updates-count").text == "0"
    ui.visible("updates-panel")  # the panel stays open after the action
    assert ui.testid("no-updates").is_displayed()
    ui.wait_notice("Reverted to the default")


NAMES_BASE = "- Keep names, places and objects exactly as written."
NAMES_THEIRS = "- Keep names, places and objects exactly as written; give each character's full name on first mention."
ENTRY_BASE = '"name": "entity name"'
ENTRY_THEIRS = '"name": "the entity\'s full name"'


def customise_an_old_scene_recap(server):
    """A preset whose scene recap, based on Default 1.0.0, rewrote two lines the current default rewrote too."""
    preset = call_api(server, "POST", "/presets", {"name": "Merger"})
    copy = call_api(server, "POST", "/operations/scene_recap/duplicate", {"version": "Default@1.0.0"})
    call_api(server, "PUT", f"/presets/{preset['id']}/operations/scene_recap", {"artifact": copy["id"]})
    prompt = copy["config"]["prompt"]
    assert NAMES_BASE in prompt and ENTRY_BASE in prompt
    mine = prompt.replace(NAMES_BASE, "- Keep names exactly as written.").replace(ENTRY_BASE, '"name": "the name the scene uses"')
    session = call_api(server, "POST", "/sessions", {"preset": preset["id"], "operation": "scene_recap"})["session"]
    call_api(server, "PATCH", f"/sessions/{session['id']}", {"set": {"prompt": mine}})
    call_api(server, "POST", f"/sessions/{session['id']}/finish")
    return preset


def test_a_merge_settles_each_conflict_on_its_own_and_the_result_shows_in_the_history(signed_in, server):
    ui = signed_in
    customise_an_old_scene_recap(server)
    default_prompt = next(v for v in call_api(server, "GET", "/operations/scene_recap/versions") if v["isDefault"])["config"]["prompt"]
    ui.open()
    assert ui.testid("updates-count").text == "1"

    ui.testid("updates-button").click()
    item = ui.testid("update-scene_recap", ui.visible("updates-panel"))
    ui.testid("update-merge", item).click()
    preview = ui.wait(lambda d: ui.testids("merge-preview", item))[0]
    first = ui.testid("merge-region-prompt-0", preview)
    second = ui.testid("merge-region-prompt-1", preview)
    assert "- Keep names exactly as written." in first.text and NAMES_THEIRS in first.text
    assert "the name the scene uses" in second.text and ENTRY_THEIRS in second.text

    ui.testid("merge-choice-theirs", first).click()
    assert not ui.testid("merge-edit", first).is_displayed(), "only Edit shows the text box"
    ui.testid("merge-choice-edit", second).click()
    edit = ui.testid("merge-edit", second)
    assert edit.is_displayed()
    assert "the name the scene uses" in edit.get_attribute("value"), "the text box starts from my lines"
    edited = '    {"name": "the full name, as the scene first gives it"}'
    edit.clear()
    edit.send_keys(edited)
    ui.reload_after(lambda: ui.testid("merge-apply-resolutions", preview).click())
    ui.wait_notice("Merged the new default")
    assert ui.testid("updates-count").text == "0"

    entry_line = next(line for line in default_prompt.split("\n") if ENTRY_THEIRS in line)
    expected = default_prompt.replace(entry_line, edited)
    newest = call_api(server, "GET", "/operations/scene_recap/versions")[1]
    assert newest["origin"] == "merge"
    assert newest["config"]["prompt"] == expected

    panel = ui.testid("updates-panel")
    if panel.is_displayed():
        panel.find_element(By.CSS_SELECTOR, "[data-close]").click()
    ui.expand("scene_recap")
    ui.testid("history-scene_recap").click()
    dialog = ui.visible("history-dialog")
    ui.wait(lambda d: ui.testids("diff-table", dialog))
    history = ui.testid("history-table", dialog).text
    assert newest["name"] in history and "merge" in history
    diff = ui.testid("diff-table", dialog).text
    assert NAMES_THEIRS in diff, "the region taken from the default"
    assert '"name": "the full name, as the scene first gives it"' in diff, "the region I edited"


def test_history_shows_a_side_by_side_diff_between_two_versions(signed_in):
    ui = signed_in
    ui.click_and_reload("duplicate-preset")
    ui.open_editor("scene_recap")
    ui.replace_prompt("History line one.\n{{scene_messages}}\n")
    ui.wait_text("editor-status", "Saved as v1")
    ui.finish_edit()
    ui.expand("scene_recap")
    ui.testid("history-scene_recap").click()
    dialog = ui.visible("history-dialog")
    ui.wait(lambda d: ui.testids("diff-table", dialog))
    table = ui.testid("diff-table", dialog)
    assert table.find_elements(By.CSS_SELECTOR, "td.removed") and table.find_elements(By.CSS_SELECTOR, "td.added")
    assert "History line one." in table.text


def test_lint_warnings_appear_while_typing(signed_in):
    ui = signed_in
    ui.click_and_reload("duplicate-preset")
    ui.open_editor("scene_recap")
    ui.replace_prompt("No variables at all, but {{mystery}}.")
    lint = ui.wait_text("lint-warnings", "unknown variable {{mystery}}")
    assert "required variable {{scene_messages}} is not used" in lint.text


def test_the_entity_types_table_can_be_edited(signed_in):
    ui = signed_in
    ui.click_and_reload("duplicate-preset")
    ui.open_editor_for_table("entity_types")
    table = ui.testid("editor-field-types")
    rows_before = len(table.find_elements(By.CSS_SELECTOR, "tbody tr"))
    ui.driver.find_element(By.XPATH, "//button[text()='Add row']").click()
    last = table.find_elements(By.CSS_SELECTOR, "tbody tr")[-1]
    last.find_element(By.CSS_SELECTOR, '[data-testid="editor-field-name"]').send_keys("pet")
    last.find_element(By.CSS_SELECTOR, '[data-testid="editor-field-usage"]').send_keys("Animals that travel with the party.")
    ui.wait_text("editor-status", "Saved as v1")
    sticky = ui.testid("editor-field-sticky")
    sticky.clear()
    sticky.send_keys("7")
    ui.wait(lambda d: ui.testid("editor-status").text == "Saved as v1")
    ui.finish_edit()
    assert ui.version_of("entity_types") == "v1"
    section = ui.expand("entity_types")
    assert len(section.find_elements(By.CSS_SELECTOR, ".data-table tbody tr")) == rows_before + 1
    assert "Animals that travel with the party." in section.text
    assert "Sticky (messages): 7" in section.text


def test_the_page_is_usable_at_400_pixels_wide(signed_in):
    ui = signed_in
    ui.driver.set_window_size(400, 800)
    inner = ui.driver.execute_script("return window.innerWidth")
    ui.driver.set_window_size(400 + (400 - inner), 800)
    ui.open()
    ui.expand("scene_recap")
    overflow = ui.driver.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"
    width = ui.driver.execute_script("return document.documentElement.clientWidth")
    for testid in ("preset-select", "context-chat", "context-apply", "duplicate-preset", "edit-scene_recap",
                   "artifact-select-scene_recap", "updates-button", "bind-chat"):
        element = ui.testid(testid)
        assert element.is_displayed(), f"{testid} is hidden"
        rect = element.rect
        assert rect["x"] >= 0 and rect["x"] + rect["width"] <= width + 1, f"{testid} sticks out: {rect}"


def viewed_preset_id(ui):
    return ui.driver.execute_script("return document.getElementById('preset-bar').dataset.presetId")


def test_two_tabs_editing_one_operation_show_one_conflict_and_lose_nothing(signed_in, server):
    ui = signed_in
    ui.click_and_reload("duplicate-preset")
    ui.open_editor("scene_recap")
    ui.replace_prompt("Tab one text.\n{{scene_messages}}\n")
    ui.wait_text("editor-status", "Saved as v1")
    first, url = ui.driver.current_window_handle, ui.driver.current_url

    ui.driver.switch_to.new_window("tab")
    ui.driver.get(url)
    ui.wait_page_load()
    ui.expand("scene_recap")
    ui.testid("edit-scene_recap").click()
    assert "being edited by" in ui.visible("ask-dialog").text, "the second tab is told the edit is held"
    ui.answer()  # Take over
    ui.visible("editor-field-prompt")
    assert ui.testid("editor-field-prompt").get_attribute("value").startswith("Tab one text."), \
        "taking over shows what the session holds now"
    ui.replace_prompt("Tab two text.\n{{scene_messages}}\n")
    ui.wait_text("editor-status", "Saved as v1")

    ui.driver.switch_to.window(first)
    ui.replace_prompt("Tab one, later.\n{{scene_messages}}\n")
    conflict = ui.visible("editor-conflict")
    assert "Another browser tab changed this edit" in conflict.text
    assert "Tab two text." in ui.testid("editor-conflict-theirs", conflict).text, "the conflict shows the other tab's text"
    assert ui.testid("editor-take-over", conflict).is_displayed()
    assert len(ui.testids("editor-conflict")) == 1
    sessions = call_api(server, "GET", "/sessions")
    assert len(sessions) == 1 and sessions[0]["config"]["prompt"].startswith("Tab two text."), \
        "the stale tab wrote nothing over the other tab's text"

    ui.reload_after(lambda: ui.testid("editor-reload", conflict).click())
    assert ui.version_of("scene_recap") == "v1"
    assert ui.shown_prompt("scene_recap").startswith("Tab two text.")


def test_a_stale_page_renaming_is_shown_a_conflict_not_an_overwrite(signed_in, server):
    ui = signed_in
    ui.click_and_reload("duplicate-preset")
    preset = viewed_preset_id(ui)
    call_api(server, "PATCH", f"/presets/{preset}", {"name": "Renamed elsewhere"})

    ui.testid("rename-preset").click()
    ui.answer("Renamed here")
    notice = ui.visible("notice-conflict")
    assert "renamed to “Renamed elsewhere”" in notice.text
    assert call_api(server, "GET", f"/presets/{preset}")["name"] == "Renamed elsewhere", "the newer rename stands"

    ui.reload_after(lambda: ui.testid("conflict-reload", notice).click())
    assert ui.selected_preset() == "Renamed elsewhere"


def test_resuming_an_editor_left_open_shows_what_the_preset_uses_now(signed_in):
    ui = signed_in
    ui.click_and_reload("duplicate-preset")
    ui.open_editor("scene_recap")
    ui.replace_prompt("Kept version.\n{{scene_messages}}\n")
    ui.wait_text("editor-status", "Saved as v1")
    ui.finish_edit()
    ui.open_editor("scene_recap")
    ui.replace_prompt("Left open draft.\n{{scene_messages}}\n")
    ui.wait_text("editor-status", "Saved as v2")
    ui.driver.refresh()  # the editor is left open: its session stays
    ui.wait_page_load()

    ui.open_editor("scene_recap")
    assert ui.testid("editor-field-prompt").get_attribute("value").startswith("Left open draft.")
    assert "Editing v2" in ui.editor_status()
    ui.driver.refresh()
    ui.wait_page_load()
    ui.expand("scene_recap")
    ui.reload_after(lambda: Select(ui.testid("artifact-select-scene_recap")).select_by_visible_text("v1"))
    assert ui.version_of("scene_recap") == "v1"

    ui.open_editor("scene_recap")
    assert ui.testid("editor-field-prompt").get_attribute("value").startswith("Kept version."), \
        "the editor shows the version picked since, not the draft left open"
    ui.replace_prompt("Edited after the pick.\n{{scene_messages}}\n")
    ui.wait_text("editor-status", "Saved as v3")
    ui.finish_edit()
    assert ui.version_of("scene_recap") == "v3"
    assert ui.shown_prompt("scene_recap").startswith("Edited after the pick.")


def test_cancel_on_an_unchanged_editor_asks_nothing(signed_in, server):
    ui = signed_in
    operations = [e.get_attribute("data-operation") for e in ui.driver.find_elements(By.CSS_SELECTOR, ".operation")]
    assert len(operations) == 13
    for operation in operations:
        ui.open_editor_for_table(operation)
        ui.driver.execute_script("window.__ppBeforeReload = true;")
        ui.testid("editor-cancel").click()

        def settled(driver):
            try:
                if driver.execute_script("return !window.__ppBeforeReload && document.readyState === 'complete'"):
                    return "closed"
                return "asked" if ui.testid("cancel-confirm").is_displayed() else False
            except WebDriverException:
                return False  # mid-navigation

        assert ui.wait(settled) == "closed", f"Cancel asked on an unchanged {operation} editor"
        ui.visible("preset-select")
    assert call_api(server, "GET", "/sessions") == []


def test_editing_default_and_cancelling_leaves_nothing_behind(signed_in, server):
    ui = signed_in
    ui.open_editor("scene_recap")
    ui.replace_prompt("Not to be kept.\n{{scene_messages}}\n")
    ui.wait_text("editor-status", "Saved as v1")
    ui.wait_notice("Default is read-only: your change made “Copy of Default”")
    ui.testid("editor-cancel").click()
    ui.visible("cancel-confirm")
    ui.reload_after(lambda: ui.testid("editor-discard").click())

    ui.wait_notice("Edit cancelled")
    assert [p["name"] for p in call_api(server, "GET", "/presets")] == ["Default"], "the copy is gone"
    assert call_api(server, "GET", "/bindings") == [], "no binding to the copy is left"
    assert call_api(server, "GET", "/sessions") == []
    assert ui.selected_preset() == "Default"
    assert ui.badge()[0] == "default"
    assert not any("read-only" in n for n in ui.notices()), "no notice about a copy that no longer exists"


def wait_for_file(folder: pathlib.Path, pattern: str, timeout: float = 10) -> pathlib.Path:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done = [p for p in folder.glob(pattern) if not p.name.endswith(".crdownload")]
        if done:
            return done[0]
        time.sleep(0.1)
    raise AssertionError(f"no file matching {pattern} appeared in {folder}: {list(folder.iterdir())}")
