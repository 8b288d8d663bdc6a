"""`python -m bench.hostile`: how long the engine takes over the messages members can make slow.

A Discord message holds up to 4,000 characters, and an answer channel reads every message. The
hostile-input tests (tests/core/engine/test_hostile_engine.py) prove that any such message gets
a valid answer; they cannot say how long it takes, which is this benchmark's part. Each pattern
below is one a helper's search for slow inputs grew to 4,000 characters (2026-12-03): three of
them were quadratic before (a run of newlines 1.3 s, NFKC growth 2.6 s, brackets beside a
mention 0.6 s). Every pattern is timed on the engine as the product runs it (the shipped
knowledge, both matchers), warm, `--repeats` times; the table gives the fastest and the median
run and the target is on the slowest pattern's median.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bot.core.engine.enginestate import MAX_QUESTION_CHARS

from ._fmt import num, table
from ._splice import HOSTILE, replace_section
from .system import machine_info
from .timing import load_average

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
MESSAGE = 4000  # Discord's longest message
TARGET_MS = 500.0  # a sixth of Discord's 3 s to answer an interaction, for the worst message


def patterns(size: int = MESSAGE) -> dict[str, str]:
    """The messages, each `size` characters (or just under), by what they stress."""
    fill = size - 6
    return {
        "an ordinary question (reference)": "when was the 1965 treaty signed",
        "a name, then newlines": "dokdo " + "\n" * fill,
        "a name, then CRLF": "dokdo " + "\r\n" * (fill // 2),
        "brackets beside a mention": "dokdo @ " + "[" * (size - 8),
        "NFKC growth (ﷺ is 18 characters)": "dokdo " + "\ufdfa" * fill,
        "a Japanese question word repeated": "dokdo " + "何" * fill,
        "half-width katakana": "dokdo " + "ｱ" * fill,
        "Hangul with particles": ("독도는 한국 땅인가요 " * size)[:size],
        "words of the topic": ("when was the 1965 treaty signed and why " * size)[:size],
        "one-letter words": "a " * (size // 2),
        "digits": "1 " * (size // 2),
        "zero-width between letters": "\u200b".join("who controls dokdo " * size)[:size],
        "emoji": "\U0001f600" * size,
        "markup": ("**dokdo** ||spoiler|| `code` > quote " * size)[:size],
        # What the question-text fixes of 2026-12-05 read: a percent sign ("what % of ..."),
        # Latin letters with a diacritic (Kôno), Japanese era years (昭和40年), 1番 (一番).
        "percent signs": "dokdo " + "%" * fill,
        "letters with combining marks": "dokdo " + "e\u0301" * (fill // 2),
        "Japanese era years": ("昭和40年 " * size)[:size],
        "1番 repeated": "dokdo " + "1番" * (fill // 2),
        # What the remark rules of 2026-12-05 (from 04:06 UTC) read: a word in 음, 임 or 래 looks
        # for the end of its sentence, an ASCII face after a Japanese ending, a Korean -ㄴ데.
        "Korean words in 음 and 래, no sentence end": ("독도 처음 있음 원래 미래 " * size)[:size],
        "faces after a Japanese ending": ("竹島は日本の領土だ^^ " * size)[:size],
        "a Korean -ㄴ데 repeated": ("한국땅인데 " * size)[:size],
        # What the asker's clauses (asker.py) read: a chat opener that both the openers and the
        # stance words take ("so"), split between them every way before a question fails the
        # clause; a Korean background clause (그러는데) before a question.
        "a chat opener repeated before a question": ("so " * size)[: size - 30]
        + "x, when did japan annex korea?",
        "a Korean background clause repeated": ("숙제 때문에 그러는데 " * size)[: size - 20]
        + " 한일기본조약이 뭐야?",
        # What a message of several questions costs (engine/compound.py): the longest one that
        # is split (`MAX_QUESTION_CHARS`), three long questions, each asked on its own after
        # the whole.
        "three long questions (split)": "? ".join(
            ("독도는 한국 땅인가요 " * size)[: MAX_QUESTION_CHARS // 3 - 2] for _ in range(3)
        )
        + "?",
    }


def measure(
    ask: Callable[[str], Any], messages: dict[str, str], repeats: int
) -> list[dict[str, Any]]:
    """Each message asked `repeats` times after one warm-up: its fastest and median time."""
    rows: list[dict[str, Any]] = []
    for name, text in messages.items():
        ask(text)
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            ask(text)
            times.append((time.perf_counter() - start) * 1000)
        rows.append(
            {
                "pattern": name,
                "chars": len(text),
                "min_ms": min(times),
                "median_ms": statistics.median(times),
                "max_ms": max(times),
            }
        )
    return rows


def render(rows: Sequence[dict[str, Any]], info: dict[str, Any], command: str) -> str:
    """The section of bench/RESULTS.md."""
    worst = max(rows, key=lambda row: row["median_ms"])
    verdict = "PASS" if worst["median_ms"] < TARGET_MS else "**MISS**"
    lines = [
        "## Hostile messages (4,000 characters)",
        "",
        f"Written by `python -m bench.hostile` (this section only). Command: `{command}`; "
        f"{info['date']}, code {info['commit']}; {info['cpu']}, {info['cores']} cores; 1-minute "
        f"load average {info['load_start']:.2f}–{info['load_end']:.2f}.",
        "",
        f"The engine as the product runs it (shipped knowledge, both matchers), warm. Target: "
        f"the slowest pattern's median under {TARGET_MS:.0f} ms: {num(worst['median_ms'])} ms "
        f"({worst['pattern']}), {verdict}.",
        "",
    ]
    lines += table(
        ["pattern", "characters", "fastest ms", "median ms", "slowest ms"],
        [
            [
                row["pattern"],
                f"{row['chars']:,}",
                num(row["min_ms"]),
                num(row["median_ms"]),
                num(row["max_ms"]),
            ]
            for row in rows
        ],
    )
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Build the shipped engine, time every pattern, print and splice the section."""
    parser = argparse.ArgumentParser(prog="python -m bench.hostile", description=__doc__)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)
    from bot.cliinput import configured_engine
    from bot.settings import Settings

    engine = configured_engine(Settings.from_env())
    load_start = load_average()
    rows = measure(engine.ask, patterns(), max(1, args.repeats))
    info = {**machine_info(), "load_start": load_start, "load_end": load_average()}
    shown = list(sys.argv[1:] if argv is None else argv)
    section = render(rows, info, " ".join(["python -m bench.hostile", *shown]))
    print(section)
    if not args.no_write:
        document = args.output.read_text("utf-8") if args.output.exists() else ""
        args.output.write_text(replace_section(document, section, HOSTILE), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
