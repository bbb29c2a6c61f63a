#!/usr/bin/env python3
"""Round trips per second of `prompts/get` over stdio and over HTTP, beside `GET /api/v1/resolve`.

Seeds a throw-away store through the command line (preset Alice with its own scene recap,
bound to chat alice-1), starts `prompt-presets serve` on a free port and `prompt-presets mcp`,
then runs each kind of request one after another for --seconds (after a warm-up) with the
official Python MCP client and its HTTP client, and prints the rates and their ratios.

    PROMPT_PRESETS_BINARY=.build/release/prompt-presets python3 Benchmarks/mcp-bench.py --seconds 5

Needs `pip install mcp` (the same packages as Tests/mcp/requirements.txt).
"""

import argparse
import asyncio
import os
import pathlib
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request

import httpx2
from mcp import ClientSession, StdioServerParameters, stdio_client
from mcp.client.streamable_http import streamable_http_client

ROOT = pathlib.Path(__file__).resolve().parent.parent
BINARY = pathlib.Path(os.environ.get("PROMPT_PRESETS_BINARY", ROOT / ".build" / "release" / "prompt-presets"))
ARGUMENTS = {"scene_messages": "Alice: we should go.\nBob: not yet.", "lorebook_entry_types": "person", "chat": "alice-1"}


def cli(store, *arguments):
    subprocess.run([str(BINARY), "--store", str(store), *arguments], check=True, capture_output=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


async def measure(seconds, warmup, call):
    """Calls `call` back to back; returns round trips per second over `seconds` after `warmup`."""
    end = time.perf_counter() + warmup
    while time.perf_counter() < end:
        await call()
    count, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        await call()
        count += 1
    return count / elapsed


async def bench_stdio(store, seconds, warmup):
    parameters = StdioServerParameters(command=str(BINARY), args=["--store", str(store), "mcp"])
    async with stdio_client(parameters) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            return await measure(seconds, warmup, lambda: session.get_prompt("scene_recap", ARGUMENTS))


async def bench_http(url, seconds, warmup):
    async with httpx2.AsyncClient(timeout=30) as client:
        async with streamable_http_client(url + "/mcp", http_client=client) as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                return await measure(seconds, warmup, lambda: session.get_prompt("scene_recap", ARGUMENTS))


async def bench_resolve(url, seconds, warmup):
    async with httpx2.AsyncClient(timeout=30) as client:
        async def call():
            response = await client.get(url + "/api/v1/resolve", params={"operation": "scene_recap", "chat": "alice-1"})
            response.raise_for_status()
        return await measure(seconds, warmup, call)


def wait_until_healthy(url, process, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("the server did not become healthy")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5, help="measured seconds per kind of request")
    parser.add_argument("--warmup", type=float, default=1, help="unmeasured seconds before each measurement")
    options = parser.parse_args()
    if not BINARY.exists():
        raise SystemExit(f"{BINARY} is missing; build it or set PROMPT_PRESETS_BINARY")
    workdir = pathlib.Path(tempfile.mkdtemp(prefix="pp-mcp-bench-"))
    server = None
    try:
        store = workdir / "store.sqlite"
        cli(store, "presets", "create", "Alice")
        cli(store, "edit", "Alice", "scene_recap", "--set", "prompt=Recap {{scene_messages}} as Alice. Types: {{lorebook_entry_types}}")
        cli(store, "bind", "chat", "alice-1", "Alice")
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        token_file = workdir / "token"
        token_file.write_text("mcp-bench-admin-token-0123456789abcdef0123\n")
        token_file.chmod(0o600)
        server = subprocess.Popen(
            [str(BINARY), "serve", "--port", str(port), "--store", str(store), "--token-file", str(token_file)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until_healthy(url, server)
        stdio = asyncio.run(bench_stdio(store, options.seconds, options.warmup))
        http = asyncio.run(bench_http(url, options.seconds, options.warmup))
        resolve = asyncio.run(bench_resolve(url, options.seconds, options.warmup))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"prompts/get over stdio:        {stdio:8.0f} round trips/s")
    print(f"prompts/get over HTTP (/mcp):  {http:8.0f} round trips/s")
    print(f"GET /api/v1/resolve over HTTP: {resolve:8.0f} round trips/s")
    print(f"ratios: stdio/resolve {stdio / resolve:.2f}, HTTP MCP/resolve {http / resolve:.2f}, stdio/HTTP MCP {stdio / http:.2f}")


if __name__ == "__main__":
    main()
