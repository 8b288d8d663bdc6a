"""`python -m bot sync` as an operator runs it: the command line, over the loopback fake
Discord (the CLI runs its own event loop, so it runs in a thread beside the fake's)."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest

from bot.cli import main
from bot.settings import Settings
from tests.discord import fake_discord as fake
from tests.discord.fake_discord import FakeDiscord


@pytest.fixture
def operator_env(monkeypatch: pytest.MonkeyPatch, settings: Settings, tmp_path: Path) -> None:
    """The environment of `python -m bot sync`: the token, this test's knowledge copy and data
    directory, the fake's guild as the home server, no embedding model (not needed to sync)."""
    monkeypatch.chdir(tmp_path)  # no .env of the checkout
    monkeypatch.setenv("DISCORD_TOKEN", fake.TOKEN)
    monkeypatch.setenv("CITEBOT_KNOWLEDGE_DIR", str(settings.knowledge_dir))
    monkeypatch.setenv("CITEBOT_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("CITEBOT_MODERATION_GUILD_IDS", str(fake.GUILD_ID))
    monkeypatch.setenv("CITEBOT_EMBEDDING_MODEL", "off")
    monkeypatch.setenv("CITEBOT_WATCH", "0")
    for name in ("CITEBOT_DEV_GUILD_ID", "CITEBOT_MODERATOR_ROLE_IDS"):
        monkeypatch.delenv(name, raising=False)


async def run_cli(*argv: str) -> tuple[int, str]:
    """`python -m bot ARGV` in a thread (it runs its own event loop): status and output. A
    usage error (argparse exits) is status 2, as the process's would be."""
    out = io.StringIO()

    def run() -> int:
        try:
            return main(list(argv), out=out)
        except SystemExit as exc:
            return int(exc.code or 0)

    code = await asyncio.to_thread(run)
    return code, out.getvalue()


@pytest.mark.usefixtures("operator_env")
@pytest.mark.parametrize(
    "typed",
    ["0", "-5", "１２３", "1_2", "99999999999999999999999999", " "],
    ids=["zero", "negative", "full-width", "underscore", "too-long", "blank"],
)
async def test_sync_guild_refuses_what_is_no_discord_id_before_contacting_discord(
    server: FakeDiscord, typed: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`sync --guild` read its value with `int()`: "１２３" became server 123 and "1_2" server
    12 (not the server typed), and 0, -5 or a number too long for an id went to Discord after
    the login and the knowledge load, to come back as an HTTP error (the fake, which accepts
    any path, said "Synced"). Each is a usage error now (exit 2, one line naming --guild),
    and nothing reaches Discord."""
    code, out = await run_cli("sync", "--guild", typed)
    assert (code, out) == (2, "")
    err = capsys.readouterr().err
    assert "argument --guild" in err and "Traceback" not in err
    assert server.requests == []


@pytest.mark.usefixtures("operator_env")
async def test_sync_guild_takes_a_discord_id(
    server: FakeDiscord, capsys: pytest.CaptureFixture[str]
) -> None:
    """A server's id, as Developer Mode copies it, is synced to that server."""
    code, _ = await run_cli("sync", "--guild", str(fake.OTHER_GUILD_ID))
    said = capsys.readouterr()  # the runner prints to the process's stdout
    assert code == 0, said.err
    puts = [r.path for r in server.requests if r.method == "PUT"]
    assert puts == [f"/applications/{fake.APP_ID}/guilds/{fake.OTHER_GUILD_ID}/commands"]
    assert f"guild {fake.OTHER_GUILD_ID}" in said.out


MEMBER_COMMANDS = {"ask", "fact", "sources", "help"}


@pytest.mark.usefixtures("operator_env")
async def test_sync_guild_copies_no_member_commands_once_they_are_global(
    server: FakeDiscord, capsys: pytest.CaptureFixture[str]
) -> None:
    """`sync --guild` in a server (not a home server) after `sync` registered the member
    commands globally: it copied them into that server all the same, so each showed twice
    there, and nothing ever took the copies away (`sync` resets only the home servers and
    the dev guild, and `sync --guild` copied them again). It now copies them only while
    nothing is registered globally, as the dev guild's start does, and says so; run again
    there, it clears the copies an earlier `sync --guild` made."""
    guild = f"/applications/{fake.APP_ID}/guilds/{fake.OTHER_GUILD_ID}/commands"
    code, _ = await run_cli("sync", "--guild", str(fake.OTHER_GUILD_ID))  # tried out first
    assert code == 0
    assert {c["name"] for c in server.commands[guild]} == MEMBER_COMMANDS
    code, _ = await run_cli("sync")  # then registered globally
    assert code == 0
    assert {c["name"] for c in server.commands[f"/applications/{fake.APP_ID}/commands"]} == (
        MEMBER_COMMANDS
    )
    capsys.readouterr()
    code, _ = await run_cli("sync", "--guild", str(fake.OTHER_GUILD_ID))
    said = capsys.readouterr()
    assert code == 0, said.err
    assert server.commands[guild] == []  # the member commands show once: globally
    assert "global" in said.out


@pytest.mark.usefixtures("operator_env")
async def test_sync_guild_of_a_home_server_keeps_its_kb_once_commands_are_global(
    server: FakeDiscord,
) -> None:
    """In a home server, `sync --guild` once the member commands are global registers its
    own commands only: `/kb` and the "Wrong fact" menu, without copies."""
    assert (await run_cli("sync"))[0] == 0
    assert (await run_cli("sync", "--guild", str(fake.GUILD_ID)))[0] == 0
    guild = f"/applications/{fake.APP_ID}/guilds/{fake.GUILD_ID}/commands"
    assert {c["name"] for c in server.commands[guild]} == {"kb", "Wrong fact for this question"}


@pytest.mark.usefixtures("operator_env")
async def test_a_home_server_the_bot_left_does_not_stop_the_others_being_synced(
    server: FakeDiscord, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The bot removed from the first home server (Discord answers 403 there): `sync` stopped
    at it, and the home servers after it never got `/kb`. Each home server is synced now;
    the one refused is named on stderr, and the status is 1."""
    gone, home = fake.OTHER_GUILD_ID, fake.GUILD_ID
    monkeypatch.setenv("CITEBOT_MODERATION_GUILD_IDS", f"{gone},{home}")
    refused = f"/applications/{fake.APP_ID}/guilds/{gone}/commands"
    server.faults.append(fake.Fault("PUT", refused, 403, 50001, "Missing Access"))
    code, _ = await run_cli("sync")
    said = capsys.readouterr()
    assert code == 1
    guild = f"/applications/{fake.APP_ID}/guilds/{home}/commands"
    assert {c["name"] for c in server.commands[guild]} == {"kb", "Wrong fact for this question"}
    assert f"home server {home}" in said.out
    assert f"server {gone}" in said.err and "Traceback" not in said.err
    assert str(home) not in said.err


@pytest.mark.usefixtures("operator_env")
async def test_sync_without_a_way_to_discord_says_so_as_run_does(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Nothing listening where Discord should be (no network, a firewall): `sync` ended with
    aiohttp's "Cannot connect to host ..." alone, where `run` says Discord could not be
    reached and what to check. Now both say the same, exit 1."""
    monkeypatch.setattr("discord.http.Route.BASE", "http://127.0.0.1:1/api/v10")
    code, out = await run_cli("sync")
    assert code == 1 and out == ""
    lines = capsys.readouterr().err.splitlines()
    assert lines[-1].startswith(
        "citebot: could not reach Discord to log in; check the network (and any proxy or"
        " firewall) and start again (ClientConnectorError: Cannot connect to host 127.0.0.1:1"
    ), lines
    assert "Traceback" not in "\n".join(lines)
