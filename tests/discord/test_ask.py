"""Members ask: /ask, autocomplete, the answer's menu and votes, mentions, answer channels."""

from __future__ import annotations

import discord
import pytest
import simcord

from bot.discord.cogs.ask import (
    ASK_CHANNEL_RATE,
    ASK_USER_RATE,
    MESSAGE_CHANNEL_RATE,
    MESSAGE_USER_RATE,
)
from bot.wording import WORDINGS
from tests.discord.conftest import World, assert_pings_nobody, components, sent_messages

ANSWERED = "Who controls Dokdo?"
DECLINED = "How tall is Mount Fuji?"
HOSTILE = [
    "@everyone who controls dokdo?",
    "@here <@123456789012345678> <@&987654321098765432> who controls dokdo?",
    "[who controls dokdo?](https://evil.example/phish)",
    "```\nwho controls dokdo?\n``` **now**",
    "\u202ewho controls dokdo?\u202c ||spoiler|| > quote",
]


def _bot_replies(world: World, channel: simcord.ChannelHandle) -> list[object]:
    bot_id = world.bot.user.id if world.bot.user else 0
    return [m for m in channel.history() if m.author.id == bot_id]


async def test_ask_answers_publicly_with_sources_and_fact_id(world: World) -> None:
    """/ask replies in the channel: the answer, quoted sources, fact id and confidence."""
    result = await world.member.slash(world.general, "ask", question=ANSWERED)
    assert result.response is not None and not result.ephemeral
    embed = result.response.embeds[0]
    expected = world.bot.store.engine.ask(ANSWERED)
    assert (
        embed.description and expected.answer and embed.description.startswith(expected.answer[:40])
    )
    assert (embed.footer.text or "").startswith(f"fact {expected.fact_id} · confidence")
    assert (embed.fields[0].value or "").startswith("> “")
    labels = {c.get("label") for c in components(result.response)}
    assert {"Helpful", "Not helpful"} <= labels
    assert_pings_nobody(world.env)


async def test_a_message_of_two_questions_gets_each_answer_with_its_source(world: World) -> None:
    """/ask with two questions in one message: one public reply, each question over its own
    answer, each answer's source quoted, the first fact in the footer; nobody pinged."""
    question = "who controls dokdo and how many people live there?"
    expected = world.bot.store.engine.ask(question)
    assert [p.answered for p in expected.parts] == [True, True], "no longer two answers"
    result = await world.member.slash(world.general, "ask", question=question)
    assert result.response is not None and not result.ephemeral
    embed = result.response.embeds[0]
    description = embed.description or ""
    for part in expected.parts:
        assert f"**▸ {part.question}**" in description
        assert (part.answer or "")[:60] in description
    quotes = [f.value or "" for f in embed.fields]
    assert all(p.sources[0].quote[:50] in q for p, q in zip(expected.parts, quotes, strict=True))
    assert (embed.footer.text or "").startswith(f"fact {expected.parts[0].fact_id} · ")
    labels = {c.get("label") for c in components(result.response)}
    assert {"Helpful ▸ 1", "Not helpful ▸ 1", "Helpful ▸ 2", "Not helpful ▸ 2"} <= labels
    assert_pings_nobody(world.env)


async def test_decline_is_ephemeral_and_honest(world: World) -> None:
    """A question the sources do not answer gets a private "I won't guess"."""
    result = await world.member.slash(world.general, "ask", question=DECLINED)
    assert result.ephemeral and result.response is not None
    embed = result.response.embeds[0]
    assert embed.title == "No sourced answer"
    assert "won't guess" in (embed.description or "")
    assert not _bot_replies(world, world.general)  # nothing public


async def test_decline_suggestions_open_an_answer_in_place(world: World, near_miss: str) -> None:
    """A decline lists near facts; picking one swaps the private reply to that answer."""
    question = near_miss
    declined = world.bot.store.engine.ask(question)
    assert not declined.answered and declined.suggestions
    result = await world.member.slash(world.general, "ask", question=question)
    assert result.response is not None
    assert result.response.embeds[0].fields[0].name == "Did you mean…"
    pick = declined.suggestions[0].fact_id
    await world.member.select(result.response, [pick])
    assert (result.response.embeds[0].footer.text or "").startswith(f"fact {pick}")


# Japanese and Korean questions the engine declines with suggestions (the first that still does
# is used, as the knowledge grows).
CJK_NEAR_MISSES = ["竹島の問題はいつから？", "独島 분쟁 언제부터야", "日韓の摩擦はいつからなの？"]


async def test_a_japanese_decline_is_in_japanese_and_its_menu_still_works(world: World) -> None:
    """The decline's own sentences, its suggestions' heading and the menu are in the language
    asked; the menu reads the question back from that Japanese or Korean decline, so picking a
    fact swaps the reply in place as it does under an English one."""
    engine = world.bot.store.engine
    question = next(
        (q for q in CJK_NEAR_MISSES if not engine.ask(q).answered and engine.ask(q).suggestions),
        None,
    )
    assert question is not None, "every question of CJK_NEAR_MISSES is answered now"
    words = WORDINGS["ja" if "の" in question else "ko"]
    result = await world.member.slash(world.general, "ask", question=question)
    assert result.response is not None
    embed = result.response.embeds[0]
    assert embed.title == words.decline_title
    assert (embed.description or "").startswith(words.decline)
    assert f"{words.you_asked}: “{question}”" in (embed.description or "")
    assert embed.fields[0].name == words.suggestions_field
    menus = [c for c in components(result.response) if c.get("type") == 3]
    assert menus and menus[0].get("placeholder") == words.suggestions_field
    pick = engine.ask(question).suggestions[0].fact_id
    await world.member.select(result.response, [pick])
    shown = result.response.embeds[0]
    assert (shown.footer.text or "").startswith(f"fact {pick}")
    assert shown.title == question  # the question was read back from the decline


async def test_autocomplete_offers_fact_questions(world: World) -> None:
    """Typing offers at most 25 matching questions, names and values within 100 characters."""
    choices = await world.member.autocomplete(world.general, "ask", "question", "dokdo")
    assert 0 < len(choices) <= 25
    assert all(len(c["name"]) <= 100 and len(c["value"]) <= 100 for c in choices)
    assert any("dokdo" in c["name"].lower() for c in choices)
    for partial in ("", "x" * 1000, "\u202e@everyone ```"):
        assert len(await world.member.autocomplete(world.general, "ask", "question", partial)) <= 25


async def test_not_what_you_meant_swaps_for_the_asker_only(world: World) -> None:
    """The asker's pick replaces the answer in place; another member's pick is private."""
    result = await world.member.slash(world.general, "ask", question=ANSWERED)
    assert result.response is not None
    original = result.response.embeds[0].footer.text
    menu = next(c for c in components(result.response) if c["type"] == 3)
    first, second = menu["options"][0]["value"], menu["options"][1]["value"]

    other = await world.other.select(result.response, [first])
    assert other.ephemeral and other.response is not None
    assert (other.response.embeds[0].footer.text or "").startswith(f"fact {first}")
    assert result.response.embeds[0].footer.text == original

    await world.member.select(result.response, [second])
    assert (result.response.embeds[0].footer.text or "").startswith(f"fact {second}")
    menu = next(c for c in components(result.response) if c["type"] == 3)
    offered = {o["value"] for o in menu["options"]}
    assert second not in offered and original and original.split()[1] in offered  # can go back
    assert_pings_nobody(world.env)


async def test_a_menu_pick_without_a_value_is_answered_not_crashed(world: World) -> None:
    """Discord sends one value for a pick; a hand-made interaction with none gets a plain
    note, and the answer under the menu stays as it was."""
    from simcord.actors import _component_interaction  # simcord's own raw component path

    result = await world.member.slash(world.general, "ask", question=ANSWERED)
    assert result.response is not None
    original = result.response.embeds[0].footer.text
    menu = next(c for c in components(result.response) if c["type"] == 3)
    stored = world.env.backend.get_message(result.response.channel_id, result.response.id)
    data = {"custom_id": menu["custom_id"], "component_type": 3, "values": []}
    empty = await _component_interaction(world.member, stored, data)
    notes = [m.content for m in (empty.response, *empty.followups) if m is not None]
    assert any("Pick one of the facts" in (n or "") for n in notes)
    assert result.response.embeds[0].footer.text == original
    assert_pings_nobody(world.env)


async def test_one_vote_per_member_per_answer(world: World) -> None:
    """Helpful/Not helpful count once per member; not-helpful answers reach the review list."""
    result = await world.member.slash(world.general, "ask", question=ANSWERED)
    assert result.response is not None
    fact_id = world.bot.store.engine.ask(ANSWERED).fact_id

    first = await world.member.click(result.response, label="Not helpful")
    assert first.ephemeral and first.response and "moderators will review" in first.response.content
    again = await world.member.click(result.response, label="Helpful")
    assert again.response and "already voted" in again.response.content
    other = await world.other.click(result.response, label="Helpful")
    assert other.response and "Thanks" in other.response.content

    stats = world.bot.feedback.stats()
    assert (stats.helpful, stats.not_helpful) == (1, 1)
    [(voted_fact, voted_question, votes)] = world.bot.feedback.not_helpful()
    assert (voted_fact, voted_question.lower(), votes) == (fact_id, ANSWERED.lower(), 1)


async def test_mention_gets_a_reply_without_pinging(world: World) -> None:
    """“@citebot who controls dokdo?” is answered as a reply that pings nobody."""
    me = world.bot.user
    assert me is not None
    asked = await world.member.send(world.general, f"{me.mention} who controls dokdo?")
    reply = world.general.last_message
    assert reply is not None and reply.author.id == me.id
    assert reply.reference is not None and reply.reference.message_id == asked.id
    assert (reply.embeds[0].footer.text or "").startswith("fact ")
    assert not reply.mentions and not reply.mention_everyone and not reply.role_mentions
    assert_pings_nobody(world.env)


async def test_bare_mention_explains_how_to_ask(world: World) -> None:
    """A mention with no question gets a hint, not silence."""
    me = world.bot.user
    assert me is not None
    await world.member.send(world.general, me.mention)
    reply = world.general.last_message
    assert reply is not None and reply.author.id == me.id
    assert "Ask me a question" in (reply.embeds[0].description or "")


async def test_plain_messages_elsewhere_are_ignored(world: World) -> None:
    """Outside answer channels, a message that does not mention the bot gets nothing."""
    await world.member.send(world.general, ANSWERED)
    assert not _bot_replies(world, world.general)


async def test_answer_channel_replies_only_when_confident(
    world: World, near_miss: str, chatter: str
) -> None:
    """In an answer channel: a confident fact gets a reply; anything else, silence."""
    await world.member.send(world.answers, chatter)
    await world.member.send(world.answers, near_miss)
    assert not _bot_replies(world, world.answers)
    await world.member.send(world.answers, ANSWERED)
    assert len(_bot_replies(world, world.answers)) == 1
    # Chat is not a question for the review queue; a near miss is.
    [recorded] = world.bot.feedback.unanswered()
    assert recorded.question == near_miss.lower().rstrip("?")


async def test_answer_channel_keeps_a_hedged_answer_to_itself(world: World) -> None:
    """A fact the bot is not sure of (a hedged answer) is not said in an answer channel, where
    nobody asked the bot; the question joins the review queue. Asked with /ask, the same
    question is answered, with the hedge."""
    hedged = "when was the 1965 treaty signed"
    answer = world.bot.store.engine.ask(hedged)
    assert answer.kind == "fact" and answer.hedged, "the example is no longer hedged"
    await world.member.send(world.answers, hedged)
    assert not _bot_replies(world, world.answers)
    [recorded] = world.bot.feedback.unanswered()
    assert recorded.question == hedged
    result = await world.member.slash(world.general, "ask", question=hedged)
    assert result.response is not None and not result.ephemeral
    embed = result.response.embeds[0]
    assert embed.author.name == WORDINGS["en"].hedged_author
    assert (embed.footer.text or "").endswith("· not sure")


async def test_member_cooldown_holds_then_releases(world: World) -> None:
    """A member flooding an answer channel gets three replies a minute, then more later."""
    for _ in range(6):
        await world.member.send(world.answers, ANSWERED)
    assert len(_bot_replies(world, world.answers)) == 3
    await world.env.advance_time(60)
    await world.member.send(world.answers, ANSWERED)
    assert len(_bot_replies(world, world.answers)) == 4


async def test_a_mention_past_the_members_cooldown_is_told_when_to_ask_again(
    world: World,
) -> None:
    """Mentioning the bot past their cooldown, a member got silence, as if the bot were down:
    now one note a minute says when to ask again (and pings nobody); the next mention in
    that minute gets nothing more, and after the wait the bot answers again."""
    me = world.bot.user
    assert me is not None
    for _ in range(MESSAGE_USER_RATE[0] + 2):
        await world.member.send(world.general, f"{me.mention} {ANSWERED}")
    replies = _bot_replies(world, world.general)
    assert len(replies) == MESSAGE_USER_RATE[0] + 1
    note = replies[-1]
    assert isinstance(note, discord.Message) and not note.embeds
    assert note.content.startswith("You're asking quickly — try again in ")
    assert_pings_nobody(world.env)
    await world.env.advance_time(MESSAGE_USER_RATE[1])
    await world.member.send(world.general, f"{me.mention} {ANSWERED}")
    assert len(_bot_replies(world, world.general)) == MESSAGE_USER_RATE[0] + 2


async def test_a_busy_channel_gets_no_slow_down_notes(world: World) -> None:
    """Past the channel's own limit nobody is told to slow down: the channel is busy, and a
    note each would add to what the limit holds back."""
    me = world.bot.user
    assert me is not None
    askers = [
        world.guild.add_member(world.env.create_user(f"asker{n}"))
        for n in range(MESSAGE_CHANNEL_RATE[0] + 3)
    ]
    for asker in askers:
        await asker.send(world.general, f"{me.mention} {ANSWERED}")
    replies = _bot_replies(world, world.general)
    assert len(replies) == MESSAGE_CHANNEL_RATE[0]
    assert all(getattr(reply, "embeds", None) for reply in replies)


async def test_flood_of_a_thousand_messages_is_bounded(world: World) -> None:
    """1,000 questions from 100 members at once: the channel limit bounds the replies.

    The messages are created in the backend and delivered through the gateway all together
    (one settle, not one per message), which is what a real flood looks like to the bot.
    """
    flooders = [world.guild.add_member(world.env.create_user(f"user{n}")) for n in range(100)]
    for n in range(1000):
        author = flooders[n % len(flooders)]
        world.env.backend.create_message(world.answers.id, author.id, ANSWERED)
    await world.env.settle(timeout=30)
    assert len(_bot_replies(world, world.answers)) == MESSAGE_CHANNEL_RATE[0]
    cog = world.bot.get_cog("AskCog")
    assert cog is not None and len(cog.message_cooldowns.user) <= 100  # type: ignore[attr-defined]
    await world.env.advance_time(MESSAGE_CHANNEL_RATE[1])
    await flooders[0].send(world.answers, ANSWERED)  # the limit lifts: answered again
    assert len(_bot_replies(world, world.answers)) == MESSAGE_CHANNEL_RATE[0] + 1


async def test_a_flood_of_mentions_is_matched_only_as_far_as_the_cooldowns_reply(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """1,000 mentions at once from 100 members: every one was matched before the cooldowns
    were asked, though only the channel's 8 replies could go out, and the matching (a model
    on the semantic matcher) took the worker threads /ask answers in time with. A mention is
    always replied to, so its reply is granted first: the ones refused are never matched."""
    me = world.bot.user
    assert me is not None
    engine = world.bot.store.engine
    asked: list[str] = []
    real_ask = engine.ask

    def counted(text: str) -> object:
        asked.append(text)
        return real_ask(text)

    monkeypatch.setattr(engine, "ask", counted)
    flooders = [world.guild.add_member(world.env.create_user(f"user{n}")) for n in range(100)]
    for n in range(1000):
        author = flooders[n % len(flooders)]
        world.env.backend.create_message(world.general.id, author.id, f"{me.mention} {ANSWERED}")
    await world.env.settle(timeout=30)
    assert len(_bot_replies(world, world.general)) == MESSAGE_CHANNEL_RATE[0]
    assert len(asked) == MESSAGE_CHANNEL_RATE[0]


async def test_ask_cooldown_per_member(world: World) -> None:
    """/ask answers a member a few times a minute, then asks them to slow down."""
    for _ in range(ASK_USER_RATE[0]):
        assert not (await world.member.slash(world.general, "ask", question=ANSWERED)).ephemeral
    result = await world.member.slash(world.general, "ask", question=ANSWERED)
    assert result.ephemeral and result.response and "asking quickly" in result.response.content
    korean = await world.member.slash(world.general, "ask", question="독도는 누가 관리해?")
    assert korean.response and korean.response.content.startswith("질문을 너무 빨리 하고 있어요.")


async def test_busy_channel_gets_private_answers(world: World) -> None:
    """Past the channel's public budget, /ask still answers, but only to the asker."""
    askers = [world.guild.add_member(world.env.create_user(f"asker{n}")) for n in range(6)]
    public = 0
    for asker in askers:
        for _ in range(2):
            result = await asker.slash(world.general, "ask", question=ANSWERED)
            public += not result.ephemeral
            if result.ephemeral:
                assert result.response and "Shown only to you" in result.response.content
    assert public == ASK_CHANNEL_RATE[0]
    engine = world.bot.store.engine
    japanese = next(
        q for q in ("竹島とは？", "竹島はどこ？", "日韓基本条約とは") if engine.ask(q).answered
    )
    result = await askers[0].slash(world.general, "ask", question=japanese)
    assert result.ephemeral and result.response
    assert result.response.content == WORDINGS["ja"].busy_channel


@pytest.mark.parametrize("question", HOSTILE)
async def test_hostile_questions_ping_nobody_and_keep_the_embed_intact(
    world: World, question: str
) -> None:
    """Mentions, masked links and code fences in a question are answered inertly."""
    me = world.bot.user
    assert me is not None
    await world.member.slash(world.general, "ask", question=question)
    await world.member.send(world.general, f"{me.mention} {question}")
    assert_pings_nobody(world.env)
    for body in sent_messages(world.env):
        for embed in body.get("embeds", []):
            title = embed.get("title", "")
            assert "@everyone" not in title and "@here" not in title
            assert "<@1" not in title and "<@&" not in title
            assert "```" not in title
    reply = world.general.last_message
    assert reply is not None and not reply.mentions and not reply.mention_everyone


async def test_questions_and_declines_are_counted(world: World, near_miss: str) -> None:
    """Answered and declined questions feed /kb stats; declines feed the review queue."""
    await world.member.slash(world.general, "ask", question=ANSWERED)
    await world.member.slash(world.general, "ask", question=near_miss)
    await world.member.slash(world.general, "ask", question="hi")  # small talk is not counted
    stats = world.bot.feedback.stats()
    assert (stats.questions_asked, stats.answered) == (2, 1)
    assert [q.question for q in world.bot.feedback.unanswered()] == [near_miss.lower().rstrip("?")]


async def test_the_title_echoes_the_members_own_words(world: World) -> None:
    """The engine casefolds; the embed shows the question as the member typed it."""
    result = await world.member.slash(world.general, "ask", question=ANSWERED)
    assert result.response is not None and result.response.embeds[0].title == ANSWERED


async def test_a_reply_to_an_answer_is_not_a_question(world: World) -> None:
    """Replying "thanks, that helps!" to the bot's answer (which lists the bot among the
    message's mentions, as a reply ping does) gets no public answer; a reply that mentions
    the bot in its text is a question."""
    me = world.bot.user
    assert me is not None
    await world.member.send(world.general, f"{me.mention} who controls dokdo?")
    [answer] = _bot_replies(world, world.general)
    thanks = await world.member.send(world.general, "thanks, that helps!", reply_to=answer)
    assert any(user.id == me.id for user in thanks.mentions)  # Discord's reply ping
    assert len(_bot_replies(world, world.general)) == 1
    await world.member.send(world.general, f"{me.mention} {ANSWERED}", reply_to=answer)
    assert len(_bot_replies(world, world.general)) == 2


async def test_one_member_cannot_flood_the_review_queue(world: World, near_miss: str) -> None:
    """A member repeating a near miss in an answer channel adds it to the review queue a few
    times only; another member's question still counts."""
    from bot.discord.cogs.ask import DECLINE_RECORD_RATE

    for _ in range(12):
        await world.member.send(world.answers, near_miss)
    [recorded] = world.bot.feedback.unanswered()
    assert recorded.count == DECLINE_RECORD_RATE[0]
    await world.other.send(world.answers, near_miss)
    [recorded] = world.bot.feedback.unanswered()
    assert recorded.count == DECLINE_RECORD_RATE[0] + 1


async def test_a_system_notice_in_an_answer_channel_is_no_question(world: World) -> None:
    """A thread started in an answer channel makes Discord post a notice whose author is the
    member and whose content is the thread's name: it is not answered, and does not spend the
    member's cooldown (three such notices left their typed question unanswered)."""
    me = world.bot.user
    assert me is not None
    question = "Who controls Dokdo?"
    for _ in range(3):
        world.env.backend.create_thread(world.answers.id, question, world.member.id)
        await world.env.settle()
    notices = [m for m in world.answers.history() if m.type is discord.MessageType.thread_created]
    assert len(notices) == 3 and notices[0].content == question
    assert not [m for m in world.answers.history() if m.author.id == me.id]
    await world.member.send(world.answers, question)
    replies = [m for m in world.answers.history() if m.author.id == me.id]
    assert len(replies) == 1 and replies[0].embeds


@pytest.mark.parametrize(
    ("language", "candidates"),
    [
        ("ko", ("독도는 누가 관리해?", "독도는 누구 땅이야?")),
        ("ja", ("竹島とは？", "竹島はどこ？")),
    ],
)
async def test_the_buttons_under_an_answer_speak_its_language(
    world: World, language: str, candidates: tuple[str, ...]
) -> None:
    """The menu under a Korean or Japanese answer was translated, its Helpful, Not helpful and
    Remove buttons were not. They are, with the same custom ids as in English (a click is
    handled by its id), and Remove keeps its words when the other buttons go."""
    from bot.discord.views import ANSWER_TIMEOUT

    engine = world.bot.store.engine
    question = next(q for q in candidates if engine.ask(q).answered)
    words = WORDINGS[language]  # type: ignore[index]
    english = await world.member.slash(world.general, "ask", question=ANSWERED)
    asked = await world.member.slash(world.general, "ask", question=question)
    assert english.response is not None and asked.response is not None and not asked.ephemeral
    buttons = [c for c in components(asked.response) if c.get("type") == 2]
    assert [c["label"] for c in buttons] == [
        words.helpful_label,
        words.not_helpful_label,
        words.remove_label,
    ]
    shapes = [c["custom_id"].rsplit(":", 1)[0] for c in buttons]
    assert shapes == [
        c["custom_id"].rsplit(":", 1)[0] for c in components(english.response) if c.get("type") == 2
    ]
    voted = await world.other.click(asked.response, label=words.helpful_label)
    assert voted.ephemeral and voted.response is not None
    assert voted.response.content == WORDINGS["en"].thanks_helpful  # the clicker's language
    await world.env.advance_time(ANSWER_TIMEOUT + 10)
    assert [c.get("label") for c in components(asked.response)] == [words.remove_label]
    answer_id = asked.response.id
    await world.member.click(asked.response, label=words.remove_label)
    assert answer_id not in [m.id for m in world.general.history()]
