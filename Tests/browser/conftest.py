"""Fixtures for the browser suite: a fresh server per test, a headless Chromium, screenshots.

Each test gets its own `prompt-presets serve` (release build) on a free port with an empty
temporary store and a known admin token, and its own browser, so tests never share state.
After every test, passed or failed, the browser window is saved to
`Tests/browser/screenshots/<test name>.png`.
"""

import os
import pathlib
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from ui import UI

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SCREENSHOTS = HERE / "screenshots"
BINARY = pathlib.Path(os.environ.get("PROMPT_PRESETS_BINARY", ROOT / ".build" / "release" / "prompt-presets"))
TOKEN = "browser-suite-admin-token-0123456789abcdef"
WIDTH, HEIGHT = 1280, 800


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A running `prompt-presets serve` with its own store."""

    def __init__(self, workdir: pathlib.Path):
        self.workdir = workdir
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.token = TOKEN
        self.log_path = workdir / "server.log"
        token_file = workdir / "token"
        token_file.write_text(TOKEN + "\n")
        self.command = [
            str(BINARY), "serve", "--host", "127.0.0.1", "--port", str(self.port),
            "--store", str(workdir / "store.sqlite"), "--token-file", str(token_file),
        ]
        environment = dict(os.environ, PROMPT_PRESETS_TOKEN=TOKEN)
        self.log = open(self.log_path, "wb")
        self.process = subprocess.Popen(self.command, stdout=self.log, stderr=subprocess.STDOUT, env=environment)
        self._wait_until_healthy()

    def _wait_until_healthy(self, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}:\n{self.log_path.read_text()}")
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=1) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, OSError):
                time.sleep(0.1)
        raise RuntimeError(f"server did not become healthy:\n{self.log_path.read_text()}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


@pytest.fixture
def workdir():
    path = pathlib.Path(tempfile.mkdtemp(prefix="pp-browser-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def server(workdir):
    if not BINARY.exists():
        pytest.fail(f"{BINARY} is missing; build it with `swift build -c release --product prompt-presets`")
    running = Server(workdir)
    yield running
    running.stop()


@pytest.fixture
def downloads(workdir):
    path = workdir / "downloads"
    path.mkdir()
    return path


@pytest.fixture
def driver(request, downloads):
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     f"--window-size={WIDTH},{HEIGHT}", "--hide-scrollbars", "--force-device-scale-factor=1"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {
        "download.default_directory": str(downloads),
        "download.prompt_for_download": False,
        "safebrowsing.enabled": True,
    })
    service = Service(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    browser = webdriver.Chrome(options=options, service=service)
    browser.set_window_size(WIDTH, HEIGHT)
    # Make the viewport (not the outer window) 1280×800, whatever the browser chrome takes.
    inner = browser.execute_script("return [window.innerWidth, window.innerHeight]")
    browser.set_window_size(WIDTH + (WIDTH - inner[0]), HEIGHT + (HEIGHT - inner[1]))
    browser.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    yield browser
    SCREENSHOTS.mkdir(exist_ok=True)
    name = request.node.name.replace("/", "_").replace("[", "_").replace("]", "")
    try:
        browser.save_screenshot(str(SCREENSHOTS / f"{name}.png"))
    finally:
        browser.quit()


@pytest.fixture
def ui(driver, server):
    return UI(driver, server)


@pytest.fixture
def signed_in(ui):
    ui.sign_in()
    return ui
