"""`python -m bot kb add|edit|teach|remove|history|revert|unanswered|alias|unalias|alias-history|
fmt|reload`.

The console twin of the moderators' Discord commands: the same KnowledgeStore, the same
validation, the same audit log (the OS user name is recorded as the author). The sub-commands
and their options are in `kbargs`.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from dataclasses import replace
from typing import TextIO

from .core.engine.answer import Engine
from .core.engine.embedding import load_embedder
from .core.engine.snapshot import load_engine
from .core.errors import CitebotError, KnowledgeError, StoreError, visible
from .core.moderation.aliaslog import describe
from .core.moderation.changes import inner_comment_lines
from .core.moderation.edits import Actor, FactInput, compact_diff
from .core.moderation.feedback import FeedbackLog
from .core.moderation.filetext import text_of
from .core.moderation.queue import open_entries
from .core.moderation.store import KnowledgeStore
from .settings import Settings


def _actor() -> Actor:
    try:
        name = getpass.getuser()
    except (KeyError, OSError):
        name = "console"
    return Actor(None, name)


def run(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Run one editing command; 0 on success, 1 when the change was refused."""
    embedder = load_embedder(settings.embedding_model, cache_dir=settings.cache_dir)
    if args.kb_command == "unanswered":
        # The engine, not only the feedback file: what is settled (a question the bot answers
        # now, a vote on a fact removed since) is left out by the knowledge, as on Discord.
        # No store: reading takes no lock, and works on a data directory it cannot write.
        engine = load_engine(settings.knowledge_dir, settings.cache_dir, embedder)
        try:
            feedback = FeedbackLog(settings.data_dir, settings.moderation_guild_ids)
            return _unanswered(feedback, engine, args.limit, out)
        except StoreError as exc:
            if os.access(settings.data_dir, os.W_OK):
                raise
            # The members' "can't be recorded right now" says nothing to an operator: SQLite
            # writes beside its database even to read it (the WAL's index).
            raise StoreError(
                f"Cannot read the feedback database in {settings.data_dir}: the directory"
                " cannot be written, and SQLite needs to write beside its file even to read it."
            ) from exc
    store = KnowledgeStore(settings.knowledge_dir, settings.data_dir, embedder=embedder)
    try:
        return _run(store, args, out)
    except KnowledgeError as exc:
        _refuse(f"rejected, nothing was saved: {len(exc.problems)} problem(s):\n")
        for problem in exc.problems:
            _refuse(f"  {problem}\n")
        return 1
    except CitebotError as exc:  # its message may quote a fact id or a name as typed
        return _refuse(f"{visible(str(exc))}\n")


def _refuse(text: str) -> int:
    """Say why nothing was done, on stderr as every other refusal of the command line (and
    the same CitebotError caught by cli.main): on stdout, `kb add ... > added.log` hid the
    reason of exit 1 in the file, and a script reading the output took it for the result.
    Returns the status, 1."""
    sys.stderr.write(text)
    return 1


def _fields(args: argparse.Namespace, base: FactInput) -> FactInput:
    changes = {
        key: getattr(args, key)
        for key in (
            "questions",
            "answer",
            "source",
            "section",
            "quote",
            "tags",
            "see_also",
            "does_not_answer",
        )
        if getattr(args, key) is not None
    }
    return replace(base, **changes)


def _remove(
    store: KnowledgeStore, fact_id: str, actor: Actor, args: argparse.Namespace, out: TextIO
) -> int:
    """Remove a fact, as `/kb remove` does: facts listing it under see_also would dangle, so
    the removal is refused, naming them, unless --unlink drops those links first."""
    version = store.version_of(fact_id)  # raises UnknownFactError for a bad id
    linking = store.linked_from(fact_id)
    if linking and not args.unlink:
        _refuse(
            f"refused: {len(linking)} fact(s) list {fact_id} under see_also: "
            f"{', '.join(linking)}\n"
            "run again with --unlink to drop those links (each an audited edit of that fact) "
            "and remove it\n"
        )
        return 1
    if not args.yes:
        links = f" and drops it from the see_also of {', '.join(linking)}" if linking else ""
        _refuse(f"this removes fact {fact_id}{links}; run again with --yes to do it\n")
        return 1
    unlinked = store.remove_fact(fact_id, actor, version, unlink=args.unlink)
    out.writelines(f"dropped the link to {fact_id} from {other}\n" for other in unlinked)
    out.write(f"removed {fact_id} (kb history / kb revert can bring it back)\n")
    return 0


def _run(store: KnowledgeStore, args: argparse.Namespace, out: TextIO) -> int:
    command, actor = args.kb_command, _actor()
    if command == "add":
        blank = FactInput([], "", "", "", "", fact_id=args.fact_id)
        fact = store.add_fact(_fields(args, blank), actor, args.topic)
        out.write(f"added {fact.id} to facts/{fact.topic}.yaml\n")
    elif command == "edit":
        current = store.kb.fact(args.fact_id)
        version = store.version_of(args.fact_id)  # raises UnknownFactError for a bad id
        assert current is not None
        fields = _fields(args, FactInput.from_fact(current))
        fact = store.edit_fact(args.fact_id, fields, actor, version)
        if store.version_of(fact.id) == version:
            out.write(f"nothing to change in {fact.id}\n")
        else:
            last = store.history(fact.id)[-1]
            out.write(f"edited {fact.id} (change #{last.n})\n")
            out.writelines(f"  {line}\n" for line in compact_diff(last.before, last.after))
    elif command == "teach":
        fact, taught = store.teach_question(args.fact_id, args.question, actor)
        if not taught:
            out.write(f"{fact.id} has that question already; nothing to change\n")
        else:
            last = store.history(fact.id)[-1]
            out.write(f"added “{fact.questions[-1]}” to {fact.id} (change #{last.n})\n")
            answer = store.engine.ask(args.question)
            if not answer.answered or answer.fact_id != fact.id:
                # A phrasing is evidence, not an order: another fact may fit it better still.
                now = answer.fact_id if answer.answered else "nothing (declined)"
                out.write(f"note: the bot still answers it with {now}\n")
    elif command == "remove":
        return _remove(store, args.fact_id, actor, args, out)
    elif command == "history":
        entries = store.history(args.fact_id)
        if not entries and store.kb.fact(args.fact_id) is None:
            # A mistyped id read "no recorded changes of ...", exit 0, as if the fact existed
            # and had never been edited; /kb history refuses it, as kb edit and remove do.
            raise store.unknown_fact(args.fact_id)
        if not entries:
            out.write(f"no recorded changes of {args.fact_id}\n")
        for entry in entries:
            out.write(f"#{entry.n} {entry.time} {entry.user_name} {entry.action}\n")
            out.writelines(f"    {line}\n" for line in compact_diff(entry.before, entry.after))
    elif command == "revert":
        _revert(store, args.fact_id, args.to, actor, out)
    elif command == "alias":
        done = store.add_alias(args.canonical, args.name, actor)
        out.write(f"'{args.name}' now means '{done.canonical}'\n")
        if done.restored_from is not None:
            out.write(
                f"the group '{done.canonical}' is back with the note change"
                f" #{done.restored_from} removed with it: {done.note}\n"
            )
    elif command == "unalias":
        done = store.remove_alias(args.name, actor)
        out.write(f"'{args.name.strip()}' is no longer a name of '{done.canonical}'\n")
        if done.group_removed:
            note = f", and its note ({done.note}) with it" if done.note is not None else ""
            out.write(
                f"it was the group's last name: the group '{done.canonical}' is removed{note};"
                f" kb alias '{done.canonical}' NAME brings it back\n"
            )
    elif command == "alias-history":
        _alias_history(store, args.name, out)
    elif command == "fmt":
        return _fmt(store, args.drop_comments, out)
    elif command == "reload":
        kb = store.kb
        out.write(f"ok: {len(kb.facts)} facts load; a running bot picks up changes by itself\n")
    else:
        raise ValueError(f"unknown kb command {command!r}")
    return 0


def _alias_history(store: KnowledgeStore, name: str | None, out: TextIO) -> None:
    """`kb alias-history`, oldest first as `kb history`: each alias change's number, time,
    author and the names it added or took out. A name neither served nor recorded is
    refused, as `kb history` refuses an unknown fact id (a typo read "no changes", exit 0)."""
    entries = store.alias_history(name)
    if not entries:
        of = f" of the name '{name.strip()}'" if name is not None else " of any alias"
        out.write(f"no recorded changes{of}\n")
    for entry in entries:
        out.write(f"#{entry.n} {entry.time} {entry.user_name} alias\n")
        out.writelines(f"    {line}\n" for line in describe(entry))


def _revert(store: KnowledgeStore, fact_id: str, to: int, actor: Actor, out: TextIO) -> None:
    """`kb revert`, said as /kb revert says it, with the number of the change it made. It
    said "ID restored (change #1)", which read as if the revert were change #1, and said so
    too when the fact was already that way and nothing was recorded. It names the later
    changes it took back, as /kb revert does: one saved from Discord after `kb history` was
    read went with the revert, unsaid."""
    restored, recorded = store.revert_recorded(fact_id, to, actor)
    state = "before its first change" if to == 0 else f"after change #{to}"
    if recorded is None:
        out.write(f"{fact_id} is already as it was {state}; nothing to change\n")
        return
    removed = ": it is removed" if restored is None else ""
    try:
        undone = [e for e in store.history(fact_id) if to < e.n < recorded]
    except StoreError:  # saved all the same: said so, without the changes it took back
        undone = []
    taken = ""
    if undone:
        listed = ", ".join(f"#{e.n} ({e.action} by {e.user_name}, {e.time})" for e in undone[-5:])
        earlier = f" and {len(undone) - 5} earlier" if len(undone) > 5 else ""
        taken = (
            f"; it takes back the {len(undone)} later change(s): {listed}{earlier};"
            f" kb revert {fact_id} --to {undone[-1].n} brings them back"
        )
    out.write(
        f"reverted {fact_id} to how it was {state}{removed} (recorded as change #{recorded})"
        f"{taken}\n"
    )


def _fmt(store: KnowledgeStore, drop_comments: bool, out: TextIO) -> int:
    """`kb fmt`: 1 when a file was left unformatted to keep its comments. The canonical form
    keeps only a file's header comment, and fmt dropped every other one without a word (no
    history holds them); a moderator's save keeps them, so only fmt could lose them."""
    changed = store.format_all(keep_comments=not drop_comments)
    out.writelines(f"formatted {name}\n" for name in changed)
    kept = []
    for topic in store.topics():
        name = f"facts/{topic}.yaml"
        path = store.knowledge_dir / name
        if name not in changed and (lines := inner_comment_lines(text_of(path) or "")):
            kept.append(name)
            shown = ", ".join(map(str, lines[:5])) + (", ..." if len(lines) > 5 else "")
            _refuse(
                f"left {name} as it is: its comments below the header (line{'s' * (len(lines) > 1)}"
                f" {shown}) are not"
                " part of the canonical form; move them into the header or run"
                " kb fmt --drop-comments\n"
            )
    if kept:
        return 1
    if not changed:
        out.write("every fact file is already in the canonical form\n")
    return 0


def _unanswered(feedback: FeedbackLog, engine: Engine, limit: int, out: TextIO) -> int:
    """The review queue of every server's questions, built as `/kb unanswered` builds it (the
    same `open_entries`: what is settled is left out, answered questions are dismissed), and
    how many settled entries were left out, where an entry would otherwise just vanish."""
    queue = open_entries(feedback, engine.kb, engine.ask, limit, None)
    if not queue.questions:
        left = " to review" if queue.answered else " recorded"
        out.write(f"no declined questions{left}\n")
    for q in queue.questions:
        out.write(f"{q.count:>5}  {q.last_asked}  {q.question}\n")
    if queue.votes:
        out.write("\nanswers marked not helpful:\n")
        for fact_id, question, count in queue.votes:
            out.write(f"{count:>5}  {fact_id}  asked: {question}\n")
    if queue.picked:
        out.write("\nfacts picked from the menu under an answer, marked not helpful:\n")
        for fact_id, question, count in queue.picked:
            out.write(f"{count:>5}  {fact_id}  picked for: {question}\n")
    settled = []
    if queue.answered:
        settled.append(
            f"{_count(queue.answered, 'declined question')} the bot now answers with its fact"
        )
    if queue.hidden:
        settled.append(
            f"{_count(queue.hidden, 'not-helpful vote')} on a removed fact or a question it refuses"
        )
    if settled:
        out.write(f"\nleft out as settled: {', '.join(settled)}\n")
    return 0


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
