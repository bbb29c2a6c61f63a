"""What a person does with the page, in small steps the tests read like sentences."""

import json
import urllib.parse
import urllib.request

from selenium.common.exceptions import NoAlertPresentException, StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

TIMEOUT = 10


class UI:
    def __init__(self, driver, server):
        self.driver = driver
        self.server = server

    # ------------------------------------------------------------ finding things
    def testid(self, name, root=None):
        return (root or self.driver).find_element(By.CSS_SELECTOR, f'[data-testid="{name}"]')

    def testids(self, name, root=None):
        return (root or self.driver).find_elements(By.CSS_SELECTOR, f'[data-testid="{name}"]')

    def wait(self, condition, timeout=TIMEOUT, message=""):
        return WebDriverWait(self.driver, timeout).until(condition, message)

    def visible(self, name, timeout=TIMEOUT):
        return self.wait(EC.visibility_of_element_located((By.CSS_SELECTOR, f'[data-testid="{name}"]')), timeout,
                         f"{name} never became visible")

    def wait_text(self, name, text, timeout=TIMEOUT):
        """Waits until the element's visible text contains `text`; returns the element."""
        def check(driver):
            try:
                for element in driver.find_elements(By.CSS_SELECTOR, f'[data-testid="{name}"]'):
                    if text in element.text:
                        return element
            except StaleElementReferenceException:
                pass  # the panel was re-rendered while we looked; look again
            return False
        return self.wait(check, timeout, f"{name} never showed {text!r}")

    def wait_page_load(self):
        self.wait(lambda d: d.execute_script("return document.readyState") == "complete")

    def notices(self):
        return [n.text for n in self.driver.find_elements(By.CSS_SELECTOR, "#notices .notice")]

    def wait_notice(self, text):
        def check(driver):
            found = [n.text for n in driver.find_elements(By.CSS_SELECTOR, "#notices .notice")]
            return any(text in n for n in found) and found
        return self.wait(check, TIMEOUT, f"no notice containing {text!r}; notices: {self.notices()}")

    def assert_no_alert(self):
        try:
            alert = self.driver.switch_to.alert
        except NoAlertPresentException:
            return
        text = alert.text
        alert.dismiss()
        raise AssertionError(f"an alert appeared: {text!r}")

    # ------------------------------------------------------------ navigation
    def open(self, **context):
        query = urllib.parse.urlencode({k: context.get(k, "") for k in ("profile", "character", "chat")})
        self.driver.get(f"{self.server.url}/?{query}")
        self.wait_page_load()
        self.visible("preset-select")

    def sign_in(self):
        self.driver.get(self.server.url + "/login")
        self.visible("login-token").send_keys(self.server.token)
        self.testid("login-submit").click()
        self.visible("preset-select")

    def reload_after(self, click):
        """Clicks something that makes the page reload itself, and waits for the new page."""
        self.driver.execute_script("window.__ppBeforeReload = true;")
        click()

        def reloaded(driver):
            try:
                return driver.execute_script(
                    "return !window.__ppBeforeReload && document.readyState === 'complete'")
            except WebDriverException:
                return False  # mid-navigation

        self.wait(reloaded, TIMEOUT, "the page did not reload")
        self.visible("preset-select")

    def set_context(self, profile=None, character=None, chat=None):
        for name, value in (("profile", profile), ("character", character), ("chat", chat)):
            if value is None:
                continue
            field = self.testid(f"context-{name}")
            field.clear()
            field.send_keys(value)
        self.reload_after(lambda: self.testid("context-apply").click())

    # ------------------------------------------------------------ preset bar
    def preset_select(self):
        return Select(self.testid("preset-select"))

    def selected_preset(self):
        return self.preset_select().first_selected_option.text

    def preset_names(self):
        return [o.text for o in self.preset_select().options]

    def choose_preset(self, name):
        self.reload_after(lambda: self.preset_select().select_by_visible_text(name))

    def badge(self):
        badge = self.testid("source-badge")
        return badge.get_attribute("data-source"), badge.text

    def click_and_reload(self, testid):
        button = self.testid(testid)
        assert button.is_enabled(), f"{testid} is disabled"
        self.reload_after(button.click)

    def answer(self, text=None, ok=True):
        """Answers the page's own question dialog (rename, delete)."""
        dialog = self.visible("ask-dialog")
        if text is not None:
            field = self.testid("ask-input", dialog)
            field.clear()
            field.send_keys(text)
        self.testid("ask-ok" if ok else "ask-cancel", dialog).click()

    # ------------------------------------------------------------ operations
    def section(self, operation):
        return self.testid(f"operation-{operation}")

    def expand(self, operation):
        section = self.section(operation)
        if section.get_attribute("open") is None:
            section.find_element(By.TAG_NAME, "summary").click()
        return section

    def version_of(self, operation):
        return self.testid(f"version-{operation}").text

    def shown_prompt(self, operation):
        self.expand(operation)
        return self.testid("field-prompt", self.section(operation)).text

    # ------------------------------------------------------------ editor
    def open_editor(self, operation):
        self.expand(operation)
        self.testid(f"edit-{operation}").click()
        editor = self.visible("editor")
        self.visible("editor-field-prompt")
        return editor

    def open_editor_for_table(self, operation):
        self.expand(operation)
        self.testid(f"edit-{operation}").click()
        return self.visible("editor")

    def replace_prompt(self, text):
        field = self.testid("editor-field-prompt")
        field.send_keys(Keys.CONTROL, "a")
        field.send_keys(Keys.DELETE)
        # send_keys types character by character; set the value in one go for long texts, then
        # type one character so the page sees a real input event.
        self.driver.execute_script("arguments[0].value = arguments[1];", field, text[:-1])
        field.send_keys(text[-1])

    def editor_status(self):
        return self.testid("editor-status").text

    def finish_edit(self):
        self.reload_after(lambda: self.testid("editor-finish").click())


def call_api(server, method, path, body=None):
    """The JSON API as another client (a second tab, a script) would use it."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(server.url + "/api/v1" + path, method=method, data=data, headers={
        "Authorization": f"Bearer {server.token}", "Content-Type": "application/json", "Accept": "application/json"})
    with urllib.request.urlopen(request) as response:
        text = response.read().decode()
    return json.loads(text) if text else None
