"""The loopback fake Discord with a clock: when each interaction was due, when it was answered.

Discord gives a bot 3 seconds from sending an interaction to receiving its initial response (a
message, or a defer); later, the token is invalid and the member sees "The application did not
respond". `TimedDiscord` records, per interaction, the time Discord sent it and the time the
first callback arrived, as Discord would see them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.discord.fake_discord import MEMBER_USER, FakeDiscord, member_payload

INTERACTION_DEADLINE = 3.0  # seconds: Discord's limit for the initial response
MESSAGE, DEFER = 4, 5  # callback types that count as an initial response


def member(number: int) -> dict[str, Any]:
    """A distinct guild member (each has their own /ask rate limit)."""
    user = {
        **MEMBER_USER,
        "id": str(910_000_000_000_000_000 + number),
        "username": f"member{number}",
        "global_name": f"Member {number}",
    }
    return member_payload(user, permissions=0x0000_0400 | 0x0000_0800)


def ask_payload(question: str) -> dict[str, Any]:
    """The data of an /ask invocation."""
    return {
        "id": "1",
        "name": "ask",
        "type": 1,
        "options": [{"name": "question", "type": 3, "value": question}],
    }


@dataclass
class TimedDiscord(FakeDiscord):
    """FakeDiscord that notes when each interaction was due and when it got its response."""

    due: dict[str, float] = field(default_factory=dict)  # interaction id -> time.monotonic()
    responded: dict[str, float] = field(default_factory=dict)
    response_type: dict[str, int] = field(default_factory=dict)
    # The message that carries the reply: the initial response's, or a follow-up's after a defer.
    replies: dict[str, dict[str, Any]] = field(default_factory=dict)

    async def send_interaction(self, payload: dict[str, Any], due: float) -> None:
        """Send INTERACTION_CREATE; its deadline runs from `due` (when Discord meant to send it,
        not when a busy event loop got round to it)."""
        self.due[payload["id"]] = due
        await self.dispatch("INTERACTION_CREATE", payload)

    def _callback(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        interaction_id = path.split("/")[2]
        if interaction_id not in self.responded:  # only the initial response counts
            self.responded[interaction_id] = time.monotonic()
            self.response_type[interaction_id] = int(body.get("type") or 0)
            if body.get("type") == MESSAGE:
                self.replies[interaction_id] = body.get("data") or {}
        return super()._callback(path, body)

    def _answer(self, request: web.Request, path: str, body: Any) -> web.Response:
        # A follow-up or an edit of the original response: /webhooks/{app}/token-{interaction}...
        parts = path.split("/")
        webhook = len(parts) > 3 and parts[1] == "webhooks" and parts[3].startswith("token-")
        if webhook and isinstance(body, dict) and request.method in ("POST", "PATCH"):
            self.replies.setdefault(parts[3].removeprefix("token-"), body)
        return super()._answer(request, path, body)

    def latencies(self) -> dict[str, float]:
        """Seconds from due to initial response, per interaction that got one."""
        return {i: self.responded[i] - due for i, due in self.due.items() if i in self.responded}
