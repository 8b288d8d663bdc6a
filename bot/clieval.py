"""`python -m bot eval`: the engine scored on question files, as a report or as JSON.

Apart from the other commands because the report's wording is what the tuning compares from
run to run, and `--summary` keeps a held-out set's failures out of it.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from .cliinput import configured_engine
from .core.engine.evaluation import EvalReport, evaluate, load_items
from .settings import Settings
from .textout import json_text


def cmd_eval(args: argparse.Namespace, settings: Settings, out: TextIO) -> int:
    # Every file is read before the engine is built (up to a minute): a malformed one is
    # refused at once, and no file's figures are printed while another's cannot be.
    items = {name: load_items(Path(name)) for name in args.file}
    engine = configured_engine(settings)
    reports = {name: evaluate(engine, questions) for name, questions in items.items()}
    if args.json:
        # A held-out set's failures are not for reading, in JSON either: --summary drops them.
        data = {
            name: {
                k: v for k, v in report.as_dict().items() if not (args.summary and k == "failures")
            }
            for name, report in reports.items()
        }
        single = len(reports) == 1
        out.write(json_text(next(iter(data.values())) if single else data, out, indent=2) + "\n")
        return 0
    out.write(f"matcher: {engine.matcher}\n")
    for name, report in reports.items():
        if len(reports) > 1:
            out.write(f"== {name}\n")
        _write_report(report, out, summary=args.summary)
    return 0


def _share(ok: int, total: int) -> str:
    """`ok/total = percent`, or `0/0 = n/a` when there was nothing to count: a file of
    decline questions alone read "answerable: 0/0 = 100.0%", and an engine that answered
    nothing "precision: 0/0 = 100.0%", the best figure there is for no answer at all."""
    return f"{ok}/{total} = {ok / total:.1%}" if total else f"{ok}/{total} = n/a"


def _write_report(report: EvalReport, out: TextIO, *, summary: bool) -> None:
    out.write(f"answerable: {_share(report.answerable_ok, report.answerable)}\n")
    out.write(f"declined:   {_share(report.declinable_ok, report.declinable)}\n")
    out.write(f"precision:  {_share(report.answered_ok, report.answered)}\n")
    if report.hedged:
        plain_ok, plain = report.answered_ok - report.hedged_ok, report.answered - report.hedged
        out.write(
            f"plain:      {_share(plain_ok, plain)} of the answers stated"
            f" without a hedge were right; {report.hedged} hedged ({report.hedged_ok} right)\n"
        )
    if report.declined_answerable:
        out.write(
            f"suggested:  {report.suggested_any}/{report.declined_answerable} declined answerable"
            f" questions had the answer among the suggestions ({report.suggested_first} first)\n"
        )
    for style, (ok, total) in sorted(report.by_style.items()):
        out.write(f"  {style:<14} {ok}/{total}\n")
    if summary:  # a held-out set: its failures are not for reading, or tuning on
        return
    for failure in report.failures:
        out.write(
            f"FAIL [{failure['style']}] {failure['q']!r}: expected {failure['expect']}, "
            f"got {failure['kind']} {failure['fact_id'] or ''} "
            f"({failure['score']:.2f}) wanted {failure['wanted']}\n"
        )
