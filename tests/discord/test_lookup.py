"""Looking facts up: /fact show and search, /sources, /help."""

from __future__ import annotations

import pytest
from simcord import SetupError

from bot.wording import WORDINGS
from tests.discord.conftest import World, assert_pings_nobody, components, handled_errors


async def test_fact_show_autocompletes_ids_and_shows_the_fact(world: World) -> None:
    """Typing part of an id or a question offers facts; the chosen one is shown with sources."""
    by_id = await world.member.autocomplete(world.general, "fact show", "id", "liancourt")
    assert by_id and all("liancourt" in c["value"] for c in by_id[:3])
    by_question = await world.member.autocomplete(world.general, "fact show", "id", "apology")
    assert by_question
    assert all(len(c["name"]) <= 100 and len(c["value"]) <= 100 for c in by_id + by_question)

    fact_id = by_id[0]["value"]
    result = await world.member.slash(world.general, "fact show", id=fact_id)
    assert result.response is not None and not result.ephemeral
    embed = result.response.embeds[0]
    assert (embed.footer.text or "").startswith(f"fact {fact_id}")
    assert embed.fields  # its sources
    assert_pings_nobody(world.env)


@pytest.mark.parametrize(
    "typed",
    [
        "TERRITORY-LIANCOURT-ROCKS-OWNERSHIP",
        "  Territory-Liancourt-Rocks-Ownership  ",
        "ｔｅｒｒｉｔｏｒｙ-liancourt-rocks-ownership",
    ],
    ids=["capitals", "spaces-around", "full-width"],
)
async def test_fact_show_folds_the_case_of_a_typed_id(world: World, typed: str) -> None:
    """An id typed in capitals (a phone's auto-capitalised first letter, caps lock), with
    spaces around it, or in full-width letters (Japanese input) was "no fact with id": ids
    are lower case, and the lookup compared what was typed as it was. It shows the fact."""
    result = await world.member.slash(world.general, "fact show", id=typed)
    assert result.response is not None and not result.ephemeral
    footer = result.response.embeds[0].footer.text or ""
    assert footer.startswith("fact territory-liancourt-rocks-ownership"), footer


async def test_unknown_fact_is_a_friendly_private_error(world: World) -> None:
    """A wrong id says so, privately, naming the id."""
    result = await world.member.slash(world.general, "fact show", id="no-such-fact")
    assert result.ephemeral and result.response is not None
    assert "no fact with id 'no-such-fact'" in result.response.content
    assert [type(e).__name__ for e in handled_errors(world.env)] == ["UnknownFactError"]


async def test_search_pages_only_for_the_invoker(world: World) -> None:
    """Search results are paged; only the member who searched can turn the pages."""
    result = await world.member.slash(world.general, "fact search", query="comfort women")
    assert result.response is not None and not result.ephemeral
    first_page = result.response.embeds[0].description
    assert (result.response.embeds[0].footer.text or "").startswith("Page 1/")

    refused = await world.other.click(result.response, label="Next")
    assert refused.ephemeral and refused.response and "Only the member" in refused.response.content
    assert result.response.embeds[0].description == first_page

    await world.member.click(result.response, label="Next")
    assert (result.response.embeds[0].footer.text or "").startswith("Page 2/")
    buttons = {c.get("label"): c for c in components(result.response)}
    assert not buttons["Previous"].get("disabled")
    await world.member.click(result.response, label="Previous")
    assert result.response.embeds[0].description == first_page


async def test_search_with_no_results(world: World) -> None:
    """A search that matches nothing says so, without page buttons (only the searcher's
    Remove: the title repeats what they typed)."""
    result = await world.member.slash(world.general, "fact search", query="zzzzqqq")
    assert result.response is not None
    assert "No fact matches" in (result.response.embeds[0].description or "")
    assert [c.get("label") for c in components(result.response)] == ["Remove"]


async def test_sources_lists_the_documents(world: World) -> None:
    """/sources names every document with its publisher and a link."""
    result = await world.member.slash(world.general, "sources")
    assert result.response is not None
    embed = result.response.embeds[0]
    titles = {f.name for f in embed.fields}
    assert {s.title for s in world.bot.store.kb.sources.values()} <= titles
    assert any("https://" in (f.value or "") for f in embed.fields)


@pytest.mark.parametrize(
    ("who", "sees_kb"), [("member", False), ("moderator", True), ("admin", True)]
)
async def test_help_is_private_and_shows_kb_to_moderators(
    world: World, who: str, sees_kb: bool
) -> None:
    """/help explains how to ask; moderators also see the /kb commands."""
    result = await getattr(world, who).slash(world.general, "help")
    assert result.ephemeral and result.response is not None
    names = [f.name for f in result.response.embeds[0].fields]
    assert ("Moderators (`/kb`)" in names) is sees_kb


async def test_members_do_not_see_the_kb_group(world: World) -> None:
    """default_permissions hides /kb from members; moderators and admins see it."""
    assert "kb add" not in world.member.available_commands(world.general)
    assert "kb add" in world.moderator.available_commands(world.general)
    assert "kb add" in world.admin.available_commands(world.general)
    assert "ask" in world.member.available_commands(world.general)
    with pytest.raises(SetupError):
        await world.member.slash(world.general, "kb stats")


FACT = "territory-liancourt-rocks-ownership"


@pytest.mark.parametrize(
    ("command", "options"),
    [("fact show", {"id": FACT}), ("fact search", {"query": "dokdo"}), ("sources", {})],
    ids=["show", "search", "sources"],
)
async def test_lookups_have_a_per_member_cooldown(
    world: World, command: str, options: dict[str, str]
) -> None:
    """A member gets LOOKUP_USER_RATE lookups a minute; the next is refused privately,
    while another member is still answered."""
    from bot.discord.cogs.lookup import LOOKUP_USER_RATE

    for _ in range(LOOKUP_USER_RATE[0]):
        allowed = await world.member.slash(world.general, command, **options)
        assert allowed.response is not None and allowed.response.embeds
    refused = await world.member.slash(world.general, command, **options)
    assert refused.ephemeral and refused.response is not None
    assert "quickly" in refused.response.content and not refused.response.embeds
    other = await world.other.slash(world.general, command, **options)
    assert other.response is not None and other.response.embeds


async def test_a_busy_channel_gets_private_lookups(world: World) -> None:
    """Past LOOKUP_CHANNEL_RATE public lookups a minute in a channel, the next member still
    gets the answer, shown only to them."""
    from bot.discord.cogs.lookup import LOOKUP_CHANNEL_RATE

    members = [world.member, world.other, world.moderator, world.admin]
    for n in range(LOOKUP_CHANNEL_RATE[0]):
        public = await members[n % len(members)].slash(world.general, "sources")
        assert public.response is not None and not public.ephemeral
    late = await world.member.slash(world.answers, "sources")  # another channel: public
    assert not late.ephemeral
    busy = await world.other.slash(world.general, "sources")
    assert busy.ephemeral and busy.response is not None and busy.response.embeds


@pytest.mark.parametrize(
    ("language", "query", "paged"),
    [
        ("ko", "위안부", True),
        ("ja", "慰安婦", True),
        ("ko", "없는말입니다", False),
        ("ja", "ふわふわ", False),
    ],
    ids=["ko-pages", "ja-pages", "ko-none", "ja-none"],
)
async def test_a_search_in_korean_or_japanese_reads_in_that_language(
    world: World, language: str, query: str, paged: bool
) -> None:
    """A `/fact search` typed in Korean or Japanese was titled "Facts matching …", paged
    "Page 1/3 · /fact show id: opens one" and turned with Previous/Next (or said "No fact
    matches that"), in English under the member's own words. All of it is in the language
    searched; the buttons keep their custom ids and turn the pages."""
    words = WORDINGS[language]  # type: ignore[index]
    result = await world.member.slash(world.general, "fact search", query=query)
    assert result.response is not None and not result.ephemeral
    embed = result.response.embeds[0]
    assert embed.title == words.search_title.format(query=query)
    if not paged:
        assert embed.description == words.search_none
        return
    buttons = {c.get("label"): c for c in components(result.response)}
    pages = next(int(str(k)[2:]) for k in buttons if str(k).startswith("1/"))
    assert pages > 1 and embed.footer.text == words.search_footer.format(page=1, pages=pages)
    assert buttons[words.next_label]["custom_id"] == "citebot:next"
    assert buttons[words.previous_label]["custom_id"] == "citebot:prev"
    await world.member.click(result.response, label=words.next_label)
    footer = result.response.embeds[0].footer.text
    assert footer == words.search_footer.format(page=2, pages=pages)
    labels = [c.get("label") for c in components(result.response)]
    assert words.previous_label in labels and not {"Previous", "Next"} & set(labels)


@pytest.mark.parametrize(("language", "query"), [("ko", "독도"), ("ja", "竹島")], ids=["ko", "ja"])
async def test_a_korean_or_japanese_search_is_slowed_and_shown_privately_in_its_language(
    world: World, language: str, query: str
) -> None:
    """Past a member's lookups a minute, a search typed in Korean or Japanese was refused with
    "You're looking things up quickly — try again in 10 s."; past the channel's public ones,
    its results came privately under "Shown only to you: this channel has had many lookups…",
    both in English. Both notes speak the language searched, as `/ask`'s do its question's."""
    from bot.discord.cogs.lookup import LOOKUP_CHANNEL_RATE, LOOKUP_USER_RATE

    words = WORDINGS[language]  # type: ignore[index]
    for _ in range(LOOKUP_USER_RATE[0]):
        allowed = await world.member.slash(world.general, "fact search", query=query)
        assert allowed.response is not None and not allowed.ephemeral
    refused = await world.member.slash(world.general, "fact search", query=query)
    assert refused.ephemeral and refused.response is not None and not refused.response.embeds
    head, tail = words.lookup_slow_down.split("{seconds}")
    content = refused.response.content
    assert content.startswith(head) and content.endswith(tail), content
    assert content[len(head) : len(content) - len(tail)].isdigit(), content

    others = [world.other, world.moderator, world.admin]
    for n in range(LOOKUP_CHANNEL_RATE[0] - LOOKUP_USER_RATE[0]):
        public = await others[n % len(others)].slash(world.general, "sources")
        assert public.response is not None and not public.ephemeral
    busy = await world.other.slash(world.general, "fact search", query=query)
    assert busy.ephemeral and busy.response is not None and busy.response.embeds
    assert busy.response.content == words.lookup_busy_channel
