"""A small fake Discord on 127.0.0.1: REST under /api/v10 and a gateway websocket.

Just enough of the real protocol for the real bot to log in, sync its commands, connect,
receive interactions and messages, and reply; every REST call is recorded for assertions.
Payloads carry every field discord.py reads unconditionally: a missing one would kill the
gateway connection, not fail a test cleanly.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import discord
import pytest
import yarl
from aiohttp import BodyPartReader, WSMsgType, web

TOKEN = "fake-discord-token"
APP_ID = 900_000_000_000_000_001
BOT_ID = 900_000_000_000_000_002
GUILD_ID = 900_000_000_000_000_003
CHANNEL_ID = 900_000_000_000_000_004
MEMBER_ID = 900_000_000_000_000_005
OWNER_ID = 900_000_000_000_000_006
OTHER_GUILD_ID = 900_000_000_000_000_007  # a server the fake does not send the bot (GUILD_CREATE)
MANAGE_GUILD = 0x0000_0020
TIMESTAMP = "2026-01-01T00:00:00.000000+00:00"

BOT_USER = {
    "id": str(BOT_ID),
    "username": "citebot",
    "discriminator": "0",
    "global_name": None,
    "avatar": None,
    "bot": True,
    "flags": 0,
}
MEMBER_USER = {
    "id": str(MEMBER_ID),
    "username": "alice",
    "discriminator": "0",
    "global_name": "Alice",
    "avatar": None,
}


def member_payload(user: dict[str, Any], permissions: int = 0) -> dict[str, Any]:
    """A guild member as the gateway sends it."""
    return {
        "user": user,
        "roles": [],
        "joined_at": TIMESTAMP,
        "deaf": False,
        "mute": False,
        "flags": 0,
        "permissions": str(permissions),
    }


def guild_payload() -> dict[str, Any]:
    """GUILD_CREATE for a guild with one text channel, the bot and one member."""
    everyone = {
        "id": str(GUILD_ID),
        "name": "@everyone",
        "permissions": str(0x0000_0400 | 0x0000_0800 | 0x0001_0000 | 0x8000_0000),
        "position": 0,
        "color": 0,
        "hoist": False,
        "managed": False,
        "mentionable": False,
        "flags": 0,
    }
    channel = {
        "id": str(CHANNEL_ID),
        "guild_id": str(GUILD_ID),
        "type": 0,
        "name": "general",
        "position": 0,
        "permission_overwrites": [],
        "nsfw": False,
        "topic": None,
        "last_message_id": None,
        "rate_limit_per_user": 0,
        "parent_id": None,
    }
    return {
        "id": str(GUILD_ID),
        "name": "Fake guild",
        "icon": None,
        "owner_id": str(OWNER_ID),
        "roles": [everyone],
        "channels": [channel],
        "threads": [],
        "members": [member_payload(BOT_USER), member_payload(MEMBER_USER)],
        "member_count": 2,
        "voice_states": [],
        "presences": [],
        "emojis": [],
        "stickers": [],
        "features": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "soundboard_sounds": [],
        "large": False,
        "unavailable": False,
        "premium_tier": 0,
        "preferred_locale": "en-US",
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "mfa_level": 0,
        "nsfw_level": 0,
        "system_channel_flags": 0,
        "joined_at": TIMESTAMP,
    }


@dataclass
class Request:
    """One REST call the bot made."""

    method: str
    path: str
    query: dict[str, str]
    body: Any
    files: dict[str, bytes] = field(default_factory=dict)  # attachments: file name -> bytes


@dataclass
class Fault:
    """Make the next `times` calls matching method and path prefix fail."""

    method: str
    path_prefix: str
    status: int
    code: int
    message: str
    times: int = 1


@dataclass
class FakeDiscord:
    """The server. `start()`, then point discord.py at `api_base` and `gateway_url`."""

    requests: list[Request] = field(default_factory=list)
    created: list[dict[str, Any]] = field(default_factory=list)  # messages the bot created
    faults: list[Fault] = field(default_factory=list)
    identify: dict[str, Any] | None = None
    message_content_approved: bool = True  # the portal toggle for the privileged intent
    connections: int = 0
    # Registered commands by path (".../commands" or ".../guilds/ID/commands"), as PUT last.
    commands: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    resumes: int = 0
    # Snowflakes of the time they are made, as Discord's: a message's age comes from its id.
    _ids: itertools.count[int] = field(
        default_factory=lambda: itertools.count(
            discord.utils.time_snowflake(discord.utils.utcnow())
        )
    )
    _ws: web.WebSocketResponse | None = None
    _seq: int = 0
    _runner: web.AppRunner | None = None
    _changed: asyncio.Condition = field(default_factory=asyncio.Condition)
    port: int = 0

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None and server.sockets  # type: ignore[attr-defined]
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]

    async def stop(self) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    def next_id(self) -> str:
        return str(next(self._ids))

    # -- waiting ------------------------------------------------------------------------------

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def wait_for(self, predicate: Callable[[], Any], timeout: float = 5.0) -> Any:
        """Wait until predicate() is truthy (re-checked on every request and gateway frame)."""
        async with self._changed:
            return await asyncio.wait_for(self._changed.wait_for(predicate), timeout)

    async def wait_for_request(
        self, method: str, path_part: str, after: int = 0, timeout: float = 5.0
    ) -> Request:
        """The first request at index >= `after` with this method and `path_part` in its path."""

        def find() -> Request | None:
            for request in self.requests[after:]:
                if request.method == method and path_part in request.path:
                    return request
            return None

        found: Request = await self.wait_for(find, timeout)
        return found

    async def interact(self, payload: dict[str, Any], timeout: float = 5.0) -> Request:
        """Send one interaction to the bot; its first response (the interaction callback)."""
        mark = len(self.requests)
        await self.dispatch("INTERACTION_CREATE", payload)
        return await self.wait_for_request("POST", "/callback", after=mark, timeout=timeout)

    # -- gateway ------------------------------------------------------------------------------

    async def _send(self, payload: dict[str, Any]) -> None:
        assert self._ws is not None
        await self._ws.send_str(json.dumps(payload))

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send one DISPATCH event to the connected bot."""
        self._seq += 1
        await self._send({"op": 0, "t": event, "s": self._seq, "d": data})

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._ws = ws
        self.connections += 1
        await self._send({"op": 10, "d": {"heartbeat_interval": 45_000}})
        async for message in ws:
            if message.type is not WSMsgType.TEXT:
                break
            payload = json.loads(message.data)
            if payload["op"] == 1:
                await self._send({"op": 11})
            elif payload["op"] == 2:
                self.identify = payload["d"]
                if payload["d"]["intents"] & (1 << 15) and not self.message_content_approved:
                    await ws.close(code=4014)  # Disallowed intent(s)
                    break
                await self.dispatch("READY", self._ready())
                await self.dispatch("GUILD_CREATE", guild_payload())
            elif payload["op"] == 6:
                self.resumes += 1
                await self.dispatch("RESUMED", {})
            await self._notify()
        return ws

    def _ready(self) -> dict[str, Any]:
        return {
            "v": 10,
            "user": BOT_USER,
            "guilds": [{"id": str(GUILD_ID), "unavailable": True}],
            "session_id": "fake-session",
            "resume_gateway_url": self.gateway_url,
            "application": {"id": str(APP_ID), "flags": 0},
        }

    async def ask_to_reconnect(self) -> None:
        """Send op 7 RECONNECT, as Discord does before moving a session."""
        await self._send({"op": 7, "d": None})

    # -- REST -----------------------------------------------------------------------------------

    @staticmethod
    def _json(data: Any, status: int = 200) -> web.Response:
        # discord.py parses a body as JSON only if Content-Type is exactly application/json.
        return web.Response(
            body=json.dumps(data).encode(),
            status=status,
            headers={"Content-Type": "application/json"},
        )

    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        body: Any = None
        files: dict[str, bytes] = {}
        if request.content_type.startswith("multipart/"):
            # With attachments: the JSON is the part "payload_json", each file a part of its own.
            reader = await request.multipart()
            while (part := await reader.next()) is not None:
                assert isinstance(part, BodyPartReader)
                if part.name == "payload_json":
                    body = json.loads(await part.text())
                else:
                    files[part.filename or str(part.name)] = bytes(await part.read())
        elif request.can_read_body:
            text = await request.text()
            body = json.loads(text) if text else None
        self.requests.append(Request(request.method, path, dict(request.query), body, files))
        try:
            return self._answer(request, path, body)
        finally:
            await self._notify()

    def _answer(self, request: web.Request, path: str, body: Any) -> web.Response:
        for fault in self.faults:
            if (
                fault.times > 0
                and request.method == fault.method
                and path.startswith(fault.path_prefix)
            ):
                fault.times -= 1
                return self._json({"message": fault.message, "code": fault.code}, fault.status)
        if request.headers.get("Authorization") not in (f"Bot {TOKEN}", None):
            return self._json({"message": "401: Unauthorized", "code": 0}, 401)
        method = request.method
        if method == "GET" and path == "/users/@me":
            return self._json(BOT_USER)
        if method == "GET" and path == "/oauth2/applications/@me":
            return self._json(self._application())
        if method == "PUT" and path.startswith(f"/applications/{APP_ID}/"):
            self.commands[path] = [self._command(c, path) for c in body]
            return self._json(self.commands[path])
        if method == "GET" and path.startswith(f"/applications/{APP_ID}/"):
            return self._json(self.commands.get(path, []))
        if method == "POST" and path.endswith("/callback"):
            return self._json(self._callback(path, body))
        if method == "POST" and path.startswith("/channels/") and path.endswith("/messages"):
            return self._json(self.message(int(path.split("/")[2]), BOT_USER, body))
        if method in ("POST", "PATCH") and path.startswith("/webhooks/"):
            return self._json(self.message(CHANNEL_ID, BOT_USER, body))
        if method == "DELETE" and path.startswith("/webhooks/") and "/messages/" in path:
            return web.Response(status=204)
        return self._json({"message": "404: Not Found", "code": 0}, 404)

    def _application(self) -> dict[str, Any]:
        return {
            "id": str(APP_ID),
            "name": "citebot",
            "description": "",
            "icon": None,
            "rpc_origins": [],
            "bot_public": True,
            "bot_require_code_grant": False,
            "owner": {**MEMBER_USER, "id": str(OWNER_ID), "username": "owner"},
            "verify_key": "0" * 64,
            "flags": 0,
            "team": None,
            "interactions_endpoint_url": None,
        }

    def _command(self, command: dict[str, Any], path: str) -> dict[str, Any]:
        parts = path.split("/")
        out = {**command, "id": self.next_id(), "application_id": str(APP_ID), "version": "1"}
        if "guilds" in parts:
            out["guild_id"] = parts[parts.index("guilds") + 1]
        out.setdefault("description", "")
        return out

    def _callback(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        interaction_id = path.split("/")[2]
        kind = body.get("type")
        data = body.get("data") or {}
        ephemeral = bool((data.get("flags") or 0) & 64)
        result: dict[str, Any] = {
            "interaction": {
                "id": interaction_id,
                "type": 2,
                "response_message_loading": kind == 5,
                "response_message_ephemeral": ephemeral,
            }
        }
        if kind in (4, 7):
            message = self.message(CHANNEL_ID, BOT_USER, data)
            self.created.append(message)
            result["interaction"]["response_message_id"] = message["id"]
            result["resource"] = {"type": kind, "message": message}
        return result

    def message(
        self, channel_id: int, author: dict[str, Any], body: dict[str, Any] | None
    ) -> dict[str, Any]:
        """A full message payload (what Discord returns when a message is created)."""
        body = body or {}
        return {
            "id": self.next_id(),
            "channel_id": str(channel_id),
            "guild_id": str(GUILD_ID),
            "author": author,
            "content": body.get("content") or "",
            "timestamp": TIMESTAMP,
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": body.get("embeds") or [],
            "components": body.get("components") or [],
            "pinned": False,
            "type": 0,
            "flags": body.get("flags") or 0,
        }

    # -- what a member does ------------------------------------------------------------------------

    def interaction(self, kind: int, data: dict[str, Any], **extra: Any) -> dict[str, Any]:
        """An INTERACTION_CREATE payload from the member in the general channel."""
        interaction_id = self.next_id()
        return {
            "id": interaction_id,
            "application_id": str(APP_ID),
            "type": kind,
            "token": f"token-{interaction_id}",
            "version": 1,
            "guild_id": str(GUILD_ID),
            "channel_id": str(CHANNEL_ID),
            "channel": {
                "id": str(CHANNEL_ID),
                "type": 0,
                "guild_id": str(GUILD_ID),
                "name": "general",
            },
            "member": member_payload(MEMBER_USER, permissions=0x0000_0400 | 0x0000_0800),
            "data": data,
            "locale": "en-US",
            "guild_locale": "en-US",
            "app_permissions": str(0x0000_0400 | 0x0000_0800 | 0x0000_4000),
            "entitlements": [],
            "authorizing_integration_owners": {"0": str(GUILD_ID)},
            "context": 0,
            "attachment_size_limit": 8 * 1024 * 1024,
            **extra,
        }

    def interaction_in(
        self, guild_id: int, kind: int, data: dict[str, Any], *, permissions: int = 0
    ) -> dict[str, Any]:
        """An INTERACTION_CREATE from the member in `guild_id`, with these permissions there
        (on top of View Channel and Send Messages)."""
        base = self.interaction(kind, data)
        base["guild_id"] = str(guild_id)
        # A server the bot has no cache of: discord.py builds the channel from this payload.
        channel = guild_payload()["channels"][0]
        base["channel"] = {**channel, "guild_id": str(guild_id)}
        base["member"] = member_payload(MEMBER_USER, permissions=0x0C00 | permissions)
        base["authorizing_integration_owners"] = {"0": str(guild_id)}
        return base

    def user_message(self, content: str, mentions: list[dict[str, Any]]) -> dict[str, Any]:
        """A MESSAGE_CREATE payload from the member."""
        payload = self.message(CHANNEL_ID, MEMBER_USER, {"content": content})
        payload["member"] = {k: v for k, v in member_payload(MEMBER_USER).items() if k != "user"}
        payload["mentions"] = mentions
        return payload


Server = TypeVar("Server", bound="FakeDiscord")


def kb_command(sub: str, options: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The data of a `/kb <sub>` command as registered in the home server (GUILD_ID)."""
    leaf: dict[str, Any] = {"name": sub, "type": 1, "options": options or []}
    return {"id": "10", "name": "kb", "type": 1, "guild_id": str(GUILD_ID), "options": [leaf]}


def modal_submit(custom_id: str, values: dict[str, str]) -> dict[str, Any]:
    """The data of a modal submit: one text input per row."""
    rows = [
        {"type": 1, "components": [{"type": 4, "custom_id": key, "value": value}]}
        for key, value in values.items()
    ]
    return {"custom_id": custom_id, "components": rows}


@asynccontextmanager
async def serving(server: Server, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Server]:
    """Start `server` and point discord.py's REST base and gateway at it until the block ends."""
    await server.start()
    monkeypatch.setattr(discord.http.Route, "BASE", server.api_base)
    monkeypatch.setattr(
        discord.gateway.DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(server.gateway_url)
    )
    try:
        yield server
    finally:
        await server.stop()


@asynccontextmanager
async def running(bot: Any) -> AsyncIterator[Any]:
    """Start a discord.py client against the fake, wait until it is ready, close it after.

    It logs in first, then connects in a task (what `bot.start` does): on Python 3.12
    `wait_for` runs its coroutine at once, before a task running `bot.start` has begun, and
    `wait_until_ready` refuses a client that has not logged in yet."""
    await bot.login(TOKEN)
    runner = asyncio.create_task(bot.connect())
    try:
        await asyncio.wait_for(bot.wait_until_ready(), 10)
        yield bot
    finally:
        await bot.close()
        await asyncio.wait_for(runner, 10)


async def eventually(check: Callable[[], object], timeout: float, what: str) -> None:
    """Poll `check()` until it is true; fail naming `what` after `timeout` seconds. For what
    the fake sees no request or frame for (a log line, a database row), which `wait_for`
    re-checks only on those."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not check():
        if loop.time() > deadline:
            raise AssertionError(f"not within {timeout} s: {what}")
        await asyncio.sleep(0.05)


@contextmanager
def database_held(path: Path) -> Iterator[None]:
    """The feedback database at `path` locked for writing, as another process holds it (a
    backup, the CLI, another shard group's vote), until the block ends."""
    other = sqlite3.connect(path, timeout=5, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")  # the other writer
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()
