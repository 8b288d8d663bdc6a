"""`python -m bench` (`make bench`): run the benchmark, print the table, write bench/RESULTS.md."""

from __future__ import annotations

import argparse
import json
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path

from ._splice import keep_section
from .report import render
from .run import DEFAULT_SIZES, QUICK_SIZE, Options, run_benchmark
from .synth import DEFAULT_SEED, FACTS_PER_DOCUMENT

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(part.replace("_", "")) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--sizes takes numbers like 1000,10000, not {text!r}"
        ) from None
    if not sizes or min(sizes) < 10:
        raise argparse.ArgumentTypeError("--sizes needs at least one size of 10 facts or more")
    return sizes


def build_parser() -> argparse.ArgumentParser:
    """The command line of `python -m bench`."""
    parser = argparse.ArgumentParser(
        prog="python -m bench", description="Benchmark citebot's engine (issue 7)."
    )
    parser.add_argument(
        "--sizes",
        type=_sizes,
        default=DEFAULT_SIZES,
        help="synthetic sizes in facts, comma-separated (default 1000,10000,100000)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"a tiny run ({QUICK_SIZE} facts, 50 queries, short soak); writes no RESULTS.md"
        " unless --output is given",
    )
    parser.add_argument("--queries", type=int, default=None, help="queries per size (default 1000)")
    parser.add_argument("--soak", type=int, default=None, help="soak questions (default 50000)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--facts-per-doc", type=int, default=FACTS_PER_DOCUMENT, help="facts per synthetic document"
    )
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="no fresh process per size (peak memory mixes sizes)",
    )
    parser.add_argument(
        "--output", type=Path, default=None, help=f"report path (default {RESULTS})"
    )
    parser.add_argument(
        "--json", type=Path, default=None, help="also write the raw figures as JSON"
    )
    parser.add_argument(
        "--from-json",
        type=Path,
        default=None,
        help="re-render the report from a run's --json figures instead of measuring",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run, print and write the report; the exit status is 0 even when targets are missed."""
    args = build_parser().parse_args(argv)
    shown = list(sys.argv[1:] if argv is None else argv)
    command = " ".join(["python -m bench", *map(shlex.quote, shown)])
    if args.quick:
        opts = Options(
            sizes=(QUICK_SIZE,),
            queries=args.queries or 50,
            soak=args.soak if args.soak is not None else 2000,
            startup_runs=1,
            profile_queries=50,
            seed=args.seed,
            facts_per_document=args.facts_per_doc,
            isolate=not args.in_process,
            command=command,
        )
    else:
        opts = Options(
            sizes=args.sizes,
            queries=args.queries or 1000,
            soak=args.soak if args.soak is not None else 50_000,
            seed=args.seed,
            facts_per_document=args.facts_per_doc,
            isolate=not args.in_process,
            command=command,
        )
    if args.from_json is not None:
        results = json.loads(args.from_json.read_text("utf-8"))
    else:
        results = run_benchmark(opts, log=lambda line: print(f"[bench] {line}", file=sys.stderr))
    text = render(results)
    print(text)
    output = args.output or (None if args.quick else RESULTS)
    if output is not None:
        # The semantic matcher's section is written by `python -m bench.semantic`: keep it.
        old = output.read_text("utf-8") if output.is_file() else ""
        output.write_text(keep_section(old, text + "\n"), "utf-8")
        print(f"[bench] wrote {output}", file=sys.stderr)
    if args.json is not None and args.from_json is None:
        args.json.write_text(json.dumps(results, indent=1), "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
