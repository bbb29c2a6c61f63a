"""Fixtures for the MCP suite: a seeded store, the binary over stdio, a server over HTTP.

The suite drives the built `prompt-presets` with the official Python MCP client, as an
independent client would. Each test gets its own temporary store seeded through the command
line: preset Alice with its own scene recap prompt, bound to chats alice-1 and alice-2 and to
character Alice; its running scene recap pinned to an old default, so an update is pending.
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

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
BINARY = pathlib.Path(os.environ.get("PROMPT_PRESETS_BINARY", ROOT / ".build" / "release" / "prompt-presets"))
TOKEN = "mcp-suite-admin-token-0123456789abcdef0123"
ALICE_PROMPT = "Recap {{scene_messages}} as Alice. Types: {{lorebook_entry_types}}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cli(store: pathlib.Path, *arguments: str) -> str:
    """Runs one command line on the store (another process than the MCP server) and returns its output."""
    done = subprocess.run([str(BINARY), "--store", str(store), *arguments], capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        raise AssertionError(f"{' '.join(arguments)} failed ({done.returncode}): {done.stderr}")
    return done.stdout


class Server:
    """A running `prompt-presets serve` on a free port."""

    def __init__(self, workdir: pathlib.Path, store: pathlib.Path, *extra: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = workdir / f"server-{self.port}.log"
        token_file = workdir / "token"
        token_file.write_text(TOKEN + "\n")
        token_file.chmod(0o600)
        self.log = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            [str(BINARY), "serve", "--host", "127.0.0.1", "--port", str(self.port), "--store", str(store),
             "--token-file", str(token_file), *extra],
            stdout=self.log, stderr=subprocess.STDOUT)
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


def seed(store: pathlib.Path) -> None:
    cli(store, "presets", "create", "Alice")
    cli(store, "edit", "Alice", "scene_recap", "--set", f"prompt={ALICE_PROMPT}")
    cli(store, "bind", "chat", "alice-1", "Alice")
    cli(store, "bind", "chat", "alice-2", "Alice")
    cli(store, "bind", "character", "Alice", "Alice")
    cli(store, "artifacts", "duplicate", "running_scene_recap", "Default@1.0.0")
    cli(store, "presets", "set", "Alice", "running_scene_recap", "v1")


@pytest.fixture
def workdir():
    path = pathlib.Path(tempfile.mkdtemp(prefix="pp-mcp-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.fixture
def store(workdir):
    if not BINARY.exists():
        pytest.fail(f"{BINARY} is missing; build it with `swift build -c release --product prompt-presets`")
    path = workdir / "store.sqlite"
    seed(path)
    return path


@pytest.fixture
def server(workdir, store):
    running = Server(workdir, store)
    yield running
    running.stop()


@pytest.fixture
def closed_server(workdir, store):
    """A server whose reads need the token."""
    running = Server(workdir, store, "--no-open-reads")
    yield running
    running.stop()
