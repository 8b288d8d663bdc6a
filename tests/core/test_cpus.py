"""The CPUs a build may use, read from fake cgroup trees (v2, v1 and hybrid) in a temp dir."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.cpus import V1_CPU_MOUNTS, usable_cpus


def _v2_tree(root: Path, own: str, quotas: dict[str, str]) -> Path:
    """A cgroup v2 mount at `root` with `quotas` (cgroup path -> cpu.max) and a
    /proc/self/cgroup placing this process in `own`; the latter's path."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "cgroup.controllers").write_text("cpuset cpu io memory pids\n", "ascii")
    (root / own.strip("/")).mkdir(parents=True, exist_ok=True)
    for path, line in quotas.items():
        place = root / path.strip("/")
        place.mkdir(parents=True, exist_ok=True)
        (place / "cpu.max").write_text(line + "\n", "ascii")
    self_cgroup = root.parent / "self-cgroup"
    self_cgroup.write_text(f"0::{own}\n", "ascii")
    return self_cgroup


@pytest.mark.parametrize(
    ("cpu_max", "cpus"), [("max 100000", 8), ("150000 100000", 2), ("50000 100000", 1)]
)
def test_a_cgroup_cpu_quota_bounds_the_workers(tmp_path: Path, cpu_max: str, cpus: int) -> None:
    """A CPU quota (cgroup v2's cpu.max: quota and period, or `max`) is rounded up to CPUs;
    in a container with its own cgroup namespace it is the mount's root."""
    root = tmp_path / "sys-fs-cgroup"
    self_cgroup = _v2_tree(root, "/", {"/": cpu_max})
    assert usable_cpus(8, cgroup_root=root, self_cgroup=self_cgroup) == cpus


def test_a_systemd_units_cpu_quota_bounds_the_workers(tmp_path: Path) -> None:
    """Under systemd the quota (`CPUQuota=150%`) is on the service's own cgroup, not on the
    root (which has no cpu.max at all): only the root's file was read, so the build of a
    service held to 1.5 CPUs started one worker per CPU of the host."""
    root = tmp_path / "sys-fs-cgroup"
    own = "/system.slice/citebot.service"
    self_cgroup = _v2_tree(root, own, {"/system.slice": "max 100000", own: "150000 100000"})
    assert usable_cpus(8, cgroup_root=root, self_cgroup=self_cgroup) == 2


def test_the_tightest_quota_of_any_ancestor_wins(tmp_path: Path) -> None:
    """A quota on a slice binds every service in it, however loose their own: the smallest
    quota from the process's cgroup up to the root counts."""
    root = tmp_path / "sys-fs-cgroup"
    own = "/bots.slice/citebot.service/worker"
    self_cgroup = _v2_tree(
        root,
        own,
        {"/bots.slice": "100000 100000", "/bots.slice/citebot.service": "400000 100000"},
    )
    assert usable_cpus(8, cgroup_root=root, self_cgroup=self_cgroup) == 1


def test_a_cgroup_path_not_under_the_mount_falls_back_to_its_root(tmp_path: Path) -> None:
    """In a container sharing the host's cgroup namespace, /proc/self/cgroup names the host's
    path, which the container's mount does not hold: its root (the container's cgroup) still
    counts."""
    root = tmp_path / "sys-fs-cgroup"
    self_cgroup = _v2_tree(root, "/", {"/": "200000 100000"})
    self_cgroup.write_text("0::/system.slice/docker-0123.scope\n", "ascii")
    assert usable_cpus(8, cgroup_root=root, self_cgroup=self_cgroup) == 2


@pytest.mark.parametrize(
    ("quota", "period", "cpus"),
    [("-1", "100000", 8), ("150000", "100000", 2), ("50000", "100000", 1), ("junk", "1", 8)],
)
def test_a_cgroup_v1_cpu_quota_bounds_the_workers(
    tmp_path: Path, quota: str, period: str, cpus: int
) -> None:
    """On a cgroup v1 host (no cgroup.controllers at the mount) the quota is cpu.cfs_quota_us
    over cpu.cfs_period_us, -1 for none: a container given two CPUs of a larger host starts
    two workers, not one per host CPU."""
    root = tmp_path / "sys-fs-cgroup"
    v1 = root / "cpu"
    v1.mkdir(parents=True)
    (v1 / "cpu.cfs_quota_us").write_text(quota + "\n", "ascii")
    (v1 / "cpu.cfs_period_us").write_text(period + "\n", "ascii")
    self_cgroup = tmp_path / "self-cgroup"
    self_cgroup.write_text("2:cpu,cpuacct:/\n0::/\n", "ascii")
    assert usable_cpus(8, cgroup_root=root, self_cgroup=self_cgroup) == cpus


def test_a_cgroup_v1_services_quota_is_read_in_its_own_cgroup(tmp_path: Path) -> None:
    """On a v1 (or hybrid) systemd host the service's quota is in its own directory of the
    CPU controller, named on the `cpu,cpuacct` line of /proc/self/cgroup."""
    root = tmp_path / "sys-fs-cgroup"
    own = root / "cpu,cpuacct" / "system.slice" / "citebot.service"
    own.mkdir(parents=True)
    (own / "cpu.cfs_quota_us").write_text("300000\n", "ascii")
    (own / "cpu.cfs_period_us").write_text("100000\n", "ascii")
    (root / "unified").mkdir()  # hybrid: v2 mounted beside, without the CPU controller
    self_cgroup = tmp_path / "self-cgroup"
    self_cgroup.write_text(
        "3:cpu,cpuacct:/system.slice/citebot.service\n1:name=systemd:/x\n0::/x\n", "ascii"
    )
    assert usable_cpus(8, cgroup_root=root, self_cgroup=self_cgroup) == 3


def test_no_cgroup_at_all_leaves_the_cpus_pinned(tmp_path: Path) -> None:
    """Neither controller readable (not Linux, nothing mounted): the pinned CPUs, unbounded."""
    assert usable_cpus(3, cgroup_root=tmp_path / "a", self_cgroup=tmp_path / "b") == 3


@pytest.mark.parametrize("mounted_as", ["cpu,cpuacct", "cpuacct,cpu"])
def test_a_cgroup_v1_cpu_controller_without_its_cpu_link_is_found(
    tmp_path: Path, mounted_as: str
) -> None:
    """The v1 CPU controller is mounted with cpuacct as `cpu,cpuacct`; `cpu` is only a symlink
    to it, which not every container runtime makes: without it the quota went unread and the
    build started one worker per host CPU. Each name the controller goes by is tried."""
    assert mounted_as in V1_CPU_MOUNTS
    root = tmp_path / "sys-fs-cgroup"
    controller = root / mounted_as
    controller.mkdir(parents=True)
    (controller / "cpu.cfs_quota_us").write_text("200000\n", "ascii")
    (controller / "cpu.cfs_period_us").write_text("100000\n", "ascii")
    assert usable_cpus(8, cgroup_root=root, self_cgroup=tmp_path / "none") == 2
