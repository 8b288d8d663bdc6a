"""The lock files, the version and the license: what `make`, CI and Docker install is pinned,
hash-checked and within the ranges pyproject.toml declares."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from importlib.metadata import metadata, version
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from bot import __version__
from tests.conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
DEV_LOCK = ROOT / "requirements" / "dev.txt"
RUNTIME_LOCK = ROOT / "requirements" / "runtime.txt"
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s\\;]+)")


def parse_lock(text: str) -> dict[str, tuple[str, int]]:
    """{canonical name: (pinned version, number of hashes)} of a pip-compile lock file.

    Raises ValueError for a requirement line that is not an exact pin (a range, a URL, a path).
    """
    pins: dict[str, tuple[str, int]] = {}
    name = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("--hash="):
            version_, hashes = pins[name]
            pins[name] = (version_, hashes + 1)
            continue
        match = PIN.match(line)
        if match is None:
            raise ValueError(f"not an exact pin: {line!r}")
        name = canonicalize_name(match.group(1))
        pins[name] = (match.group(2), 0)
    return pins


def declared(*extras: str) -> list[Requirement]:
    """The requirements of pyproject.toml: the runtime ones and those of `extras`."""
    project = PYPROJECT["project"]
    texts = list(project["dependencies"])
    for extra in extras:
        texts += project["optional-dependencies"][extra]
    return [Requirement(text) for text in texts]


@pytest.mark.parametrize(
    ("lock", "extras"), [(DEV_LOCK, ("semantic", "dev")), (RUNTIME_LOCK, ("semantic",))]
)
def test_lock_pins_every_declared_requirement_within_its_range(
    lock: Path, extras: tuple[str, ...]
) -> None:
    """Each requirement of pyproject.toml (and the extras the lock covers) is pinned there, to a
    version its range allows, and every pin carries hashes (pip then refuses any other file)."""
    pins = parse_lock(lock.read_text("utf-8"))
    for requirement in declared(*extras):
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement} is not in {lock.name}: run `make lock`"
        pinned, _ = pins[name]
        assert requirement.specifier.contains(pinned, prereleases=True), (
            f"{lock.name} pins {name}=={pinned}, outside {requirement}: run `make lock`"
        )
    unhashed = [name for name, (_, hashes) in pins.items() if hashes == 0]
    assert not unhashed, f"pins without a hash in {lock.name}: {unhashed}"


def test_runtime_lock_agrees_with_the_dev_lock_and_has_no_dev_tools() -> None:
    """The image (runtime.txt) runs the versions CI tested (dev.txt), without the test tools."""
    dev = parse_lock(DEV_LOCK.read_text("utf-8"))
    runtime = parse_lock(RUNTIME_LOCK.read_text("utf-8"))
    for name, (pinned, _) in runtime.items():
        assert name in dev and dev[name][0] == pinned, f"{name}: {pinned} vs {dev.get(name)}"
    for tool in ("pytest", "ruff", "mypy", "hypothesis", "simcord"):
        assert tool not in runtime


def test_parse_lock_rejects_a_range() -> None:
    """A line that is not an exact pin is an error, so the tests above cannot pass on ranges."""
    with pytest.raises(ValueError, match="not an exact pin"):
        parse_lock("numpy>=1.26 \\\n    --hash=sha256:00\n")
    assert parse_lock("numpy==2.0 \\\n    --hash=sha256:00\n") == {"numpy": ("2.0", 1)}


def test_every_install_path_uses_the_lock() -> None:
    """The Makefile, CI and the Dockerfile install from a lock with hashes, then citebot alone."""
    makefile = (ROOT / "Makefile").read_text("utf-8")
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    dockerfile = (ROOT / "Dockerfile").read_text("utf-8")
    assert "--require-hashes -r requirements/dev.txt" in makefile
    assert "--no-deps -e ." in makefile
    assert "make .venv/.installed" in ci  # the Makefile's install, version check included
    assert "--require-hashes -r requirements/runtime.txt" in dockerfile
    assert "pip install --no-deps ." in dockerfile
    for text in (makefile, ci, dockerfile):
        # No install of the project that resolves its own dependencies again.
        assert not re.search(r"pip install [^\n]*['\"]?\.\[", text), text
    assert re.search(r"^lock:", makefile, re.MULTILINE)


def test_ci_stops_on_a_python_the_lock_does_not_fit(tmp_path: Path) -> None:
    """`.ci/run` where `python3` is 3.13 stops with the Makefile's one line naming the
    versions that work, before creating anything; it failed inside pip, on a hash error
    about audioop-lts, since it made its venv by hand and skipped that check."""
    for name in ("Makefile", "pyproject.toml", ".ci/run", "requirements/dev.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, tmp_path / name)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    stand_in = tmp_path / "stand_in.py"
    # A Python that says it is 3.13 and runs what it is given with -c (the Makefile's check).
    stand_in.write_text(
        "import sys\n"
        "sys.version_info = (3, 13, 0, 'final', 0)\n"
        "sys.version = '3.13.0 (stand-in)'\n"
        "if sys.argv[1:2] != ['-c']:\n"
        "    sys.exit('stand-in python3 asked for ' + ' '.join(sys.argv[1:]))\n"
        "exec(sys.argv[2])\n",
        "utf-8",
    )
    # Started through sh: a `#!` line naming this Python broke in a checkout whose path has a
    # space (the kernel splits the line there), so `make test` failed in such a checkout.
    fake = bin_dir / "python3"
    fake.write_text(
        f'#!/bin/sh\nexec {shlex.quote(sys.executable)} {shlex.quote(str(stand_in))} "$@"\n',
        "utf-8",
    )
    fake.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHON", "MAKEFLAGS"}}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    done = subprocess.run(
        ["bash", str(tmp_path / ".ci" / "run")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "citebot needs Python 3.11 or 3.12" in done.stderr
    assert "this is 3.13.0" in done.stderr
    assert not (tmp_path / ".venv").exists()


def test_make_clean_removes_the_build_tree(tmp_path: Path) -> None:
    """`make clean` removes build/, dist/ and the egg-info with the venvs and caches: a
    module deleted since the last `pip wheel .` stayed in build/lib and in every wheel built
    after it."""
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    made = [".venv", "build/lib/bot", "dist", "citebot.egg-info", ".pytest_cache"]
    for name in made:
        (tmp_path / name).mkdir(parents=True)
    (tmp_path / "build/lib/bot/removed_since.py").write_text("X = 1\n", "utf-8")
    (tmp_path / "keep.txt").write_text("mine\n", "utf-8")
    done = subprocess.run(
        ["make", "clean"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["Makefile", "keep.txt"]


def test_one_version_everywhere() -> None:
    """`bot.__version__` is the installed metadata's, which pyproject.toml sets."""
    assert __version__ == version("citebot") == PYPROJECT["project"]["version"]
    done = subprocess.run(
        [sys.executable, "-m", "bot", "--version"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.strip() == f"citebot {PYPROJECT['project']['version']}"


def test_license_file_matches_the_metadata() -> None:
    """The LICENSE file is the license pyproject.toml declares, as an SPDX expression (PEP
    639), which the installed metadata carries. The `{ text = ... }` table it replaced made
    every build warn that setuptools, taken newest by every install, is due to drop it; the
    build backend asked for must be one that reads the expression."""
    assert PYPROJECT["project"]["license"] == "MIT"
    assert PYPROJECT["project"]["license-files"] == ["LICENSE"]
    installed = metadata("citebot")
    assert installed["License-Expression"] == "MIT"
    assert installed["License"] is None
    (backend,) = [
        Requirement(r) for r in PYPROJECT["build-system"]["requires"] if r.startswith("setuptools")
    ]
    assert not backend.specifier.contains("76.1") and backend.specifier.contains("77.0")
    text = (ROOT / "LICENSE").read_text("utf-8")
    assert text.splitlines()[0] == "MIT License"
    assert "Permission is hereby granted, free of charge" in text
