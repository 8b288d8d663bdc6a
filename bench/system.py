"""What the benchmark ran on: machine, Python, library versions and the code's revision."""

from __future__ import annotations

import datetime as dt
import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
LIBRARIES = ("numpy", "rapidfuzz", "PyYAML")


def _proc_field(path: str, key: str) -> str | None:
    try:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                name, _, value = line.partition(":")
                if name.strip() == key:
                    return value.strip()
    except OSError:
        return None
    return None


def _git(*args: str) -> str:
    try:
        done = subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.strip()


def machine_info() -> dict[str, Any]:
    """CPU model, cores and RAM (from /proc), OS, Python and library versions, git revision."""
    mem_kib = _proc_field("/proc/meminfo", "MemTotal")
    versions: dict[str, str] = {}
    for name in LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    dirty_core = bool(_git("status", "--porcelain", "--", "bot/core"))
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": _proc_field("/proc/cpuinfo", "model name") or platform.processor() or "unknown",
        "cores": os.cpu_count() or 0,
        "ram_gb": int(mem_kib.split()[0]) * 1024 / 1e9 if mem_kib else 0.0,
        "os": f"{platform.system()} {platform.release()}",
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "libraries": versions,
        "libyaml": bool(getattr(yaml, "__with_libyaml__", False)),
        "commit": _git("rev-parse", "--short", "HEAD") or "unknown",
        "core_uncommitted": dirty_core,
    }
