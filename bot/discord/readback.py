"""What a click reads back from the answer it is on: the question, the fact shown, the asker
who may remove it, and how long its components still work.

The answer's components keep nothing in memory that a click needs (`answer_view.py`): the
message carries it, in the embed's title or "You asked" line, its footer and its Remove
button's custom id, and its id's timestamp is when it was sent. These are pure look-ups of one
message, apart from the components that use them; "source?" and the moderators' forms read the
question back the same way.
"""

from __future__ import annotations

import re
from datetime import timedelta

import discord

from bot.discord.embeds import ALSO, DECLINE_TITLES, PICKED_FOOTER, SOURCES_PREFIX
from bot.discord.formatting import ELLIPSIS, TITLE_LIMIT, unescape
from bot.discord.views import ANSWER_TIMEOUT
from bot.wording import every

# The question echoed under a decline, after "You asked" in any of the languages.
_ASKED = re.compile(
    "(?:" + "|".join(re.escape(label) for label in every("you_asked")) + r"): “(.*)”\s*$",
    re.DOTALL,
)
_FOOTER_FACT = re.compile(r"^fact ([a-z0-9-]+) ·")
# The Remove button's custom id (its dynamic item's template), which names the asker.
REMOVE_ID = re.compile(r"citebot:remove:(?P<asker>\d+)")


def complete_question(message: discord.Message | None) -> str:
    """What the member asked, read back from our embed (`asked_question`), or "" when the
    answer's title had to be cut to fit: it ends in the ellipsis `fit` adds, past half the
    limit (a question the member ended with "…" is most likely shorter). A cut question
    excluded from a fact would refuse other questions than the one asked, and stored it cannot
    be told from a whole one ("…" is kept as "...")."""
    question = asked_question(message)
    title = message.embeds[0].title or "" if message is not None and message.embeds else ""
    cut = title == ELLIPSIS or (title.endswith(ELLIPSIS) and len(title) >= TITLE_LIMIT // 2)
    return "" if cut else question


def asked_question(message: discord.Message | None) -> str:
    """What the member asked, read back from our embed: its title for an answer, the "You
    asked" line for a decline. Empty if the message carries neither."""
    if message is None or not message.embeds:
        return ""
    embed = message.embeds[0]
    if embed.title not in DECLINE_TITLES:
        return unescape((embed.title or "").removeprefix(SOURCES_PREFIX))
    found = _ASKED.search(embed.description or "")
    return unescape(found.group(1)) if found else ""


def answered_fact(message: discord.Message | None) -> str:
    """The id of the fact an answer of ours gave, read back from its footer ("fact <id> ·");
    empty for a decline, a passage or any other message."""
    if message is None or not message.embeds:
        return ""
    found = _FOOTER_FACT.match(message.embeds[0].footer.text or "")
    return found.group(1) if found else ""


_ALSO_FACT = re.compile(re.escape(ALSO) + r"([a-z0-9-]+) ")


def other_facts(message: discord.Message | None) -> list[str]:
    """The ids of the facts a reply to several questions gave after the first, read back from
    its footer ("fact <id> · confidence 1.00 · also <id> 0.98"); empty for any other message."""
    if message is None or not message.embeds or not answered_fact(message):
        return []
    return _ALSO_FACT.findall(message.embeds[0].footer.text or "")


def picked_from_menu(message: discord.Message | None) -> bool:
    """Whether the message shows a fact the member picked from the menu under the answer
    (its footer says so in place of a confidence), not the one the bot answered with."""
    if message is None or not message.embeds:
        return False
    footer = message.embeds[0].footer.text or ""
    return bool(_FOOTER_FACT.match(footer)) and footer.endswith(f" · {PICKED_FOOTER}")


def seconds_left(message: discord.Message | None) -> float:
    """How long the components of this message still work: ANSWER_TIMEOUT from its creation."""
    if message is None:
        return 0.0
    deadline = message.created_at + timedelta(seconds=ANSWER_TIMEOUT)
    return (deadline - discord.utils.utcnow()).total_seconds()


def remover(message: discord.Message | None) -> int | None:
    """The asker named by the message's Remove button (a public answer carries one), or None
    when it has none."""
    if message is None:
        return None
    for row in message.components:
        for child in getattr(row, "children", ()):
            found = REMOVE_ID.fullmatch(getattr(child, "custom_id", None) or "")
            if found:
                return int(found["asker"])
    return None


def remove_label(message: discord.Message | None) -> str | None:
    """The label of the message's Remove button (in the answer's language), or None when it
    has none: what is left of the components at their deadline keeps it."""
    if message is None:
        return None
    for row in message.components:
        for child in getattr(row, "children", ()):
            if REMOVE_ID.fullmatch(getattr(child, "custom_id", None) or ""):
                return getattr(child, "label", None)
    return None
