"""Opening MCP sessions on the binary: over stdio (`prompt-presets mcp`) and over HTTP (`/mcp`)."""

import contextlib

import httpx2
from mcp import ClientSession, StdioServerParameters, stdio_client
from mcp.client.streamable_http import streamable_http_client

from conftest import BINARY


@contextlib.asynccontextmanager
async def stdio_session(store, message_handler=None):
    parameters = StdioServerParameters(command=str(BINARY), args=["--store", str(store), "mcp"])
    async with stdio_client(parameters) as (read, write):
        async with ClientSession(read, write, message_handler=message_handler) as session:
            await session.initialize()
            yield session


@contextlib.asynccontextmanager
async def http_session(url, headers=None):
    async with httpx2.AsyncClient(headers=headers or {}, timeout=30) as client:
        async with streamable_http_client(url + "/mcp", http_client=client) as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                yield session
