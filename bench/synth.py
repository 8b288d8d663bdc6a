"""Seeded synthetic knowledge directories of any size that look like the shipped one.

Each fact is about an entity ("the Velmora Accord") and asks one thing about it (when, who, how
many, where, why, what). Its questions are 4-8 phrasings of realistic length (formal, casual,
short, with typos, now and then Korean or Japanese); its answer is 1-3 sentences; its quotes
are verbatim sentences of a generated source document, so the real loader validates them.
Documents are about the size of the shipped ones (see FACTS_PER_DOCUMENT) with sections,
footnote markers and a reference list. Vocabulary: a few thousand generated pseudo-words drawn
with a Zipf law, common English, names, numbers and dates.

Generated directories are cached under bench/.cache/, keyed by (facts, seed, document size and
generator version); a directory is complete only once its `.complete` marker exists.
"""

from __future__ import annotations

import os
import random
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from bot.core.knowledge.yamlsafe import MAX_FILE_BYTES

from . import _words as W
from ._writer import ALIAS_WORDS, KINDS, Entity, FactDraft, Vocabulary, Writer, plural
from ._yaml import fact_yaml, quoted, source_yaml

GENERATOR_VERSION = 3  # 3: facts obey the fidelity checks (669c45b)
DEFAULT_SEED = 7
# The shipped documents are ~13 KB for ~75 facts each; 100 facts make ~20 KB documents.
FACTS_PER_DOCUMENT = 100
# Keeps every fact file well under the loader's 2 MB limit.
FACTS_PER_FILE = 600
CACHE_DIR = Path(__file__).resolve().parent / ".cache"
REFERENCES_BYTES = MAX_FILE_BYTES * 8 // 10
REFERENCE_ENTRY_BYTES = 220  # a generous size of one reference in references.yaml


@dataclass(frozen=True)
class SynthInfo:
    """What was generated, and how long it took."""

    root: Path
    facts: int
    documents: int
    fact_files: int
    yaml_bytes: int
    document_bytes: int
    seconds: float


# -- the whole directory ----------------------------------------------------------------------


def generate(
    root: Path, n_facts: int, seed: int = DEFAULT_SEED, facts_per_document: int = FACTS_PER_DOCUMENT
) -> SynthInfo:
    """Write a knowledge directory of exactly `n_facts` facts under `root` (created)."""
    started = time.perf_counter()
    rng = random.Random(f"citebot-bench:{n_facts}:{seed}")
    vocab = Vocabulary(rng)
    (root / "sources").mkdir(parents=True, exist_ok=True)
    (root / "facts").mkdir(exist_ok=True)
    n_files = max(8, -(-n_facts // FACTS_PER_FILE))
    sizes = [n_facts // n_files + (1 if i < n_facts % n_files else 0) for i in range(n_files)]
    taken: set[str] = set()
    themes = list(W.TOPIC_THEMES)
    source_entries: list[str] = []
    reference_entries: list[str] = []
    alias_entries: list[str] = []
    alias_budget = min(n_facts // 25, ALIAS_WORDS)
    yaml_bytes = doc_bytes = n_docs = 0
    # references.yaml is one file under the loader's 2 MB cap: many documents, fewer references.
    total_docs = sum(-(-size // facts_per_document) for size in sizes)
    max_refs = max(3, min(20, REFERENCES_BYTES // (REFERENCE_ENTRY_BYTES * total_docs)))
    for file_no, size in enumerate(sizes):
        pool = rng.sample(vocab.pseudo[:2500], 250)
        title = f"{pool[0].capitalize()} {themes[file_no % len(themes)]}"
        topic_slug = f"{pool[0]}-{file_no + 1:03d}"
        writer = Writer(vocab, pool)
        chunks: list[str] = []
        remaining = size
        while remaining > 0:
            in_doc = min(facts_per_document, remaining)
            remaining -= in_doc
            n_docs += 1
            doc_id = f"{topic_slug}-doc{n_docs}"
            entities: list[tuple[Entity, list[FactDraft], str]] = []
            left = in_doc
            while left > 0:
                entity = writer.entity(taken)
                if len(alias_entries) < alias_budget and rng.random() < 0.1:
                    head = entity.name.rsplit(" ", 1)[1]
                    entity.alias = f"{vocab.alias_pool[len(alias_entries)].capitalize()} {head}"
                    alias_entries.append(
                        f"  - canonical: {quoted(entity.name)}\n"
                        f"    names: [{quoted(entity.alias)}]\n"
                    )
                kinds = rng.sample(KINDS, min(left, rng.choice((1, 2, 2, 3, 3, 4))))
                left -= len(kinds)
                facts, context = writer.facts_of(entity, kinds, topic_slug)
                entities.append((entity, facts, context))
            text, sections, refs, cited = _document(writer, doc_id, entities, max_refs)
            (root / "sources" / f"{doc_id}.txt").write_text(text, "utf-8")
            doc_bytes += len(text.encode("utf-8"))
            source_entries.append(source_yaml(doc_id, text.split("\n", 1)[0], sections))
            reference_entries.append(f"  {doc_id}:\n" + "".join(refs))
            for _, facts, _ in entities:
                for f in facts:
                    cites = [(doc_id, section, quote) for section, quote in cited[f.id]]
                    chunks.append(fact_yaml(f.id, f.questions, f.answer, cites, f.tags, f.see_also))
        body = f"topic: {quoted(title)}\nfacts:\n" + "\n".join(chunks)
        yaml_bytes += _write_yaml(root / "facts" / f"{topic_slug}.yaml", body)
    _write_yaml(root / "sources.yaml", "sources:\n" + "".join(source_entries))
    _write_yaml(root / "references.yaml", "references:\n" + "".join(reference_entries))
    if alias_entries:
        _write_yaml(root / "aliases.yaml", "aliases:\n" + "".join(alias_entries))
    return SynthInfo(
        root, n_facts, n_docs, n_files, yaml_bytes, doc_bytes, time.perf_counter() - started
    )


def _write_yaml(path: Path, text: str) -> int:
    data = text.encode("utf-8")
    if len(data) > MAX_FILE_BYTES:
        raise RuntimeError(f"{path.name} would be {len(data):,} bytes, over the loader's limit")
    path.write_bytes(data)
    return len(data)


def _document(
    writer: Writer, doc_id: str, entities: list[tuple[Entity, list[FactDraft], str]], max_refs: int
) -> tuple[str, list[tuple[str, str]], list[str], dict[str, list[tuple[str, str]]]]:
    """The document text, its sections (title, starts_at), its reference entries (YAML) and,
    per fact id, the (section, quote) pairs it cites."""
    rng = writer.rng
    v = writer.v
    n_refs = rng.randint(max(3, max_refs // 2), max_refs)
    ref_lines: list[str] = []
    ref_yaml: list[str] = []
    for number in range(1, n_refs + 1):
        ref_title = (
            f"{rng.choice(W.ADJECTIVES).capitalize()} {plural(rng.choice(W.NOUNS))} in {v.place()}"
        )
        publisher, date = rng.choice(W.PUBLISHERS), writer.date()
        text = f'"{ref_title}". {publisher}. {date}.'
        ref_lines.append(f"  {number}. {text}")
        ref_yaml.append(
            f"    - number: {number}\n      text: {quoted(text)}\n"
            f"      publication: {quoted(publisher)}\n"
            f"      title: {quoted(ref_title)}\n      date: {quoted(date)}\n"
        )
    title = (
        f"{v.place(writer.pool)} and {v.place(writer.pool)}: a {rng.choice(W.ADJECTIVES)} record"
    )
    lines = [title, "", " ".join(writer.filler() for _ in range(rng.randint(3, 6))), ""]
    sections: list[tuple[str, str]] = [("Introduction", title)]
    cited: dict[str, list[tuple[str, str]]] = {}
    per_section = max(1, rng.randint(6, 12))
    used_headings = {title}
    for start in range(0, len(entities), per_section):
        heading = f"{v.place(writer.pool)} {plural(rng.choice(W.NOUNS))}"
        while heading in used_headings:
            heading += " (continued)"
        used_headings.add(heading)
        sections.append((heading, heading))
        lines.extend([heading, ""])
        for _, facts, context in entities[start : start + per_section]:
            sentences: list[str] = []
            for fact in facts:
                sentences.append(_with_footnote(fact.core, rng, n_refs))
                quotes = [fact.core, context] if fact.cites_context else [fact.core]
                cited[fact.id] = [(heading, q) for q in quotes]
            if rng.random() < 0.5:
                sentences.insert(0, writer.filler())
            sentences.append(context)
            if rng.random() < 0.6:
                sentences.append(writer.filler())
            lines.extend([" ".join(sentences), ""])
    lines.extend(["References", "", *ref_lines, ""])
    sections.append(("References", "References"))
    text = "\n".join(lines)
    _check_headings(text, sections)
    return text, sections, ref_yaml, cited


def _with_footnote(sentence: str, rng: random.Random, n_refs: int) -> str:
    # A footnote marker after the full stop, as in Wikipedia text; the quote leaves it out and
    # the loader attaches the reference that directly follows it.
    if rng.random() < 0.3:
        return f"{sentence}[{rng.randint(1, n_refs)}]"
    return sentence


def _check_headings(text: str, sections: list[tuple[str, str]]) -> None:
    collapsed = " ".join(text.split())
    offsets = [collapsed.find(marker) for _, marker in sections]
    if any(o < 0 for o in offsets) or offsets != sorted(offsets):
        raise RuntimeError(f"synthetic section headings clash: {sections}")


def cache_key(n_facts: int, seed: int, facts_per_document: int = FACTS_PER_DOCUMENT) -> str:
    """The cache directory name of one generated knowledge base."""
    return f"kb-n{n_facts}-s{seed}-d{facts_per_document}-v{GENERATOR_VERSION}"


def ensure_kb(
    n_facts: int,
    seed: int = DEFAULT_SEED,
    *,
    cache_dir: Path = CACHE_DIR,
    facts_per_document: int = FACTS_PER_DOCUMENT,
) -> Path:
    """The cached knowledge directory for (n_facts, seed), generated first when missing."""
    target = cache_dir / cache_key(n_facts, seed, facts_per_document)
    if (target / ".complete").exists():
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    staging = cache_dir / f".{target.name}.{os.getpid()}.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    info = generate(staging, n_facts, seed, facts_per_document)
    (staging / ".complete").write_text(f"{info.seconds:.3f}\n", "utf-8")
    shutil.rmtree(target, ignore_errors=True)
    os.replace(staging, target)
    return target
