"""The MCP prompts of a store, as the official Python client sees them over stdio and HTTP."""

import asyncio

import httpx2
import pytest
from mcp import MCPError
from mcp.types import PromptListChangedNotification, PromptReference

from clients import http_session, stdio_session
from conftest import TOKEN, cli

TRANSPORTS = ["stdio", "http"]


@pytest.fixture(params=TRANSPORTS)
def open_session(request, store):
    """A function opening a session over the parametrised transport."""
    if request.param == "stdio":
        return lambda: stdio_session(store)
    server = request.getfixturevalue("server")
    return lambda: http_session(server.url)


def run(coroutine):
    return asyncio.run(asyncio.wait_for(coroutine, timeout=60))


def text_of(message):
    return message.content.text


def test_list_offers_every_prompt_operation_with_its_arguments(open_session):
    async def body():
        async with open_session() as session:
            return (await session.list_prompts()).prompts

    prompts = run(body())
    names = [prompt.name for prompt in prompts]
    assert "scene_recap" in names and "running_scene_recap" in names
    recap = next(prompt for prompt in prompts if prompt.name == "scene_recap")
    assert recap.title == "Scene recap"
    assert recap.description
    arguments = {argument.name: argument for argument in recap.arguments}
    assert arguments["scene_messages"].required is True
    assert arguments["active_setting_lore"].required is False
    for context in ("chat", "character", "profile"):
        assert arguments[context].required is False
        assert arguments[context].description


def test_get_resolves_in_the_context_and_fills_the_arguments(open_session):
    async def body():
        async with open_session() as session:
            chat = await session.get_prompt("scene_recap", {"scene_messages": "Alice: hi", "lorebook_entry_types": "person", "chat": "alice-1"})
            default = await session.get_prompt("scene_recap", {"scene_messages": "Bob: yo", "chat": "nobody"})
            return chat, default

    chat, default = run(body())
    assert [message.role for message in chat.messages] == ["user", "assistant"]
    assert text_of(chat.messages[0]) == "Recap Alice: hi as Alice. Types: person"
    assert text_of(chat.messages[1]) == "{"
    assert chat.meta["preset"] == "Alice"
    assert chat.meta["source"] == "chat"
    assert chat.meta["artifact"] == {"name": "v1", "number": 1}
    assert chat.meta["isDefault"] is False
    assert chat.meta["defaultVersion"]
    assert default.meta["preset"] == "Default"
    assert default.meta["source"] == "default"
    assert default.meta["artifact"] is None
    assert "Bob: yo" in text_of(default.messages[0])


def test_get_tells_when_an_update_is_available(open_session):
    async def body():
        async with open_session() as session:
            prompts = (await session.list_prompts()).prompts
            running = next(prompt for prompt in prompts if prompt.name == "running_scene_recap")
            arguments = {argument.name: "x" for argument in running.arguments if argument.required}
            return await session.get_prompt("running_scene_recap", {**arguments, "character": "Alice"})

    result = run(body())
    assert result.meta["source"] == "character"
    assert result.meta["updateAvailable"] is True
    assert result.meta["update"]["from"] == "1.0.0"


def test_a_missing_required_argument_is_an_error_naming_it(open_session):
    async def body():
        async with open_session() as session:
            with pytest.raises(MCPError) as raised:
                await session.get_prompt("scene_recap", {"chat": "alice-1"})
            return raised.value.error

    error = run(body())
    assert error.code == -32602
    assert "scene_messages" in error.message


def test_an_unknown_prompt_is_an_error_naming_it(open_session):
    async def body():
        async with open_session() as session:
            with pytest.raises(MCPError) as raised:
                await session.get_prompt("no_such_prompt", {})
            return raised.value.error

    error = run(body())
    assert error.code == -32602
    assert "no_such_prompt" in error.message


def test_an_unknown_argument_is_an_error_naming_it(open_session):
    async def body():
        async with open_session() as session:
            with pytest.raises(MCPError) as raised:
                await session.get_prompt("scene_recap", {"scene_messages": "m", "chatt": "alice-1"})
            return raised.value.error

    error = run(body())
    assert error.code == -32602
    assert "chatt" in error.message


def test_completion_offers_bound_keys_by_prefix(open_session):
    async def body():
        async with open_session() as session:
            reference = PromptReference(type="ref/prompt", name="scene_recap")
            chats = await session.complete(reference, {"name": "chat", "value": "alice"})
            characters = await session.complete(reference, {"name": "character", "value": ""})
            variable = await session.complete(reference, {"name": "scene_messages", "value": "a"})
            return chats.completion.values, characters.completion.values, variable.completion.values

    chats, characters, variable = run(body())
    assert chats == ["alice-1", "alice-2"]
    assert characters == ["Alice"]
    assert variable == []


def test_stdio_clients_hear_of_a_write_by_another_process(store):
    async def body():
        changed = asyncio.Event()

        async def handler(message):
            if isinstance(message, PromptListChangedNotification):
                changed.set()

        async with stdio_session(store, message_handler=handler) as session:
            await session.list_prompts()
            await asyncio.to_thread(cli, store, "bind", "chat", "alice-3", "Alice")
            await asyncio.wait_for(changed.wait(), timeout=10)
            result = await session.get_prompt("scene_recap", {"scene_messages": "m", "chat": "alice-3"})
            return result.meta["preset"]

    assert run(body()) == "Alice"


def test_http_needs_the_token_when_reads_are_closed(closed_server):
    async def body(headers):
        async with http_session(closed_server.url, headers=headers) as session:
            return len((await session.list_prompts()).prompts)

    refused = httpx2.post(closed_server.url + "/mcp", json={"jsonrpc": "2.0", "id": 1, "method": "prompts/list"},
                         headers={"Accept": "application/json, text/event-stream"})
    assert refused.status_code == 401
    assert run(body({"Authorization": f"Bearer {TOKEN}"})) > 0


def test_http_get_is_not_allowed(server):
    response = httpx2.get(server.url + "/mcp", headers={"Accept": "text/event-stream"})
    assert response.status_code == 405
