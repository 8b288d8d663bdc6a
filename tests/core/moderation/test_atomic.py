"""write_atomic: the data is fsynced before the rename and the directory after it."""

from __future__ import annotations

import logging
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.core.moderation.atomic import (
    ORPHANED_AFTER,
    PROCESS_MARK,
    STALE_AFTER,
    atomic_writer,
    fsync_dir,
    is_temp,
    remove_stale_temps,
    temp_name,
    write_atomic,
)
from tests.conftest import ROOT


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


def test_a_failure_while_streaming_keeps_the_old_file(tmp_path: Path) -> None:
    """An exception inside atomic_writer's block leaves the old file and no temp file."""
    target = tmp_path / "engine.pickle"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError, match="pickling failed"), atomic_writer(target) as handle:
        handle.write(b"x" * 3_000_000)  # more than the buffer: some of it reached the disk
        raise RuntimeError("pickling failed")
    assert target.read_bytes() == b"old"
    assert list(tmp_path.iterdir()) == [target]


def test_temp_names_are_random_not_the_pid(tmp_path: Path) -> None:
    """Two temp names for one target differ, carry this process's mark and not its PID."""
    target = tmp_path / "facts.yaml"
    first, second = temp_name(target), temp_name(target)
    assert first != second
    assert is_temp(first) and first.parent == tmp_path
    assert PROCESS_MARK in first.name and f".{os.getpid()}." not in first.name


PRINT_TEMP_NAME = """
import os, sys
from pathlib import Path
from bot.core.moderation.atomic import temp_name
print(os.getpid(), temp_name(Path(sys.argv[1])).name)
"""


def test_two_pid_1_processes_never_share_a_temp_name(tmp_path: Path) -> None:
    """Two bots that are each PID 1 of their own namespace (two containers on one volume)
    name their temp files for the same target differently."""
    seen = []
    for _ in range(2):
        done = subprocess.run(
            ["unshare", "-fp", sys.executable, "-c", PRINT_TEMP_NAME, str(tmp_path / "a.yaml")],
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        pid, name = done.stdout.split()
        assert pid == "1"
        seen.append(name)
    assert seen[0] != seen[1]


def _age(path: Path, seconds: float) -> None:
    when = time.time() - seconds
    os.utime(path, (when, when))


def test_cleanup_removes_only_own_or_provably_stale_temps(tmp_path: Path) -> None:
    """Start-up cleanup removes this process's temp files, any that no writer holds (a killed
    one's) and any untouched for STALE_AFTER; another process's temp file that it holds (its
    lock, as `hold` takes it) and every other file stay."""
    import fcntl

    own = temp_name(tmp_path / "a.yaml")
    own.write_bytes(b"own")
    foreign_fresh = tmp_path / ".a.yaml.0badc0de-123456789abc.tmp"
    foreign_fresh.write_bytes(b"mid-save in another container")
    _age(foreign_fresh, STALE_AFTER - 60)
    writer = foreign_fresh.open("rb")  # its writer's lock: another open file, as in a process
    fcntl.flock(writer.fileno(), fcntl.LOCK_EX)
    killed = tmp_path / ".a.yaml.0badc0de-0123456789ab.tmp"
    killed.write_bytes(b"its writer was killed a few minutes ago")
    _age(killed, ORPHANED_AFTER + 60)
    foreign_stale = tmp_path / ".a.yaml.0badc0de-cba987654321.tmp"
    foreign_stale.write_bytes(b"left by a killed process")
    _age(foreign_stale, STALE_AFTER + 60)
    legacy = tmp_path / ".snapshot-abc123"
    legacy.write_bytes(b"old naming scheme")
    _age(legacy, STALE_AFTER + 60)
    keep = [tmp_path / "a.yaml", tmp_path / ".hidden.yaml", tmp_path / "old.tmp"]
    for path in keep:
        path.write_bytes(b"not a temp file of ours")
        _age(path, 10 * STALE_AFTER)

    remove_stale_temps(tmp_path)
    assert not own.exists() and not foreign_stale.exists() and not killed.exists()
    assert foreign_fresh.exists() and legacy.exists()  # `also` not given: not ours to judge
    assert all(path.exists() for path in keep)

    remove_stale_temps(tmp_path, also=(".snapshot-",))
    assert not legacy.exists() and foreign_fresh.exists()
    writer.close()


@pytest.mark.parametrize("mode", [0o664, 0o600, 0o444])
def test_a_replaced_file_keeps_its_permissions(tmp_path: Path, mode: int) -> None:
    """A save replaces the file with a new one: it gets the old one's permissions (a
    group-writable checkout lost its group's write access at the first save)."""
    target = tmp_path / "facts.yaml"
    target.write_bytes(b"old")
    target.chmod(mode)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == mode


def test_a_new_file_gets_the_umask_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_atomic(tmp_path / "new.yaml", b"new")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.yaml").stat().st_mode) == 0o640
