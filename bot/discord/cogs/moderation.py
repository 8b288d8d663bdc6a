"""Moderators of the home servers keep the facts right: the `/kb` command group.

Why `/kb` and not `/fact add`: Discord applies `default_member_permissions` to a top-level
command as a whole, never to single subcommands. Putting moderator subcommands in the member
group `/fact` would show `/fact add` to everyone. A separate group carries
`default_permissions(manage_guild=True)` for all of its subcommands, and mirrors the console
(`python -m bot kb add|edit|teach|remove|history|revert|unanswered`; `/kb exclude` is `kb
edit --does-not-answer`). A server admin can let a
moderator role see it under Server Settings → Integrations.

The knowledge is shared by every server the bot is in, so the group is registered only in the
home servers (`CITEBOT_MODERATION_GUILD_IDS`, see `client.setup_hook`), installable to servers
only and usable in servers only. The default permission and the registration only shape what
the client shows. The real check is `interaction_check` (every subcommand) and
`Moderators.require` (every modal and button): the interaction comes from a home server and the
member has a moderator role or Manage Server there. Everyone else gets an ephemeral refusal;
nothing changes.

Every command and button that writes, reloads, reads the history or reads the feedback database
(the review queue, the stats) acknowledges the interaction first (deferred, shown only to the
moderator) and answers with a follow-up: a save at 10,000 facts, or a database another process
holds locked, takes longer than the 3 s Discord allows for the first response.

What members asked is per server: `/kb unanswered` and `/kb stats` show this server's questions
by default, or those of every home server with `scope: all`, never another server's.

The subcommands come in one module per command group, each a mixin of the cog (kb_common.py
says how): kb_facts.py (add, edit, remove), kb_aliases.py (alias, unalias, alias-history),
kb_questions.py (exclude, teach), kb_history.py (history, revert), kb_review.py (unanswered,
stats, reload).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.cogs.kb_aliases import AliasCommands
from bot.discord.cogs.kb_facts import FactCommands
from bot.discord.cogs.kb_history import HistoryCommands
from bot.discord.cogs.kb_questions import QuestionCommands
from bot.discord.cogs.kb_review import ReviewCommands
from bot.discord.errors import send_ephemeral
from bot.discord.exclusion import TOO_LONG_TO_READ_BACK, exclude_question
from bot.discord.readback import answered_fact, asked_question, complete_question, other_facts
from bot.discord.wrong_fact import WrongFactView, choose_text
from bot.log import FailureNotice, get_logger

if TYPE_CHECKING:
    from bot.discord.client import CitebotBot


WRONG_FACT_MENU = "Wrong fact for this question"
log = get_logger(__name__)


@app_commands.allowed_installs(guilds=True, users=False)
@app_commands.allowed_contexts(guilds=True, dms=False, private_channels=False)
@app_commands.default_permissions(manage_guild=True)
class ModerationCog(
    # Last group first: discord.py lists the commands of the deepest base first, so the
    # subcommands keep the order they have always been registered in (add ... reload).
    ReviewCommands,
    HistoryCommands,
    QuestionCommands,
    AliasCommands,
    FactCommands,
    commands.GroupCog,
    group_name="kb",
    group_description="Moderators: add, edit and review the facts",
):
    """The `/kb` moderator commands."""

    def __init__(self, bot: CitebotBot) -> None:
        self.bot = bot
        super().__init__()
        # Read at each keystroke of /kb history and /kb revert: an audit log that does not
        # read is warned of once while it lasts, not once a keystroke.
        self._removed_unread = FailureNotice(log, "offering the removed facts (audit log)")
        self._changes_unread = FailureNotice(log, "offering a fact's changes (audit log)")
        # A message command cannot live in the /kb group: it is added beside it, to the same
        # home servers, with the same default permission and the same server-side check.
        self.wrong_fact = app_commands.ContextMenu(
            name=WRONG_FACT_MENU, callback=self._wrong_fact, type=discord.AppCommandType.message
        )
        self.wrong_fact.default_permissions = discord.Permissions(manage_guild=True)
        self.wrong_fact.allowed_installs = app_commands.AppInstallationType(guild=True, user=False)
        self.wrong_fact.allowed_contexts = app_commands.AppCommandContext(
            guild=True, dm_channel=False, private_channel=False
        )

    async def cog_load(self) -> None:
        homes = [discord.Object(id=g) for g in self.bot.settings.moderation_guild_ids]
        self.bot.tree.add_command(self.wrong_fact, guilds=homes)

    async def cog_unload(self) -> None:
        for guild_id in self.bot.settings.moderation_guild_ids:
            self.bot.tree.remove_command(
                WRONG_FACT_MENU, type=discord.AppCommandType.message, guild=discord.Object(guild_id)
            )

    async def _wrong_fact(self, interaction: discord.Interaction, message: discord.Message) -> None:
        """Apps → "Wrong fact for this question" on one of the bot's answers: the question it
        answered is added to that fact's does_not_answer, as `/kb exclude` does. On a reply
        that gave a fact for each of several questions, the moderator picks the wrong one
        (`WrongFactView`)."""
        self.bot.moderators.require(interaction)
        fact_id = answered_fact(message)
        question = asked_question(message)
        me = self.bot.user
        if me is None or message.author.id != me.id or not fact_id or not question:
            await send_ephemeral(interaction, "Use this on one of my answers that gives a fact.")
            return
        if not complete_question(message):
            await send_ephemeral(interaction, TOO_LONG_TO_READ_BACK)
            return
        # A reply to several questions gave the fact for one of them: that question is the
        # one it does not answer (`Answer.asked_of`). The message whole, two questions in
        # one, was saved instead, and the question the fact was wrong for stayed answered.
        await interaction.response.defer(ephemeral=True, thinking=True)
        engine = self.bot.store.engine
        asked = await asyncio.to_thread(engine.ask, question)
        others = other_facts(message)
        if others:  # a fact per question: the moderator says which is wrong
            pairs = [(f, asked.asked_of(f)) for f in (fact_id, *others)]
            view = WrongFactView(
                interaction.user.id,
                pairs,
                self.bot.moderators,
                self.bot.store,
                self.bot.moderator_writes,
            )
            await send_ephemeral(interaction, choose_text(pairs), view=view)
            return
        await exclude_question(
            interaction,
            self.bot.store,
            fact_id,
            asked.asked_of(fact_id),
            self.bot.moderator_writes,
        )

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        """The server-side check behind every `/kb` subcommand."""
        self.bot.moderators.require(interaction)
        return True
