"""`python -m bot ask`: one answer, or one for every line of standard input, as text or JSON.

Apart from the other commands because its JSON is a documented shape (README, "Command
line") that scripts and the tests read, and its line-for-line output a contract of its own.
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from .cliinput import configured_engine, open_stdin
from .core.errors import visible
from .core.knowledge.models import Answer
from .render import render_answer
from .settings import Settings
from .textout import json_text


def answer_to_json(answer: Answer) -> dict[str, Any]:
    """The documented JSON shape of `ask --json`."""
    return {
        "question": answer.question,
        "answered": answer.answered,
        "kind": answer.kind,
        "answer": answer.answer,
        "fact_id": answer.fact_id,
        "score": round(answer.score, 4),
        "hedged": answer.hedged,
        "sources": [
            {
                "doc": v.doc,
                "title": v.title,
                "section": v.section,
                "url": v.url,
                "quote": v.quote,
                "references": [r.describe() for r in v.references],
            }
            for v in answer.sources
        ],
        "suggestions": [
            {"fact_id": s.fact_id, "question": s.question, "score": round(s.score, 4)}
            for s in answer.suggestions
        ],
        "alternatives": [answer_to_json(a) for a in answer.alternatives],
        # each question of a message that asked several, in the same shape
        "parts": [answer_to_json(p) for p in answer.parts],
        "matcher": answer.matcher,
    }


def cmd_ask(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    engine = configured_engine(settings)
    if args.question == ["-"]:
        # One answer for every line in, blank ones included (declined as empty): in JSON one
        # line each, so that output line N always belongs to input line N; as text, under
        # the question it answers and after a blank line, since an answer is several lines
        # (written back to back, the next answer read as the end of the last one's list).
        for n, line in enumerate(open_stdin()):
            line = line.rstrip("\r\n")
            answer = engine.ask(line)
            if args.json:
                out.write(json_text(answer_to_json(answer), out) + "\n")
            else:
                gap, asked = "\n" if n else "", f"> {visible(line)}".rstrip()
                out.write(f"{gap}{asked}\n{render_answer(answer)}\n")
            out.flush()
        return 0
    question = " ".join(args.question)
    answer = engine.ask(question)
    if args.json:
        out.write(json_text(answer_to_json(answer), out) + "\n")
    else:
        out.write(render_answer(answer) + "\n")
    return 0
