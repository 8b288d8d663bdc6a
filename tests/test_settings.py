"""Settings: read once from the environment and .env; the token never shows."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.settings import Settings, SettingsError
from tests.conftest import ROOT
from tests.processes import plain_env, run_bot


def test_env_overrides_dotenv(tmp_path: Path) -> None:
    """The real environment wins over the .env file."""
    dotenv = tmp_path / ".env"
    dotenv.write_text(
        "DISCORD_TOKEN=from-file\nCITEBOT_DEV_GUILD_ID=1\nexport CITEBOT_LOG_LEVEL='debug'\n",
        "utf-8",
    )
    settings = Settings.from_env({"CITEBOT_DEV_GUILD_ID": "42"}, dotenv=dotenv)
    assert settings.discord_token.reveal() == "from-file"
    assert settings.dev_guild_id == 42
    assert settings.log_level == "DEBUG"


def test_token_never_in_repr_or_logs(caplog: pytest.LogCaptureFixture) -> None:
    """repr/str of the settings and log lines never contain the token."""
    settings = Settings.from_env({"DISCORD_TOKEN": "super-secret-token"}, dotenv=None)
    assert "super-secret-token" not in repr(settings)
    assert "super-secret-token" not in str(settings.discord_token)
    with caplog.at_level(logging.INFO):
        logging.getLogger("test").info("settings: %s", settings)
    assert "super-secret-token" not in caplog.text


def test_id_lists_and_bad_values() -> None:
    """Role/channel ids parse from comma lists; a non-numeric id names the variable."""
    settings = Settings.from_env({"CITEBOT_MODERATOR_ROLE_IDS": "1, 2,3"}, dotenv=None)
    assert settings.moderator_role_ids == (1, 2, 3)
    with pytest.raises(SettingsError, match="CITEBOT_ANSWER_CHANNEL_IDS"):
        Settings.from_env({"CITEBOT_ANSWER_CHANNEL_IDS": "abc"}, dotenv=None)


def test_defaults() -> None:
    """With nothing set, the knowledge dir is knowledge/ and there is no token."""
    settings = Settings.from_env({}, dotenv=None)
    assert settings.knowledge_dir == Path("knowledge")
    assert not settings.discord_token


def test_dotenv_comments_and_escaped_quotes(tmp_path: Path) -> None:
    """A ` # comment` after a value is not part of it; escaped quotes are unescaped."""
    dotenv = tmp_path / ".env"
    dotenv.write_text(
        "DISCORD_TOKEN=abc.def # prod token\n"
        'CITEBOT_LOG_LEVEL="debug"\n'
        'CITEBOT_KNOWLEDGE_DIR="kb \\"main\\""\n'
        "export CITEBOT_DATA_DIR='/srv/data' # data\n",
        "utf-8",
    )
    settings = Settings.from_env({}, dotenv=dotenv)
    assert settings.discord_token.reveal() == "abc.def"
    assert settings.log_level == "DEBUG"
    assert settings.knowledge_dir == Path('kb "main"')
    assert settings.data_dir == Path("/srv/data")


def test_environment_wins_over_dotenv(tmp_path: Path) -> None:
    """A variable set in the environment overrides the same one in .env."""
    dotenv = tmp_path / ".env"
    dotenv.write_text("CITEBOT_DATA_DIR=from-file\n", "utf-8")
    settings = Settings.from_env({"CITEBOT_DATA_DIR": "from-env"}, dotenv=dotenv)
    assert settings.data_dir == Path("from-env")


def test_home_servers_parse() -> None:
    """CITEBOT_MODERATION_GUILD_IDS is a comma list of server ids; unset means none."""
    settings = Settings.from_env({"CITEBOT_MODERATION_GUILD_IDS": "11, 22"}, dotenv=None)
    assert settings.moderation_guild_ids == (11, 22)
    assert Settings.from_env({}, dotenv=None).moderation_guild_ids == ()
    with pytest.raises(SettingsError, match="CITEBOT_MODERATION_GUILD_IDS"):
        Settings.from_env({"CITEBOT_MODERATION_GUILD_IDS": "my-server"}, dotenv=None)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"CITEBOT_SHARD_IDS": "0,1"}, "needs CITEBOT_SHARD_COUNT"),
        ({"CITEBOT_SHARD_COUNT": "2", "CITEBOT_SHARD_IDS": "1,2"}, "2 is out of range"),
        ({"CITEBOT_SHARD_COUNT": "0"}, "at least 1"),
        ({"CITEBOT_SHARD_COUNT": "2", "CITEBOT_SHARD_IDS": "0,0"}, "more than once: 0"),
    ],
    ids=["ids-without-count", "id-out-of-range", "zero-shards", "a-shard-twice"],
)
def test_bad_shard_settings_name_the_variable(env: dict[str, str], message: str) -> None:
    """Shard ids without a count, or beyond it, are refused with what to fix."""
    with pytest.raises(SettingsError, match=message):
        Settings.from_env(env, dotenv=None)


def test_good_shard_settings() -> None:
    """Shard ids below the count are accepted."""
    settings = Settings.from_env(
        {"CITEBOT_SHARD_COUNT": "4", "CITEBOT_SHARD_IDS": "2,3"}, dotenv=None
    )
    assert (settings.shard_count, settings.shard_ids) == (4, (2, 3))


def test_shard_ids_are_kept_in_order() -> None:
    """ "3,2" is the group "2,3": one heartbeat file and one `health` for both spellings."""
    settings = Settings.from_env(
        {"CITEBOT_SHARD_COUNT": "4", "CITEBOT_SHARD_IDS": "3,2"}, dotenv=None
    )
    assert settings.shard_ids == (2, 3)


@pytest.mark.parametrize(
    "name",
    [
        "CITEBOT_MODERATION_GUILD_IDS",
        "CITEBOT_MODERATOR_ROLE_IDS",
        "CITEBOT_ANSWER_CHANNEL_IDS",
        "CITEBOT_DEV_GUILD_ID",
    ],
)
def test_zero_is_no_discord_id(name: str) -> None:
    """Server 0 is where questions asked in direct messages are kept: a home server listed
    as 0 showed them to its moderators."""
    with pytest.raises(SettingsError, match=f"{name} (lists|is) 0"):
        Settings.from_env({name: "0"}, dotenv=None)


@pytest.mark.parametrize(
    "env",
    [
        {"CITEBOT_SHARD_COUNT": "²"},
        {"CITEBOT_DEV_GUILD_ID": "１２３"},
        {"CITEBOT_MODERATION_GUILD_IDS": "123,³"},
    ],
    ids=["superscript", "full-width", "superscript-in-a-list"],
)
def test_a_digit_int_refuses_is_a_configuration_error(env: dict[str, str]) -> None:
    """ "²" and "１" pass str.isdigit() but not int(): named as the setting to fix, not a
    ValueError traceback (from `run`, and from `health` in a container's health check)."""
    name = next(iter(env))
    with pytest.raises(SettingsError, match=name):
        Settings.from_env(env, dotenv=None)


@pytest.mark.parametrize(
    "env",
    [
        {"CITEBOT_MODERATION_GUILD_IDS": "1, 123456789012345678901"},
        {"CITEBOT_MODERATOR_ROLE_IDS": "9223372036854775808"},
        {"CITEBOT_DEV_GUILD_ID": "99999999999999999999"},
    ],
    ids=["home-server", "role", "dev-server"],
)
def test_an_id_too_large_for_discord_is_a_configuration_error(env: dict[str, str]) -> None:
    """A Discord id is below 2**63: a longer number (a digit too many) is refused at start,
    naming the setting, instead of failing later in every `scope: all` query (SQLite holds
    no larger integer)."""
    name = next(iter(env))
    with pytest.raises(SettingsError, match=rf"{name}.*too large"):
        Settings.from_env(env, dotenv=None)
    largest = {name: str(2**63 - 1)}
    assert Settings.from_env(largest, dotenv=None) is not None


def test_a_home_servers_id_as_a_moderator_role_is_refused() -> None:
    """The @everyone role has its server's id: listed as a moderator role it would make every
    member of that home server a moderator, so it is refused with what to give instead."""
    env = {"CITEBOT_MODERATION_GUILD_IDS": "111, 222", "CITEBOT_MODERATOR_ROLE_IDS": "333, 222"}
    with pytest.raises(SettingsError, match=r"CITEBOT_MODERATOR_ROLE_IDS lists 222.*@everyone"):
        Settings.from_env(env, dotenv=None)
    env["CITEBOT_MODERATOR_ROLE_IDS"] = "333"
    assert Settings.from_env(env, dotenv=None).moderator_role_ids == (333,)


@pytest.mark.parametrize("name", ["CITEBOT_SHARD_COUNT", "CITEBOT_ANSWER_CHANNEL_IDS"])
def test_a_number_of_thousands_of_digits_is_a_settings_error(name: str) -> None:
    """Python will not read more than 4,300 digits: that ValueError was a traceback."""
    with pytest.raises(SettingsError, match=f"{name} holds a number of 4,400 digits"):
        Settings.from_env({name: "9" * 4400}, dotenv=None)


def test_leading_zeros_do_not_count() -> None:
    """5,000 zeros before a 2 is 2 (int() counted the zeros toward its limit: a traceback)."""
    settings = Settings.from_env({"CITEBOT_SHARD_COUNT": "0" * 5000 + "2"}, dotenv=None)
    assert settings.shard_count == 2


def test_a_dotenv_that_is_not_utf8_is_a_settings_error(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_bytes(b"DISCORD_TOKEN=caf\xe9\n")  # saved as Latin-1
    with pytest.raises(SettingsError, match=r"\.env is not UTF-8 text"):
        Settings.from_env({}, dotenv=dotenv)


@pytest.mark.parametrize("name", ["CITEBOT_DATA_DIR", "CITEBOT_KNOWLEDGE_DIR"])
def test_a_leading_tilde_in_a_directory_is_the_home_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """`~/x` from a .env file (no shell expands it there) is the home directory's x."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    dotenv = tmp_path / ".env"
    dotenv.write_text(f"{name}=~/citebot stuff\n", "utf-8")
    settings = Settings.from_env({}, dotenv=dotenv)
    found = settings.data_dir if name == "CITEBOT_DATA_DIR" else settings.knowledge_dir
    assert found == tmp_path / "home" / "citebot stuff"


def test_a_tilde_data_dir_in_dotenv_is_written_under_home_not_cwd(tmp_path: Path) -> None:
    """A real `python -m bot` given `CITEBOT_DATA_DIR=~/citebot-data` in its .env writes its
    feedback database in the home directory; it made a directory named `~` in the working
    directory."""
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    (work / ".env").write_text("CITEBOT_DATA_DIR=~/citebot-data\n", "utf-8")
    # (`kb unanswered` reads the knowledge too, to leave out what is settled)
    env = plain_env(HOME=str(home), CITEBOT_KNOWLEDGE_DIR=str(ROOT / "knowledge"))
    proc = run_bot(["kb", "unanswered"], work, env)
    assert proc.returncode == 0, proc.stderr
    assert (home / "citebot-data" / "feedback.sqlite3").is_file()
    assert not (work / "~").exists()


def test_an_unknown_home_in_a_directory_is_a_settings_error() -> None:
    """`~nosuchuser/x` cannot be read: one line naming the variable, not a traceback."""
    with pytest.raises(SettingsError, match="CITEBOT_DATA_DIR"):
        Settings.from_env({"CITEBOT_DATA_DIR": "~no-such-user-here/x"}, dotenv=None)


@pytest.mark.parametrize(
    ("raw", "watch"),
    [("", True), ("1", True), ("on", True), ("TRUE", True), ("0", False), ("off", False)],
)
def test_watch_reads_yes_and_no(raw: str, watch: bool) -> None:
    """CITEBOT_WATCH takes the usual spellings of yes and no; unset is on."""
    assert Settings.from_env({"CITEBOT_WATCH": raw}, dotenv=None).watch is watch


@pytest.mark.parametrize("raw", ["flase", "of", "2", "disabled"])
def test_a_watch_value_that_is_neither_yes_nor_no_is_refused(raw: str) -> None:
    """A typo meant as "off" was read as on; now it is a configuration error naming it."""
    with pytest.raises(SettingsError, match=f"CITEBOT_WATCH must be 1 or 0.*{raw!r}"):
        Settings.from_env({"CITEBOT_WATCH": raw}, dotenv=None)


def test_a_watch_typo_stops_the_command_line_with_one_line(tmp_path: Path) -> None:
    """`python -m bot` exits 2 with one line on stderr, no traceback."""
    proc = run_bot(["ask", "who controls dokdo"], tmp_path, plain_env(CITEBOT_WATCH="flase"))
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        "citebot: configuration error: CITEBOT_WATCH must be 1 or 0 (or true/false, yes/no,"
        " on/off), got 'flase'"
    ]


def test_a_misspelt_setting_is_named_with_the_one_it_was_meant_to_be(tmp_path: Path) -> None:
    """A CITEBOT_ variable citebot does not read, in the environment or .env, is named with
    the closest real setting; the real settings are not reported."""
    dotenv = tmp_path / ".env"
    dotenv.write_text("CITEBOT_EMBEDING_MODEL=off\nCITEBOT_WATCH=0\n", "utf-8")
    settings = Settings.from_env(
        {"CITEBOT_DATA_DIRS": "/srv/citebot", "CITEBOT_KNOWLEDGE_DIR": "k", "CITEBOT_X": "1"},
        dotenv=dotenv,
    )
    assert settings.ignored == (
        "CITEBOT_DATA_DIRS is not a citebot setting and is ignored"
        " (did you mean CITEBOT_DATA_DIR?)",
        "CITEBOT_EMBEDING_MODEL is not a citebot setting and is ignored"
        " (did you mean CITEBOT_EMBEDDING_MODEL?)",
        "CITEBOT_X is not a citebot setting and is ignored",
    )
    assert settings.data_dir == Path("data") and settings.embedding_model == ""


def test_a_misspelt_data_dir_is_said_before_a_kb_edit_writes_elsewhere(
    tiny_knowledge: Path, tmp_path: Path
) -> None:
    """`CITEBOT_DATA_DIRS=...` (one letter too many) was ignored without a word, and a `kb`
    edit wrote its audit log to ./data; the command still runs (a variable a later version
    drops must not stop a deployment), but stderr names the typo first."""
    meant = tmp_path / "meant"
    env = plain_env(
        CITEBOT_DATA_DIRS=str(meant),
        CITEBOT_KNOWLEDGE_DIR=str(tiny_knowledge),
        CITEBOT_EMBEDDING_MODEL="off",
    )
    proc = run_bot(["kb", "alias", "Example Islands", "Example isle"], tmp_path, env)
    assert proc.returncode == 0
    assert proc.stderr.splitlines()[0] == (
        "citebot: warning: CITEBOT_DATA_DIRS is not a citebot setting and is ignored"
        " (did you mean CITEBOT_DATA_DIR?)"
    )
    assert (tmp_path / "data" / "audit.jsonl").is_file() and not meant.exists()


@pytest.mark.parametrize("name", ["CITEBOT_DATA_DIR", "CITEBOT_KNOWLEDGE_DIR", "DISCORD_TOKEN"])
@pytest.mark.parametrize("quote", ['"', "'"])
def test_a_value_still_wrapped_in_quotes_is_refused(name: str, quote: str) -> None:
    """docker --env-file and Kubernetes keep the quotes a .env file would drop: the quoted
    path was read as a relative one starting with a quote; the message never shows a token."""
    with pytest.raises(SettingsError, match=f"{name} is wrapped in quotes") as raised:
        Settings.from_env({name: f"{quote}/srv/sec ret{quote}"}, dotenv=None)
    assert "sec ret" not in str(raised.value)


def test_quotes_a_dotenv_file_takes_off_are_not_refused(tmp_path: Path) -> None:
    """In a .env file quotes are syntax (python-dotenv drops them), and a quote inside a
    path is kept."""
    dotenv = tmp_path / ".env"
    dotenv.write_text('CITEBOT_DATA_DIR="/srv/citebot data"\n', "utf-8")
    assert Settings.from_env({}, dotenv=dotenv).data_dir == Path("/srv/citebot data")
    settings = Settings.from_env({"CITEBOT_DATA_DIR": "/srv/o'neil's"}, dotenv=None)
    assert settings.data_dir == Path("/srv/o'neil's")


def test_a_quoted_data_dir_stops_a_kb_edit_before_it_writes(
    tiny_knowledge: Path, tmp_path: Path
) -> None:
    """`CITEBOT_DATA_DIR="/srv/citebot"` as docker --env-file passes it: a `kb` edit wrote
    its audit log under ./\\"/srv/citebot\\"; now it exits 2 with one line and writes nothing."""
    meant = tmp_path / "meant"
    env = plain_env(
        CITEBOT_DATA_DIR=f'"{meant}"',
        CITEBOT_KNOWLEDGE_DIR=str(tiny_knowledge),
        CITEBOT_EMBEDDING_MODEL="off",
    )
    before = sorted(p.name for p in tmp_path.iterdir())
    proc = run_bot(["kb", "alias", "Example Islands", "Example isle"], tmp_path, env)
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        'citebot: configuration error: CITEBOT_DATA_DIR is wrapped in quotes ("..."), which'
        " would be taken as part of it: remove them (docker --env-file and Kubernetes keep"
        " quotes; only .env drops them)"
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == before


@pytest.mark.parametrize(
    ("token", "said"),
    [
        ("MTIz.sec\nret", "a space or a control character (a line break?) at character 9"),
        ("MTIz.sec ret", "a space or a control character (a line break?) at character 9"),
        ("MTIz.sec\u200bret", "a character that is not ASCII (U+200B) at character 9"),
        ("Bot MTIz.secret", "starts with 'Bot': give the token alone"),
    ],
)
def test_a_token_no_token_can_be_is_refused_without_showing_it(token: str, said: str) -> None:
    """A line break, a space, a character that is not ASCII, or the "Bot " prefix: no Discord
    token holds them, and each was sent to Discord (or refused by aiohttp in its own words)."""
    with pytest.raises(SettingsError, match=r"^DISCORD_TOKEN ") as raised:
        Settings.from_env({"DISCORD_TOKEN": token}, dotenv=None)
    assert said in str(raised.value)
    assert "sec" not in str(raised.value) and "MTIz" not in str(raised.value)


def test_a_token_with_a_line_break_stops_run_before_anything_starts(
    tiny_knowledge: Path, tmp_path: Path
) -> None:
    """`DISCORD_TOKEN="MTIz...\\nrest"` in a .env file (python-dotenv reads the `\\n` in double
    quotes as a line break): `run` ended, after the start and the login's request, with
    aiohttp's "Forbidden control character detected in headers", which named no variable.
    Now a configuration error, exit 2, one line, nothing made in the data directory."""
    (tmp_path / ".env").write_text('DISCORD_TOKEN="MTIz.secret\\nrest"\n', "utf-8")
    data = tmp_path / "data"
    env = plain_env(
        CITEBOT_DATA_DIR=str(data),
        CITEBOT_KNOWLEDGE_DIR=str(tiny_knowledge),
        CITEBOT_EMBEDDING_MODEL="off",
    )
    env.pop("DISCORD_TOKEN", None)
    proc = run_bot(["run"], tmp_path, env)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert proc.stderr.splitlines() == [
        "citebot: configuration error: DISCORD_TOKEN holds a space or a control character"
        " (a line break?) at character 12, which no token holds: copy it again from the Bot"
        " page of your application, on one line"
    ]
    assert "secret" not in proc.stdout + proc.stderr
    assert not data.exists()
