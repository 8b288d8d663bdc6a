"""write_atomic: the data is fsynced before the rename and the directory after it."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from bot.core.moderation.atomic import fsync_dir, write_atomic


class SyscallLog:
    """Records os.open, os.fsync and os.replace calls (passing them through) in order."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, fail_dir_fsync: bool = False) -> None:
        self.events: list[tuple[str, str]] = []
        self.paths: dict[int, Path] = {}
        real_open, real_fsync, real_replace = os.open, os.fsync, os.replace

        def fake_open(path: os.PathLike[str] | str, flags: int, *args: object) -> int:
            fd = real_open(path, flags, *args)  # type: ignore[arg-type]
            self.paths[fd] = Path(path)
            return fd

        def fake_fsync(fd: int) -> None:
            path = self.paths.get(fd)
            self.events.append(("fsync", str(path)))
            if fail_dir_fsync and path is not None and path.is_dir():
                raise OSError(5, "Input/output error")
            real_fsync(fd)

        def fake_replace(src: os.PathLike[str] | str, dst: os.PathLike[str] | str) -> None:
            real_replace(src, dst)
            self.events.append(("replace", str(dst)))

        monkeypatch.setattr(os, "open", fake_open)
        monkeypatch.setattr(os, "fsync", fake_fsync)
        monkeypatch.setattr(os, "replace", fake_replace)


def test_directory_is_fsynced_after_the_replace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The temp file is fsynced, renamed over the target, then the directory is fsynced."""
    target = tmp_path / "facts.yaml"
    target.write_bytes(b"old\n")
    calls = SyscallLog(monkeypatch)

    write_atomic(target, b"new\n")

    assert target.read_bytes() == b"new\n"
    replaced = calls.events.index(("replace", str(target)))
    before, after = calls.events[:replaced], calls.events[replaced + 1 :]
    assert len(before) == 1 and before[0][0] == "fsync", calls.events
    assert Path(before[0][1]).parent == tmp_path and Path(before[0][1]) != target
    assert after == [("fsync", str(tmp_path))], calls.events
    assert list(tmp_path.iterdir()) == [target]


def test_a_new_file_is_made_durable_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Creating a file (no old version) also ends with the directory fsync."""
    target = tmp_path / "new.yaml"
    calls = SyscallLog(monkeypatch)

    write_atomic(target, b"x" * 200_000)

    assert target.read_bytes() == b"x" * 200_000
    assert calls.events[-2:] == [("replace", str(target)), ("fsync", str(tmp_path))]


def test_fsync_dir_fsyncs_the_directory_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """fsync_dir opens the directory, not a file in it, and fsyncs that descriptor."""
    calls = SyscallLog(monkeypatch)
    fsync_dir(tmp_path)
    assert calls.events == [("fsync", str(tmp_path))]


def test_failed_directory_fsync_keeps_the_new_file_and_warns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """After the rename only durability is in doubt: the new file stays and a warning is logged."""
    target = tmp_path / "facts.yaml"
    target.write_bytes(b"old\n")
    calls = SyscallLog(monkeypatch, fail_dir_fsync=True)

    with caplog.at_level(logging.WARNING):
        write_atomic(target, b"new\n")

    assert calls.events[-1] == ("fsync", str(tmp_path))
    assert target.read_bytes() == b"new\n"
    assert "could not fsync directory" in caplog.text
