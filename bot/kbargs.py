"""The arguments of `python -m bot kb add|edit|teach|...`: which sub-commands edit the
knowledge, and the options each takes.

Apart from `kbedit`, which runs them: the parser is built on every start of `python -m bot`,
and reading what a command accepts should not mean reading how it writes a fact.
"""

from __future__ import annotations

import argparse

from .core.moderation.feedback import MAX_UNANSWERED_ROWS

COMMANDS = (
    "add",
    "edit",
    "teach",
    "remove",
    "history",
    "revert",
    "unanswered",
    "alias",
    "unalias",
    "alias-history",
    "fmt",
    "reload",
)


def _fact_options(parser: argparse.ArgumentParser, required: bool) -> None:
    """The fact's fields as options. On `edit` (not `required`) a repeatable option given
    once replaces the whole list, and --source/--section/--quote change the first citation
    only; the help said neither, and `kb edit ID --tag x` took the fact's other tags away."""
    whole = "" if required else "; replaces the fact's list"
    first = "" if required else " (the first citation's; the others are kept)"
    parser.add_argument(
        "--questions", "-q", action="append", required=required, metavar="TEXT",
        help=f"a question phrasing (repeat for each; at least 4{whole})",
    )  # fmt: skip
    parser.add_argument("--answer", required=required)
    parser.add_argument("--source", required=required, help=f"source id from sources.yaml{first}")
    parser.add_argument(
        "--section", required=required, help=f"the section the quote lies in{first}"
    )
    parser.add_argument("--quote", required=required, help=f"a verbatim span of the source{first}")
    parser.add_argument(
        "--tag", action="append", dest="tags", metavar="TAG", help=f"a tag (repeat for each{whole})"
    )
    parser.add_argument(
        "--see-also", action="append", dest="see_also", metavar="FACT_ID",
        help=f"the id of a related fact (repeat for each{whole})",
    )  # fmt: skip
    parser.add_argument(
        "--does-not-answer", action="append", dest="does_not_answer", metavar="TEXT",
        help=f"a close question the fact does not answer (repeat for each{whole})",
    )  # fmt: skip


def add_arguments(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the editing sub-commands on the `kb` sub-parser group."""
    p_add = sub.add_parser("add", help="add a fact (validated like kb check; audited)")
    _fact_options(p_add, required=True)
    p_add.add_argument("--topic", required=True, help="fact file stem, e.g. trade")
    p_add.add_argument("--id", dest="fact_id", help="fact id (default: derived from a question)")
    p_edit = sub.add_parser("edit", help="change a fact; options not given keep their value")
    p_edit.add_argument("fact_id", metavar="ID")
    _fact_options(p_edit, required=False)
    p_teach = sub.add_parser(
        "teach", help="add a member's question to a fact's phrasings (e.g. from kb unanswered)"
    )
    p_teach.add_argument("fact_id", metavar="ID")
    p_teach.add_argument("question", help="the question, as the member asked it")
    p_remove = sub.add_parser("remove", help="remove a fact (history keeps it; revert restores)")
    p_remove.add_argument("fact_id", metavar="ID")
    p_remove.add_argument("--yes", action="store_true", help="really remove it")
    p_remove.add_argument(
        "--unlink",
        action="store_true",
        help="first drop it from the see_also of the facts that list it (each an audited edit)",
    )
    p_history = sub.add_parser("history", help="who changed a fact, when, and what")
    p_history.add_argument("fact_id", metavar="ID")
    p_revert = sub.add_parser("revert", help="restore a fact as it was after change N")
    p_revert.add_argument("fact_id", metavar="ID")
    p_revert.add_argument("--to", type=int, required=True, metavar="N", help="0: the original")
    p_unanswered = sub.add_parser("unanswered", help="most asked questions the bot declined")
    p_unanswered.add_argument("--limit", type=_row_count, default=20, metavar="N")
    p_alias = sub.add_parser("alias", help="add a name to an alias group (created if needed)")
    p_alias.add_argument("canonical")
    p_alias.add_argument("name")
    p_unalias = sub.add_parser(
        "unalias", help="take a name out of its alias group (the undo of kb alias)"
    )
    p_unalias.add_argument(
        "name", help="a name added to a group (not the name the group is known by)"
    )
    p_alias_history = sub.add_parser(
        "alias-history", help="who added or took out a name of an alias group, when"
    )
    p_alias_history.add_argument(
        "name",
        nargs="?",
        help="only the changes of this name (a group's canonical name: every change of it)",
    )
    p_fmt = sub.add_parser(
        "fmt",
        help="rewrite every fact file in the canonical form (a file with comments below its"
        " header is left as it is, and named, unless --drop-comments)",
    )
    p_fmt.add_argument(
        "--drop-comments",
        action="store_true",
        help="rewrite those files too; their comments below the header are lost",
    )
    sub.add_parser("reload", help="load the files as the bot would; report problems")


def _row_count(text: str) -> int:
    """How many rows to list: 1 to as many as the file keeps (a larger number, past what
    SQLite holds, was an OverflowError traceback)."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_UNANSWERED_ROWS:
        raise argparse.ArgumentTypeError(f"must be a number from 1 to {MAX_UNANSWERED_ROWS}")
    return value
