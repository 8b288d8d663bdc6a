"""Text helpers for Discord: escape what users and files say, and cut it to Discord's limits.

Every string that reaches an embed passes through `escape` (user or file text, never markdown we
wrote) and a `fit`/`shorten` with the limit of the slot it goes into.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

import discord

# https://discord.com/developers/docs/resources/message#embed-object-embed-limits
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FOOTER_LIMIT = 2048
AUTHOR_LIMIT = 256
EMBED_TOTAL_LIMIT = 6000
FIELD_COUNT_LIMIT = 25
CONTENT_LIMIT = 2000
CHOICE_LIMIT = 100  # autocomplete choice names/values, select labels/values/descriptions
CHOICE_COUNT_LIMIT = 25
ELLIPSIS = "…"

# Bidirectional overrides/isolates and marks can make echoed text render reversed or spill into
# the text around it; they carry no meaning in a question, so they are dropped.
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_MENTION = re.compile(r"@(everyone|here|[!&]?\d+)")


def sanitize(text: str) -> str:
    """Drop control and bidi-override characters (keeping newlines and tabs)."""
    text = _BIDI.sub("", text)
    return "".join(
        ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in {"Cc", "Cs"}
    )


# discord.py's escape_markdown, with two changes. It read `[text](target)` as one token, greedily
# from the first `[` to the last `)`, and put one backslash before it, so a second masked link
# in the same text stayed live, with the formatting around it: here every `[` and `]` is
# escaped on its own, which no masked link survives. It left Discord's tags alone (`<t:0:R>` a
# date, `<#id>` a channel link, `</kb remove:id>` a clickable command, `<:name:id>` an emoji),
# drawn in place of what was typed: here every `<` is escaped, which no tag survives. A bare
# link, or one in `<...>`, stays whole (escaping its `_` would break it; it shows its own
# target); the rest is discord.py's own pattern.
_LINK = r"(?P<url><[^: >]+:\/[^ >]+>|(?:https?|steam):\/\/[^\s<]+[^<.,:;\"'\]\s])"
_INERT = re.compile(
    _LINK + r"|(?P<markdown>[\\_*~|`\[\]<]|^>(?:>>)?\s|^#{1,3}|^\s*-)", re.MULTILINE
)


def escape(text: str) -> str:
    """Plain text made inert in Discord markdown: no formatting, masked links, code blocks,
    headings, lists, quotes, mentions or other tags (timestamps, channels, commands, emoji)."""
    escaped = _INERT.sub(lambda m: m.group("url") or "\\" + m.group("markdown"), sanitize(text))
    # discord.utils.escape_mentions only knows 17-20 digit ids; neutralise any @word or <@id>.
    return _MENTION.sub("@\u200b\\1", escaped)


_ESCAPED = re.compile(r"\\(.)", re.DOTALL)


def unescape(text: str) -> str:
    """The plain text `escape` was given (bar dropped control characters): for reading back
    what a member asked from an embed we sent, e.g. when a button is clicked after a restart.

    `escape` puts a backslash before every markdown character, backslashes included, and a
    zero-width space after every `@`, so both undo exactly; a bare link, which `escape`
    leaves as it is, loses a backslash it holds (none of ours does).
    """
    return _ESCAPED.sub(r"\1", text).replace("@\u200b", "@")


def typed_fact_id(text: str) -> str:
    """A fact id as a member typed it, in the form ids have (lower-case letters, digits and
    hyphens, loader.ID_PATTERN): spaces around it dropped, full-width letters (Japanese input)
    made plain, capitals (a phone's capitalised first letter, caps lock) folded. Compared as
    typed, each of those was "no fact with id", for a fact that exists: to /fact show and
    to every /kb command that takes an id (a moderator types one too, rather than pick it)."""
    return unicodedata.normalize("NFKC", text).strip().casefold()


def typed_source_id(text: str, known: Iterable[str]) -> str:
    """A source id as a moderator typed it in the fact form: the known id it names when read
    as `typed_fact_id` reads a fact id (a phone capitalises a form's first letter: the
    "Globalsecurity" it sent was "unknown source id", of a source that exists, and the form had
    to be sent again), else what was typed, stripped, for validation to refuse by name."""
    folded = typed_fact_id(text)
    named = [source_id for source_id in known if typed_fact_id(source_id) == folded]
    return named[0] if len(named) == 1 else text.strip()


def one_line(text: str) -> str:
    """Collapse every whitespace run (newlines included) to one space."""
    return " ".join(text.split())


def shorten(text: str, limit: int, suffix: str = ELLIPSIS) -> str:
    """`text` if it fits in `limit` characters, else cut at a word boundary, ending in `suffix`."""
    if len(text) <= limit:
        return text
    room = max(0, limit - len(suffix))
    cut = text[:room]
    space = cut.rfind(" ")
    if space >= room * 0.8:
        cut = cut[:space]
    # Never end on a lone backslash: it would escape the suffix.
    cut = cut.rstrip()
    while cut.endswith("\\"):
        cut = cut[:-1].rstrip()
    return (cut + suffix)[:limit]


def fit(raw: str, limit: int, suffix: str = ELLIPSIS) -> str:
    """Escape `raw`, then cut the *raw* text until the escaped result fits in `limit`.

    Cutting before escaping keeps escapes whole (no dangling backslash, no half mention).
    """
    escaped = escape(raw)
    if len(escaped) <= limit:
        return escaped
    room = max(0, limit - len(suffix))
    # The longest raw prefix whose escaped form fits, found by halving: stepping back by the
    # overshoot cut text that doubles when escaped (`_`, `*`) to half the room, or to nothing.
    low, high = 0, len(raw)  # not `room`: sanitize drops characters, so escaping can shorten
    while low < high:
        middle = (low + high + 1) // 2
        if len(escape(raw[:middle].rstrip())) <= room:
            low = middle
        else:
            high = middle - 1
    piece = raw[:low]
    space = piece.rfind(" ")
    if space >= low * 0.8:
        piece = piece[:space]
    candidate = escape(piece.rstrip())
    return candidate + suffix if candidate else suffix[:limit]


def embed_fits(embed: discord.Embed) -> bool:
    """True when the embed obeys every Discord limit we rely on."""
    if len(embed) > EMBED_TOTAL_LIMIT or len(embed.fields) > FIELD_COUNT_LIMIT:
        return False
    if len(embed.title or "") > TITLE_LIMIT or len(embed.description or "") > DESCRIPTION_LIMIT:
        return False
    if len(embed.footer.text or "") > FOOTER_LIMIT or len(embed.author.name or "") > AUTHOR_LIMIT:
        return False
    return all(
        len(f.name or "") <= FIELD_NAME_LIMIT and len(f.value or "") <= FIELD_VALUE_LIMIT
        for f in embed.fields
    )


def enforce_total(embed: discord.Embed, note: str = "More in the source.") -> discord.Embed:
    """Drop trailing fields (then cut the description) until the embed is under 6,000 characters."""
    dropped = False
    while len(embed) > EMBED_TOTAL_LIMIT and len(embed.fields) > 1:
        embed.remove_field(len(embed.fields) - 1)
        dropped = True
    if dropped:
        embed.add_field(name="…", value=note, inline=False)
        while len(embed) > EMBED_TOTAL_LIMIT and len(embed.fields) > 1:
            embed.remove_field(len(embed.fields) - 2)
    overflow = len(embed) - EMBED_TOTAL_LIMIT
    if overflow > 0 and embed.description:
        embed.description = shorten(embed.description, len(embed.description) - overflow)
    return embed


# Of a form's text given back, within one message's 2,000 characters; the whole is attached.
TYPED_LIMIT = 1400
TYPED_FILE = "typed.txt"
_FENCE = "\n```\n"


def given_back(why: str, parts: Sequence[str]) -> dict[str, Any]:
    """The reply (`send_ephemeral`'s arguments) saying `why` a form's text was not saved, then
    the text itself (its non-empty parts) in a code block, backticks made harmless, so that a
    moderator's work is never lost with the form. When it does not fit beside `why` (at most
    TYPED_LIMIT characters) the block shows its start and the whole text, as typed, is
    attached: a form holds up to 12,000 characters, a message 2,000."""
    typed = "\n\n".join(part for part in parts if part.strip())
    why = shorten(why, CONTENT_LIMIT // 2)
    inline = f"{why}\nWhat you typed, so nothing is lost:"
    room = min(TYPED_LIMIT, CONTENT_LIMIT - len(inline) - 2 * len(_FENCE))
    if len(typed) <= room:
        return {"content": f"{inline}{_FENCE}{typed.replace('`', 'ˋ')}{_FENCE.rstrip()}"}
    lead = (
        f"{why}\nWhat you typed, so nothing is lost: all {len(typed):,} characters in the "
        f"attached `{TYPED_FILE}`, the start here:"
    )
    room = min(TYPED_LIMIT, CONTENT_LIMIT - len(lead) - 2 * len(_FENCE))
    start = shorten(typed.replace("`", "ˋ"), room)
    return {
        "content": f"{lead}{_FENCE}{start}{_FENCE.rstrip()}",
        "files": [discord.File(io.BytesIO(typed.encode("utf-8")), filename=TYPED_FILE)],
    }
