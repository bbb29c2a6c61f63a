"""The page's panels and everyday controls: bindings, connection profiles, the audit log, trying a
prompt, new presets and descriptions, suggestions, shortcuts, dark mode and phone widths.
"""

import os
import pathlib
import time

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from ui import call_api


ROOT = pathlib.Path(__file__).resolve().parent.parent.parent


def seed_bindings(server):
    noir = call_api(server, "POST", "/presets", {"name": "Noir"})
    sunny = call_api(server, "POST", "/presets", {"name": "Sunny"})
    call_api(server, "PUT", "/bindings", {"scope": "chat", "key": "chat-7", "preset": noir["id"]})
    call_api(server, "PUT", "/bindings", {"scope": "character", "key": "Alice", "preset": noir["id"]})
    return noir, sunny


def panel_rows(ui, testid):
    return ui.testids(testid, ui.testid("panel-dialog"))


def test_the_bindings_panel_finds_repoints_and_clears_bindings(signed_in, server):
    ui = signed_in
    seed_bindings(server)
    ui.open()
    ui.testid("open-bindings").click()
    ui.wait_text("bindings-summary", "2 bindings")
    ui.testid("bindings-search").send_keys("alice")
    ui.wait_text("bindings-summary", "1 of 2 bindings match")
    [row] = panel_rows(ui, "binding-row")
    assert row.get_attribute("data-key") == "Alice"

    Select(ui.testid("binding-repoint", row)).select_by_visible_text("Sunny")
    ui.wait_notice("character “Alice” now uses “Sunny”")
    assert call_api(server, "GET", "/bindings?scope=character&key=Alice")[0]["presetName"] == "Sunny"

    ui.testid("binding-clear", panel_rows(ui, "binding-row")[0]).click()
    ui.answer()
    ui.wait_text("bindings-summary", "0 of 1 binding")
    assert call_api(server, "GET", "/bindings?scope=character") == []
    ui.reload_after(lambda: ui.testid("panel-dialog").find_element(By.CSS_SELECTOR, "[data-close]").click())


def test_connection_profiles_are_added_renamed_and_removed(signed_in, server):
    ui = signed_in
    ui.testid("open-connections").click()
    ui.visible("connections-empty")
    ui.testid("connection-name").send_keys("Work GPU")
    ui.testid("connection-api").send_keys("openai")
    ui.testid("connection-add").click()
    ui.wait_notice("Added connection profile “Work GPU”")
    [row] = panel_rows(ui, "connection-row")
    assert "openai" in row.text

    ui.testid("connection-rename", row).click()
    ui.answer("Home GPU")
    ui.wait_notice("Renamed connection profile “Work GPU” to “Home GPU”")
    assert [p["name"] for p in call_api(server, "GET", "/connections")] == ["Home GPU"]

    ui.testid("connection-remove", panel_rows(ui, "connection-row")[0]).click()
    ui.answer()
    ui.visible("connections-empty")
    assert call_api(server, "GET", "/connections") == []


def test_the_audit_log_shows_and_filters_changes(signed_in, server):
    ui = signed_in
    seed_bindings(server)
    ui.testid("open-audit").click()
    ui.visible("audit-table")
    assert len(panel_rows(ui, "audit-row")) >= 4
    ui.testid("audit-search").send_keys("alice")
    ui.wait(lambda d: all("Alice" in r.text for r in panel_rows(ui, "audit-row")) and panel_rows(ui, "audit-row"),
            message="the search should keep only Alice's entries")
    Select(ui.testid("audit-action")).select_by_index(0)
    ui.testid("audit-search").send_keys("-nobody")
    ui.visible("audit-empty")


def test_trying_a_prompt_renders_sample_values_and_remembers_them(signed_in):
    ui = signed_in
    ui.expand("scene_recap")
    ui.testid("preview-scene_recap").click()
    ui.visible("preview-dialog")
    ui.wait_text("preview-missing", "{{scene_messages}}")
    ui.testid("preview-var-scene_messages").send_keys("Alice: <b>hello</b>\nBob: bye")
    ui.wait_text("preview-prompt", "Alice: <b>hello</b>\nBob: bye")
    assert not ui.testids("preview-missing")
    assert ui.driver.find_elements(By.CSS_SELECTOR, "#preview-dialog b") == [], "sample values are text, never markup"
    ui.testid("preview-dialog").find_element(By.CSS_SELECTOR, "[data-close]").click()

    ui.open()
    ui.expand("scene_recap")
    ui.testid("preview-scene_recap").click()
    assert ui.visible("preview-var-scene_messages").get_attribute("value") == "Alice: <b>hello</b>\nBob: bye"
    ui.wait_text("preview-prompt", "Alice: <b>hello</b>")


def test_a_new_preset_is_created_and_described(signed_in, server):
    ui = signed_in
    assert not ui.testid("describe-preset").is_enabled(), "Default cannot be described"
    ui.testid("new-preset").click()
    ui.reload_after(lambda: ui.answer("Slow burn"))
    assert ui.selected_preset() == "Slow burn"
    ui.wait_notice("Created “Slow burn”")
    ui.testid("describe-preset").click()
    ui.reload_after(lambda: ui.answer("For long role-plays"))
    assert ui.driver.find_element(By.CSS_SELECTOR, ".preset-description").text == "For long role-plays"
    assert any(p["description"] == "For long role-plays" for p in call_api(server, "GET", "/presets"))


def test_the_context_bar_suggests_bound_keys(signed_in, server):
    ui = signed_in
    seed_bindings(server)
    ui.open()
    ui.testid("context-chat").send_keys("chat")
    ui.wait(lambda d: "chat-7" in [o.get_attribute("value") for o in d.find_elements(By.CSS_SELECTOR, "#recent-chat option")],
            message="the chat datalist should offer chat-7")
    ui.testid("context-character").click()
    ui.wait(lambda d: "Alice" in [o.get_attribute("value") for o in d.find_elements(By.CSS_SELECTOR, "#recent-character option")],
            message="the character datalist should offer Alice")


def test_what_the_context_uses_is_listed_for_every_operation(signed_in, server):
    ui = signed_in
    seed_bindings(server)
    ui.open(chat="chat-7")
    ui.testid("glance").find_element(By.TAG_NAME, "summary").click()
    row = ui.visible("glance-scene_recap")
    assert "Noir" in row.text and "chat 'chat-7'" in row.text


def test_keyboard_shortcuts_search_operations_and_finish_an_edit(signed_in):
    ui = signed_in
    ui.driver.find_element(By.TAG_NAME, "body").send_keys("/")
    focused = ui.driver.switch_to.active_element
    assert focused.get_attribute("data-testid") == "operation-filter"
    focused.send_keys("lorebook")
    ui.wait(lambda d: not ui.section("scene_recap").is_displayed(), message="scene recap should be filtered out")
    shown = [s for s in ui.driver.find_elements(By.CSS_SELECTOR, ".operation") if s.is_displayed()]
    assert shown and all("lorebook" in (s.get_attribute("data-title") + s.get_attribute("data-operation")).lower() for s in shown)
    focused.clear()
    focused.send_keys(Keys.BACKSPACE)

    ui.click_and_reload("duplicate-preset")
    ui.open_editor("scene_recap")
    ui.replace_prompt("A recap prompt, finished from the keyboard.\n{{scene_messages}}")
    ui.wait_text("editor-status", "Saved")
    ui.reload_after(lambda: ui.testid("editor-field-prompt").send_keys(Keys.CONTROL, Keys.ENTER))
    assert "finished from the keyboard" in ui.shown_prompt("scene_recap")


def test_dark_mode_follows_the_system_setting(signed_in):
    ui = signed_in
    background = "return getComputedStyle(document.body).backgroundColor"
    light = ui.driver.execute_script(background)
    ui.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    dark = ui.driver.execute_script(background)
    assert light != dark
    red, green, blue = [int(part) for part in dark[dark.index("(") + 1:dark.index(")")].split(",")[:3]]
    assert red + green + blue < 150, f"the dark background is not dark: {dark}"


def test_panels_fit_a_390_pixel_phone(signed_in, server):
    ui = signed_in
    seed_bindings(server)
    ui.driver.set_window_size(390, 844)
    inner = ui.driver.execute_script("return window.innerWidth")
    ui.driver.set_window_size(390 + (390 - inner), 844)
    ui.open()
    overflow = "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    assert ui.driver.execute_script(overflow) <= 0
    for testid in ("open-bindings", "new-preset", "operation-filter"):
        rect = ui.testid(testid).rect
        assert rect["x"] >= 0 and rect["x"] + rect["width"] <= 391, f"{testid} sticks out: {rect}"
    ui.testid("open-bindings").click()
    dialog = ui.visible("panel-dialog")
    assert dialog.rect["width"] <= 391
    assert ui.testid("bindings-search").rect["x"] + ui.testid("bindings-search").rect["width"] <= 391


SCREENS = pathlib.Path(os.environ.get("PP_SCREENSHOTS_DIR", ROOT / "Docs" / "screenshots"))


@pytest.mark.skipif(not os.environ.get("PP_README_SCREENSHOT"), reason="set PP_README_SCREENSHOT=1 to refresh Docs/screenshots")
@pytest.mark.parametrize("width,height", [(1280, 800), (390, 844)])
def test_docs_screenshots(signed_in, server, width, height):
    """The main screens for the README at desktop and phone sizes (opt-in: it rewrites committed files)."""
    ui = signed_in
    noir, _ = seed_bindings(server)
    call_api(server, "POST", "/connections", {"name": "Work GPU", "api": "openai"})
    ui.driver.set_window_size(width, height)
    inner = ui.driver.execute_script("return [window.innerWidth, window.innerHeight]")
    ui.driver.set_window_size(width + (width - inner[0]), height + (height - inner[1]))
    SCREENS.mkdir(parents=True, exist_ok=True)

    def shot(name):
        time.sleep(0.3)
        path = SCREENS / f"{name}-{width}.png"
        ui.driver.save_screenshot(str(path))
        assert path.stat().st_size <= 400 * 1024

    ui.open(character="Alice", chat="chat-7")
    ui.expand("scene_recap")
    shot("page")
    ui.open_editor("scene_recap")
    shot("editor")
    ui.testid("editor-cancel").click()
    ui.open(character="Alice", chat="chat-7")
    ui.testid("open-bindings").click()
    ui.visible("bindings-table")
    shot("bindings")
    ui.open()
    ui.expand("scene_recap")
    ui.testid("preview-scene_recap").click()
    ui.testid("preview-var-scene_messages").send_keys("Alice: The lantern is out.\nBob: Then we wait.")
    ui.wait_text("preview-prompt", "lantern")
    shot("preview")
    ui.open()
    ui.testid("open-audit").click()
    ui.visible("audit-table")
    shot("audit")
