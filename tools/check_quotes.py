"""Quick standalone quote check for knowledge authors.

The full check is `python -m bot kb check`.
"""

import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent / "knowledge"
FILES = {
    "wikipedia": "japan-south-korea-relations.wikipedia.txt",
    "globalsecurity": "japan-rok-relations.globalsecurity.txt",
}


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def main(paths: list[str]) -> int:
    docs = {k: collapse((ROOT / "sources" / v).read_text("utf-8")) for k, v in FILES.items()}
    bad = 0
    for path in paths:
        data = yaml.safe_load(Path(path).read_text("utf-8"))
        for fact in data["facts"]:
            if len(fact.get("questions", [])) < 4:
                print(f"{path}: {fact['id']}: fewer than 4 questions")
                bad += 1
            for src in fact["sources"]:
                if collapse(src["quote"]) not in docs[src["source"]]:
                    print(
                        f"{path}: {fact['id']}: quote not in {src['source']}: {src['quote'][:80]!r}"
                    )
                    bad += 1
    print("ok" if not bad else f"{bad} problem(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
