"""One Settings object, read once at start from the environment and an optional `.env` file.

Nothing reads the environment at import time; front ends call `Settings.from_env()` and pass the
result in. The Discord token is wrapped so that it never reaches a log line, error or repr.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path


class Secret:
    """A string that hides itself from repr/str/format; call .reveal() where it is really needed."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The secret value; only for handing to the Discord client."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('**********')" if self._value else "Secret('')"

    __str__ = __repr__

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


class SettingsError(ValueError):
    """A setting has a value we cannot use; the message names the variable."""


# Discord ids (snowflakes) are 64-bit integers below 2**63; SQLite, where feedback is kept per
# server, stores no larger integer, and a longer number is a typo (a digit too many).
MAX_ID = 2**63 - 1


def _number(name: str, digits: str) -> int:
    """`int(digits)`, refused past the length of any Discord id: Python will not read more
    than 4,300 digits at all (a ValueError, which came out as a traceback)."""
    significant = digits.lstrip("0") or "0"  # int() counts leading zeros toward its limit
    if len(significant) > 20:
        raise SettingsError(f"{name} holds a number of {len(significant):,} digits, too large")
    return int(significant)


def _in_range(name: str, value: int) -> int:
    if value > MAX_ID:
        raise SettingsError(f"{name} holds {value}, too large for a Discord id (a digit too many?)")
    return value


def _ids(env: Mapping[str, str], name: str) -> tuple[int, ...]:
    raw = env.get(name, "").replace(";", ",")
    out: list[int] = []
    for part in raw.replace(" ", ",").split(","):
        if not part:
            continue
        if not (part.isascii() and part.isdigit()):  # "²" is a digit int() refuses
            raise SettingsError(
                f"{name} must be a comma-separated list of numeric Discord ids, got {part!r}"
            )
        out.append(_in_range(name, _number(name, part)))
    return tuple(out)


def _discord_ids(env: Mapping[str, str], name: str) -> tuple[int, ...]:
    """`_ids` of servers, roles or channels: 0 is none of them, and server 0 is where the
    questions asked in direct messages are kept, which no server's moderators may see."""
    ids = _ids(env, name)
    if 0 in ids:
        raise SettingsError(f"{name} lists 0, which is no Discord id")
    return ids


def _discord_id(env: Mapping[str, str], name: str) -> int | None:
    """`_int` of a server's id: 0 is none (`_discord_ids`)."""
    found = _int(env, name)
    if found == 0:
        raise SettingsError(f"{name} is 0, which is no Discord id")
    return found


def discord_id(name: str, text: str) -> int:
    """One Discord id typed by an operator (`sync --guild`), read by the rules of the id
    settings: ASCII digits only, within a snowflake's range, and not 0. `int()` alone took
    "１２３" (full-width) as 123 and "1_2" as 12, another server than the one typed, and took
    0, "-5" and a 26-digit number, which went to Discord after the login and the knowledge
    load and came back as an HTTP error instead of a usage error naming the value."""
    raw = text.strip()
    if not (raw.isascii() and raw.isdigit()):
        raise SettingsError(f"{name} must be a numeric Discord id, got {text!r}")
    value = _in_range(name, _number(name, raw))
    if value == 0:
        raise SettingsError(f"{name} is 0, which is no Discord id")
    return value


def _int(env: Mapping[str, str], name: str) -> int | None:
    raw = env.get(name, "").strip()
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit()):  # "²" is a digit int() refuses
        raise SettingsError(f"{name} must be a number, got {raw!r}")
    return _in_range(name, _number(name, raw))


def _not_quoted(name: str, raw: str) -> str:
    """`raw`, refused when it is wrapped in quotes. A `.env` file takes them off (python-dotenv,
    as a shell would), but `docker run --env-file`, `docker run -e 'X="..."'` and a Kubernetes
    value keep them as part of the value: `CITEBOT_DATA_DIR="/srv/citebot"` wrote the audit log
    and the feedback database under a directory named `"` in the working directory, without a
    word, and a quoted token was "rejected by Discord", which sent one to copy it again."""
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'":
        raise SettingsError(
            f"{name} is wrapped in quotes ({raw[0]}...{raw[0]}), which would be taken as part of"
            " it: remove them (docker --env-file and Kubernetes keep quotes; only .env drops"
            " them)"
        )
    return raw


def _token(raw: str) -> Secret:
    """DISCORD_TOKEN, refused when it holds what no token holds, said without showing it. A
    line break inside (a .env value in double quotes with a `\\n`, a copy that took two
    lines) reached aiohttp, whose "Forbidden control character detected in headers" named
    neither the variable nor the fix; a space (`Bot MTIz...` pasted with its prefix) or a
    character that is not ASCII (a zero-width space from a chat or a web page) was sent to
    Discord and came back as a wrong token, "copy it again", which would paste it the same."""
    if raw.startswith(("Bot ", "Bearer ")):
        raise SettingsError(
            f"DISCORD_TOKEN starts with {raw.split(' ', 1)[0]!r}: give the token alone, the"
            " bot adds that prefix itself"
        )
    for at, char in enumerate(raw, 1):
        if char.isascii() and char.isprintable() and not char.isspace():
            continue
        what = (
            f"a character that is not ASCII (U+{ord(char):04X})"
            if not char.isascii()
            else "a space or a control character (a line break?)"
        )
        raise SettingsError(
            f"DISCORD_TOKEN holds {what} at character {at}, which no token holds: copy it"
            " again from the Bot page of your application, on one line"
        )
    return Secret(raw)


def _dir(env: Mapping[str, str], name: str, default: str) -> Path:
    """A directory setting, with a leading `~` read as the home directory. A shell expands
    it, but a `.env` file, `docker run -e`, systemd's `Environment=` and the like pass it as
    is: `CITEBOT_DATA_DIR=~/citebot-data` made a directory named `~` in the working
    directory (which a later `rm -rf ~` would be one slip from)."""
    raw = _not_quoted(name, env.get(name, "").strip()) or default
    try:
        return Path(raw).expanduser()
    except RuntimeError:  # `~` with no HOME and no passwd entry, or `~nosuchuser`
        raise SettingsError(
            f"{name} is {raw!r}, but that home directory is unknown: give the full path"
        ) from None


_YES = {"1", "true", "yes", "on"}
_NO = {"0", "false", "no", "off"}


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    """A yes/no setting. Anything else is refused rather than read as yes: a typo meant as
    off ("flase", "of") left the knowledge watcher running without a word."""
    raw = env.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in _YES | _NO:
        return raw in _YES
    raise SettingsError(f"{name} must be 1 or 0 (or true/false, yes/no, on/off), got {raw!r}")


def _check_roles(homes: tuple[int, ...], roles: tuple[int, ...]) -> None:
    """A home server's own id is also the id of its @everyone role, which every member has:
    listed as a moderator role (an easy copy-paste slip) it would make everyone a moderator."""
    for role in roles:
        if role in homes:
            raise SettingsError(
                f"CITEBOT_MODERATOR_ROLE_IDS lists {role}, the id of a home server: that is its"
                " @everyone role, which every member has; give the moderators' role id instead"
            )


def _check_shards(count: int | None, ids: tuple[int, ...]) -> tuple[int, ...]:
    """The shard ids, checked and in order (the heartbeat's file is named after them, and
    `health` given them in another order looked for another file). Shard ids only make sense
    out of a known total: discord.py would otherwise fail deep in its start-up with a traceback
    instead of naming the variable to fix; a shard listed twice was logged in twice, and never
    got ready."""
    if count is not None and count < 1:
        raise SettingsError(f"CITEBOT_SHARD_COUNT must be at least 1, got {count}")
    if not ids:
        return ids
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise SettingsError(
            "CITEBOT_SHARD_IDS lists a shard more than once: " + ", ".join(map(str, twice))
        )
    if count is None:
        raise SettingsError(
            "CITEBOT_SHARD_IDS needs CITEBOT_SHARD_COUNT (the total number of shards) as well"
        )
    wrong = [i for i in ids if i >= count]
    if wrong:
        raise SettingsError(
            f"CITEBOT_SHARD_IDS must be below CITEBOT_SHARD_COUNT ({count}): "
            + ", ".join(str(i) for i in wrong)
            + f" is out of range (valid: 0 to {count - 1})"
        )
    return tuple(sorted(ids))


def read_dotenv(path: Path) -> dict[str, str]:
    """The KEY=VALUE pairs of a .env file, read by python-dotenv (its syntax: comments after
    ` #`, `export`, single and double quotes with escapes). No file, no values; a key without
    a value is left out. Variables are not expanded: a token may contain `$`."""
    if not path.is_file():
        return {}
    # Imported only when there is a file: python-dotenv brings logging, urllib and more, which
    # `python -m bot health` (every few seconds, usually configured by the environment alone)
    # should not pay for.
    from dotenv import dotenv_values

    try:
        values = dotenv_values(path, interpolate=False, encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise SettingsError(
            f"{path} is not UTF-8 text (byte {exc.start}): save it as UTF-8"
        ) from None
    except OSError as exc:
        raise SettingsError(f"cannot read {path}: {exc.strerror or exc}") from None
    return {key: value for key, value in values.items() if value is not None}


# Every variable citebot reads (Settings.from_env): another CITEBOT_ name is not one of ours.
KNOWN = frozenset(
    {
        "CITEBOT_KNOWLEDGE_DIR",
        "CITEBOT_DATA_DIR",
        "CITEBOT_DEV_GUILD_ID",
        "CITEBOT_MODERATION_GUILD_IDS",
        "CITEBOT_MODERATOR_ROLE_IDS",
        "CITEBOT_ANSWER_CHANNEL_IDS",
        "CITEBOT_LOG_LEVEL",
        "CITEBOT_SHARD_COUNT",
        "CITEBOT_SHARD_IDS",
        "CITEBOT_WATCH",
        "CITEBOT_EMBEDDING_MODEL",
    }
)


def unknown_variables(names: Iterable[str]) -> list[str]:
    """A warning for each CITEBOT_ name among `names` that citebot does not read, with the
    setting it was probably meant to be. A misspelt name was ignored without a word: with
    `CITEBOT_DATA_DIRS=/srv/citebot` a `kb` edit wrote its audit log to ./data, and with
    `CITEBOT_EMBEDING_MODEL=off` the model loaded anyway. Warned, not refused: a variable a
    later version drops should not stop a deployment that still sets it."""
    warnings = []
    for name in sorted({n for n in names if n.upper().startswith("CITEBOT_")} - KNOWN):
        import difflib  # here: `health`, every few seconds, reads settings and nothing more

        close = difflib.get_close_matches(name.upper(), sorted(KNOWN), n=1, cutoff=0.75)
        meant = f" (did you mean {close[0]}?)" if close else ""
        warnings.append(f"{name} is not a citebot setting and is ignored{meant}")
    return warnings


@dataclass(frozen=True)
class Settings:
    """Everything configurable about citebot."""

    discord_token: Secret = field(default_factory=lambda: Secret(""))
    knowledge_dir: Path = Path("knowledge")
    data_dir: Path = Path("data")
    dev_guild_id: int | None = None
    # The home servers: only their moderators may change the shared knowledge, and `/kb` is
    # registered in them alone. Empty: the knowledge is read-only in Discord.
    moderation_guild_ids: tuple[int, ...] = ()
    moderator_role_ids: tuple[int, ...] = ()
    answer_channel_ids: tuple[int, ...] = ()
    log_level: str = "INFO"
    shard_count: int | None = None
    shard_ids: tuple[int, ...] = ()
    watch: bool = True
    # "" = the default model when the semantic extra is installed, else lexical only; a model
    # name, a local model directory, or "off" (see bot/core/engine/embedding.py).
    embedding_model: str = ""
    # The CITEBOT_ variables set (in the environment or .env) that none of the above reads.
    ignored: tuple[str, ...] = field(default=(), compare=False)

    @property
    def cache_dir(self) -> Path:
        """Where the engine snapshots and the parsed embedding model are kept: rebuilt from the
        knowledge and the installed packages when missing, so safe to delete."""
        return self.data_dir / "cache"

    @classmethod
    def from_env(
        cls, env: Mapping[str, str] | None = None, dotenv: Path | None = Path(".env")
    ) -> Settings:
        """Build settings from a .env file overlaid by the real environment (which wins)."""
        merged: dict[str, str] = {}
        if dotenv is not None:
            merged.update(read_dotenv(dotenv))
        merged.update(os.environ if env is None else env)
        level = merged.get("CITEBOT_LOG_LEVEL", "INFO").strip().upper() or "INFO"
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise SettingsError(
                f"CITEBOT_LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, got {level!r}"
            )
        shard_count = _int(merged, "CITEBOT_SHARD_COUNT")
        shard_ids = _ids(merged, "CITEBOT_SHARD_IDS")
        shard_ids = _check_shards(shard_count, shard_ids)
        homes = _discord_ids(merged, "CITEBOT_MODERATION_GUILD_IDS")
        roles = _discord_ids(merged, "CITEBOT_MODERATOR_ROLE_IDS")
        _check_roles(homes, roles)
        token = _token(_not_quoted("DISCORD_TOKEN", merged.get("DISCORD_TOKEN", "").strip()))
        return cls(
            discord_token=token,
            knowledge_dir=_dir(merged, "CITEBOT_KNOWLEDGE_DIR", "knowledge"),
            data_dir=_dir(merged, "CITEBOT_DATA_DIR", "data"),
            dev_guild_id=_discord_id(merged, "CITEBOT_DEV_GUILD_ID"),
            moderation_guild_ids=homes,
            moderator_role_ids=roles,
            answer_channel_ids=_discord_ids(merged, "CITEBOT_ANSWER_CHANNEL_IDS"),
            log_level=level,
            shard_count=shard_count,
            shard_ids=shard_ids,
            watch=_flag(merged, "CITEBOT_WATCH", default=True),
            embedding_model=merged.get("CITEBOT_EMBEDDING_MODEL", "").strip(),
            ignored=tuple(unknown_variables(merged)),
        )
