"""The parallel, cached cold build makes exactly the engine the one-file-at-a-time build makes."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.synth import generate
from bot.core.engine import cold, coldjobs, share
from bot.core.engine.answer import Engine
from bot.core.engine.cold import cold_build
from bot.core.engine.snapshot import load_engine
from bot.core.errors import KnowledgeError
from bot.core.knowledge import loader
from bot.core.knowledge.loader import load_knowledge
from bot.core.knowledge.questions import owners_of
from tests.conftest import SHIPPED
from tests.core.engine.test_incremental import assert_same_engine


def sample_questions(engine: Engine) -> list[str]:
    """Questions the engine knows (every 7th fact's first two phrasings) and a few it does not."""
    asked = [q for f in engine.facts[::7] for q in f.questions[:2]]
    return [*asked, "how many coast guard ships patrol dokdo", "thanks, that helps!"]


def assert_same_build(new: Engine, old: Engine) -> None:
    """Same knowledge base (facts, topics, question owners), indexes, rules and answers."""
    assert new.kb.topics == old.kb.topics
    assert new.kb.sources == old.kb.sources
    owners_new, owners_old = owners_of(new.kb, new.aliases), owners_of(old.kb, old.aliases)
    assert owners_new.digests.tolist() == owners_old.digests.tolist()
    assert owners_new.owners.tolist() == owners_old.owners.tolist()
    assert new.passage_index.contents() == old.passage_index.contents()
    assert new.fact_index.tokens == old.fact_index.tokens  # even the token ids agree
    assert_same_engine(new, old, sample_questions(old))


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small synthetic knowledge directory of several fact files (bench/synth.py)."""
    root = tmp_path_factory.mktemp("synth") / "knowledge"
    generate(root, 700, seed=11, facts_per_document=50)
    assert len(list((root / "facts").glob("*.yaml"))) > 1
    return root


@pytest.mark.parametrize("workers", [1, 2])
def test_shipped_knowledge_builds_the_same_engine(workers: int, tmp_path: Path) -> None:
    """On the shipped knowledge, in this process and with two workers, with a cache."""
    old = Engine(load_knowledge(SHIPPED))
    new = cold_build(SHIPPED, workers=workers, cache_dir=tmp_path)
    assert_same_build(new, old)


def test_synthetic_knowledge_builds_the_same_engine_cold_and_cached(
    synthetic: Path, tmp_path: Path
) -> None:
    """Several files read by two workers, then again wholly from the cache: the same engine."""
    old = Engine(load_knowledge(synthetic))
    first = cold_build(synthetic, workers=2, cache_dir=tmp_path)
    assert_same_build(first, old)
    cached = sorted((tmp_path / "facts").glob("*.pickle"))
    assert len(cached) == len(list((synthetic / "facts").glob("*.yaml")))
    again = cold_build(synthetic, workers=2, cache_dir=tmp_path)
    assert_same_build(again, old)


def test_one_changed_file_is_the_only_one_read_again(
    synthetic: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a fact file changes, its share alone is read; the result is the cold build's."""
    root = tmp_path / "knowledge"
    shutil.copytree(synthetic, root)
    cache = tmp_path / "cache"
    cold_build(root, workers=1, cache_dir=cache)
    files = sorted((root / "facts").glob("*.yaml"))
    text = files[1].read_text("utf-8")
    first_answer = text.index("answer: ") + len("answer: ")
    files[1].write_text(text[:first_answer] + "Changed. " + text[first_answer:], "utf-8")
    read: list[str] = []
    original = share.read_share

    def counting(path: Path, *args: object) -> tuple[str, bytes]:
        read.append(path.name)
        return original(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(share, "read_share", counting)
    new = cold_build(root, workers=1, cache_dir=cache)
    assert read == [files[1].name]
    assert_same_build(new, Engine(load_knowledge(root)))
    assert len(list((cache / "facts").glob("*.pickle"))) == len(files)  # the old share is gone


def test_a_change_of_the_aliases_reads_every_file_again(synthetic: Path, tmp_path: Path) -> None:
    """A share depends on the aliases (tokens, fidelity): changing them misses the cache."""
    root = tmp_path / "knowledge"
    shutil.copytree(synthetic, root)
    cache = tmp_path / "cache"
    cold_build(root, workers=1, cache_dir=cache)
    before = {p.name for p in (cache / "facts").glob("*.pickle")}
    aliases = root / "aliases.yaml"
    aliases.write_text(aliases.read_text("utf-8") + "\n# edited\n", "utf-8")
    cold_build(root, workers=1, cache_dir=cache)
    after = {p.name for p in (cache / "facts").glob("*.pickle")}
    assert before.isdisjoint(after)


CORE = Path(share.__file__).resolve().parent.parent


def test_a_share_depends_on_the_code_it_imports_and_nothing_else() -> None:
    """The cache key's code is share.py and the core modules it imports, directly or not: the
    fact-file reading and validation, the tokenizer, the fidelity checks, the answer kinds; not
    the loader's assembly of the shares, the decision, the engine, the embeddings or
    moderation, whose changes keep every cached share."""
    names = {p.relative_to(CORE).as_posix() for p in share.share_modules()}
    for needed in (
        "engine/share.py",
        "engine/tokens.py",
        "engine/aliases.py",  # through tokens.py
        "engine/korean.py",  # through tokens.py, two steps away
        "engine/sentences.py",  # through entries.py
        "engine/kinds.py",  # answer_kinds
        "engine/chatwords.py",  # through kinds.py: the chat words it leaves out
        "engine/postings.py",
        "knowledge/factfile.py",
        "knowledge/validate.py",  # through factfile.py
        "knowledge/citations.py",  # through validate.py, two steps away
        "knowledge/fidelity.py",
        "knowledge/yamlplain.py",  # through yamlsafe.py, two steps away
        "knowledge/__init__.py",
        "__init__.py",
    ):
        assert needed in names, needed
    for not_needed in (
        "engine/answer.py",
        "engine/answerability.py",  # the rules over a built index: none runs in a share
        "engine/remarks.py",  # how a message asks or states: the question's side only
        "engine/decide.py",
        "engine/semantic.py",
        "engine/typed.py",  # how a member's message is read: the question's side only
        "engine/markup.py",
        "knowledge/loader.py",  # assembles the shares into a knowledge base: after a share
    ):
        assert not_needed not in names, not_needed
    assert not any(name.startswith("moderation/") for name in names)


def test_the_code_digest_changes_with_a_module_a_share_imports_only(tmp_path: Path) -> None:
    """Edited in a copy of the core: the decision code leaves the digest as it was, the
    tokenizer changes it, and so does a new import that pulls another module in."""
    core = tmp_path / "core"
    shutil.copytree(CORE, core, ignore=shutil.ignore_patterns("__pycache__"))
    before = share.code_digest(core)
    assert before == share.code_digest(CORE)  # the copy is the same code
    decide = core / "engine" / "decide.py"
    decide.write_text(decide.read_text("utf-8") + "\n# a new rule\n", "utf-8")
    assert share.code_digest.__wrapped__(core) == before
    stemming = core / "engine" / "stemming.py"
    stemming.write_text(stemming.read_text("utf-8") + "\n# a new stemming rule\n", "utf-8")
    after_stemming = share.code_digest.__wrapped__(core)
    assert after_stemming != before
    entries = core / "engine" / "entries.py"
    entries.write_text(entries.read_text("utf-8") + "\nfrom .decide import BLENDED\n", "utf-8")
    assert decide in share.share_modules(core)
    assert share.code_digest.__wrapped__(core) != after_stemming


def test_invalid_knowledge_raises_the_same_problems(synthetic: Path, tmp_path: Path) -> None:
    """A broken fact and a duplicate question are reported as load_knowledge reports them."""
    root = tmp_path / "knowledge"
    shutil.copytree(synthetic, root)
    files = sorted((root / "facts").glob("*.yaml"))
    text = files[0].read_text("utf-8")
    files[0].write_text(text.replace("answer: ", "answer_typo: ", 1), "utf-8")
    first_question = load_knowledge(synthetic).facts[0].questions[0]
    with files[-1].open("a", encoding="utf-8") as handle:
        handle.write(
            f"""
  - id: copied-question
    questions: ["{first_question}", "b one", "c two", "d three"]
    answer: x
    sources: []
"""
        )
    with pytest.raises(KnowledgeError) as old:
        load_knowledge(root)
    with pytest.raises(KnowledgeError) as new:
        cold_build(root, workers=2, cache_dir=tmp_path / "cache")
    assert [str(p) for p in new.value.problems] == [str(p) for p in old.value.problems]
    assert len(old.value.problems) >= 2


def test_a_problem_of_the_sources_is_reported_again_from_the_cache(
    synthetic: Path, tmp_path: Path
) -> None:
    """The documents are cached with the problems found in them: a second build, which reads
    them from the cache, still refuses the knowledge with the loader's problems."""
    root = tmp_path / "knowledge"
    shutil.copytree(synthetic, root)
    listing = root / "sources.yaml"
    listing.write_text(listing.read_text("utf-8") + "  - id: nowhere\n", "utf-8")
    with pytest.raises(KnowledgeError) as old:
        load_knowledge(root)
    for _ in range(2):
        with pytest.raises(KnowledgeError) as new:
            cold_build(root, workers=1, cache_dir=tmp_path / "cache")
        assert [str(p) for p in new.value.problems] == [str(p) for p in old.value.problems]
    assert list((tmp_path / "cache" / "sources").glob("*.pickle"))


def test_without_worker_processes_the_build_runs_here(
    synthetic: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where no worker process can start (no semaphores in a container), every file is read
    in this process, with the same result."""

    def refuse(method: str) -> object:
        raise OSError(38, "Function not implemented")

    monkeypatch.setattr(coldjobs.multiprocessing, "get_context", refuse)
    new = cold_build(synthetic, workers=2, cache_dir=tmp_path)
    assert_same_build(new, Engine(load_knowledge(synthetic)))


def test_the_question_check_needs_no_normalising_here(
    synthetic: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On valid knowledge the workers' question digests decide the cross-check: the loader's
    cross_check (which normalises every question in this process) never runs."""

    def refuse(*args: object, **kwargs: object) -> object:
        raise AssertionError("cross_check ran")

    monkeypatch.setattr(loader, "cross_check", refuse)
    new = cold_build(synthetic, workers=1, cache_dir=tmp_path)
    monkeypatch.undo()
    assert_same_build(new, Engine(load_knowledge(synthetic)))


def test_equal_digests_fall_back_to_the_loaders_check(
    synthetic: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two questions with one digest do not decide whether they are the same question: the
    loader's cross_check decides, and the engine is still the one-process build's."""
    calls: list[int] = []
    original = loader.cross_check

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(share, "key_digest", lambda key: len(key) % 3)
    monkeypatch.setattr(loader, "cross_check", counting)
    new = cold_build(synthetic, workers=1, cache_dir=tmp_path)
    monkeypatch.undo()
    assert calls == [1]
    assert_same_build(new, Engine(load_knowledge(synthetic)))


def test_a_damaged_share_is_read_again_not_trusted(
    synthetic: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A cached share with a page zeroed (a power cut, a bad sector) may still unpickle, as
    other facts: its checksum refuses it, with a warning, and the file is read again."""
    cache = tmp_path / "cache"
    cold_build(synthetic, workers=1, cache_dir=cache)
    damaged = max((cache / "facts").glob("*.pickle"), key=lambda p: p.stat().st_size)
    data = bytearray(damaged.read_bytes())
    assert len(data) > 3 * 4096
    data[4096 : 2 * 4096] = bytes(4096)
    damaged.write_bytes(bytes(data))
    new = cold_build(synthetic, workers=1, cache_dir=cache)
    assert_same_build(new, Engine(load_knowledge(synthetic)))
    assert "checksum does not match" in caplog.text
    assert damaged.read_bytes() != bytes(data)  # written again, whole


def test_a_cache_file_that_cannot_be_removed_is_only_logged(
    synthetic: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Pruning an unused share that cannot be removed (here a directory in its place; a
    read-only volume fails the same way) costs a warning, not the start."""
    cache = tmp_path / "cache"
    cold_build(synthetic, workers=1, cache_dir=cache)
    (cache / "facts" / f"{'0' * 40}.pickle").mkdir()
    new = cold_build(synthetic, workers=1, cache_dir=cache)
    assert_same_build(new, Engine(load_knowledge(synthetic)))
    assert "could not remove the cache file" in caplog.text


def test_a_worker_ends_when_the_building_process_is_gone(tmp_path: Path) -> None:
    """Workers are the forkserver's children: the builder's death reaches them only through
    this watch (a builder killed mid-build left them running for good)."""
    import subprocess
    import sys

    builder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    worker = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from bot.core.engine.share import _exit_with; "
            "_exit_with(int(sys.argv[1]), every=0.05)",
            str(builder.pid),
        ],
        cwd=Path(share.__file__).resolve().parents[3],
    )
    try:
        time.sleep(0.5)
        assert worker.poll() is None  # the builder lives: the worker goes on
        builder.kill()
        builder.wait(10)
        assert worker.wait(10) == 1
    finally:
        builder.kill()
        worker.kill()


def test_documents_saved_during_the_build_leave_no_cache(
    synthetic: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Shares are keyed by the documents and aliases as they were when the build began; if
    they were saved while it ran, what the workers computed may rest on the newer ones, so
    none of it is kept (a revert would have brought those shares back)."""
    root = tmp_path / "knowledge"
    shutil.copytree(synthetic, root)
    cache = tmp_path / "cache"
    real_assemble = cold.assemble

    def assemble_while_saved(*args: object, **kwargs: object) -> object:
        aliases = root / "aliases.yaml"
        aliases.write_text(aliases.read_text("utf-8") + "\n# saved meanwhile\n", "utf-8")
        return real_assemble(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(cold, "assemble", assemble_while_saved)
    cold_build(root, workers=1, cache_dir=cache)
    assert not list(cache.rglob("*.pickle"))
    assert "changed during the build" in caplog.text


@pytest.mark.parametrize("blocked", ["cache", "cache/facts"])
def test_a_cache_that_cannot_be_written_is_one_warning(
    synthetic: Path, tmp_path: Path, blocked: str, caplog: pytest.LogCaptureFixture
) -> None:
    """A cache folder that is a file (as a full disk or a read-only volume, every write fails)
    cost two warnings per fact file and document chunk, at every start: thousands at scale.
    The build still makes the same engine; one warning says the cache is not written."""
    cache = tmp_path / "cache"
    (tmp_path / blocked).parent.mkdir(exist_ok=True)
    (tmp_path / blocked).write_text("not a folder", "utf-8")
    new = cold_build(synthetic, workers=1, cache_dir=cache)
    assert_same_build(new, Engine(load_knowledge(synthetic)))
    warned = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warned) == 1 and "not cached" in warned[0], warned


def test_a_snapshot_cache_that_is_a_file_is_one_warning(
    synthetic: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The snapshot's folder a file: the engine is built without any cache, said once."""
    cache = tmp_path / "cache"
    cache.write_text("not a folder", "utf-8")
    engine = load_engine(synthetic, cache)
    assert_same_build(engine, Engine(load_knowledge(synthetic)))
    warned = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warned) == 1 and "unusable" in warned[0], warned


_PINNED_BUILD = """
import multiprocessing, sys
from pathlib import Path
import bot.core.engine.cold as cold
import bot.core.engine.coldjobs as coldjobs
coldjobs.MIN_PARALLEL_JOBS = 0  # a dozen files: workers whenever there is more than one CPU to use
seen = [0]
def progress(stage, done, total):
    seen[0] = max(seen[0], len(multiprocessing.active_children()))
if __name__ == "__main__":
    cold.cold_build(Path(sys.argv[1]), progress=progress)
    print(seen[0])
"""


@pytest.mark.skipif(
    shutil.which("taskset") is None or (os.cpu_count() or 1) < 2, reason="needs taskset, 2 CPUs"
)
def test_a_build_pinned_to_one_cpu_starts_no_workers(synthetic: Path, tmp_path: Path) -> None:
    """The default number of workers was the host's CPUs (os.cpu_count), not those the process
    may use: a container pinned to two CPUs of a 64-core host (--cpuset-cpus, or limited by
    a quota: --cpus, a Kubernetes limit) started 64 workers, some 70 MB each at 20,000 facts,
    and ran out of memory at the build's peak. Pinned to one CPU, the build runs here."""
    script = tmp_path / "pinned.py"
    script.write_text(_PINNED_BUILD, "utf-8")
    out = subprocess.run(
        ["taskset", "-c", "0", sys.executable, str(script), str(synthetic)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(cold.__file__).resolve().parents[3],
    )
    assert out.stdout.split() == ["0"], out.stderr
