"""`python -m bot kb ...`: check, measure and maintain the knowledge base from a terminal."""

from __future__ import annotations

import argparse
from collections import Counter
from typing import TextIO

from . import kbargs, kbedit
from .core.errors import KnowledgeError
from .core.knowledge.coverage import coverage
from .core.knowledge.loader import load_knowledge
from .settings import Settings
from .textout import json_text


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Register the kb sub-commands."""
    commands = ",".join(("check", "coverage", "stats", *kbargs.COMMANDS))
    sub = parser.add_subparsers(dest="kb_command", required=True, metavar=f"{{{commands}}}")
    sub.add_parser("check", help="validate every knowledge file; exit 1 on any problem")
    p_cov = sub.add_parser(
        "coverage", help="share of each document's fact-stating sentences that facts quote"
    )
    p_cov.add_argument("--json", action="store_true")
    p_stats = sub.add_parser(
        "stats", help="counts of facts, questions, sources and aliases per topic"
    )
    p_stats.add_argument("--json", action="store_true")
    kbargs.add_arguments(sub)


def run(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    """Dispatch a kb sub-command."""
    if args.kb_command in kbargs.COMMANDS:
        return kbedit.run(args, settings, out)
    if args.kb_command == "check":
        try:
            kb = load_knowledge(settings.knowledge_dir)
        except KnowledgeError as exc:
            out.write(f"{len(exc.problems)} problem(s):\n")
            for problem in exc.problems:
                out.write(f"  {problem}\n")
            return 1
        questions = sum(len(f.questions) for f in kb.facts)
        # Counted as `kb stats` counts them: "745 alias groups" here were 343 alias groups and
        # 402 term groups there, two figures for one file.
        aliases = sum(1 for a in kb.aliases if a.kind == "alias")
        out.write(
            f"ok: {len(kb.facts)} facts, {questions} questions, {len(kb.sources)} sources, "
            f"{aliases} alias groups, {len(kb.aliases) - aliases} term groups\n"
        )
        return 0
    kb = load_knowledge(settings.knowledge_dir)
    if args.kb_command == "coverage":
        results = coverage(kb)
        if args.json:
            out.write(
                json_text(
                    [
                        {
                            "source": r.source,
                            "sentences": r.total,
                            "covered": r.covered,
                            "share": round(r.share, 4),
                            "missing": list(r.missing),
                        }
                        for r in results
                    ],
                    out,
                    indent=2,
                )
                + "\n"
            )
            return 0
        for r in results:
            out.write(
                f"{r.source}: {r.covered}/{r.total} fact-stating sentences quoted ({r.share:.1%})\n"
            )
            for sentence in r.missing:
                out.write(f"  not quoted: {sentence}\n")
        return 0
    if args.kb_command == "stats":
        per_topic = Counter(f.topic for f in kb.facts)
        questions_per_topic: Counter[str] = Counter()
        for fact in kb.facts:
            questions_per_topic[fact.topic] += len(fact.questions)
        data = {
            "facts": len(kb.facts),
            "questions": sum(questions_per_topic.values()),
            "sources": len(kb.sources),
            "references": sum(len(s.references) for s in kb.sources.values()),
            "alias_groups": sum(1 for a in kb.aliases if a.kind == "alias"),
            "term_groups": sum(1 for a in kb.aliases if a.kind == "term"),
            "topics": {
                t: {"title": kb.topics.get(t, t), "facts": n, "questions": questions_per_topic[t]}
                for t, n in sorted(per_topic.items())
            },
        }
        if args.json:
            out.write(json_text(data, out, indent=2) + "\n")
            return 0
        out.write(
            f"{data['facts']} facts, {data['questions']} questions, {data['sources']} sources "
            f"({data['references']} references), {data['alias_groups']} alias groups, "
            f"{data['term_groups']} term groups\n"
        )
        for topic, info in data["topics"].items():  # type: ignore[attr-defined]
            out.write(
                f"  {topic:<24} {info['facts']:>4} facts {info['questions']:>5} questions"
                f"  {info['title']}\n"
            )
        return 0
    raise ValueError(f"unknown kb command {args.kb_command!r}")
