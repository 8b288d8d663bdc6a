"""How many CPUs this process may really use: its affinity, bounded by its cgroups' CPU quotas.

os.cpu_count() is the host's: a container held to two CPUs of a 64-core host started 64 build
workers, some 70 MB each at 20,000 facts, and ran out of memory at the build's peak.

A quota is set on a cgroup, and binds every cgroup below it: the one that counts may be the
process's own (systemd's `CPUQuota=` on the service), a parent (a slice's), or, inside a
container with its own cgroup namespace, the root of what the process sees. So every cgroup
from the process's own (read from /proc/self/cgroup) up to the root of the mount is read, and
the tightest quota wins. Reading only the mount's root file missed a systemd unit's quota
altogether: the root cgroup has no `cpu.max`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")
SELF_CGROUP = Path("/proc/self/cgroup")
# cgroup v1's CPU controller (hosts before cgroup v2: a CentOS 7 or Amazon Linux 2 Docker host),
# where the quota and the period are two files, the quota -1 for none. It is mounted together
# with cpuacct as `cpu,cpuacct` (or `cpuacct,cpu`); `cpu` is only a symlink to it, which some
# container runtimes do not make: each is tried in turn.
V1_CPU_MOUNTS = ("cpu", "cpu,cpuacct", "cpuacct,cpu")


def usable_cpus(
    pinned: int | None = None,
    *,
    cgroup_root: Path = CGROUP_ROOT,
    self_cgroup: Path = SELF_CGROUP,
) -> int:
    """The CPUs a build may use: `pinned` (by default those this process may run on: a
    container's --cpuset-cpus, taskset), at most the tightest CPU quota of its cgroups rounded
    up (cgroup v2's `cpu.max`, "quota period" or "max", or cgroup v1's `cpu.cfs_quota_us` over
    `cpu.cfs_period_us`: a container's --cpus, a Kubernetes limit, systemd's CPUQuota=)."""
    if pinned is None:
        try:
            pinned = len(os.sched_getaffinity(0))
        except (AttributeError, OSError):  # not on Linux
            pinned = os.cpu_count() or 1
    quota = cgroup_cpus(cgroup_root, self_cgroup)
    if quota is not None:
        pinned = min(pinned, quota)
    return max(1, pinned)


def cgroup_cpus(cgroup_root: Path = CGROUP_ROOT, self_cgroup: Path = SELF_CGROUP) -> int | None:
    """The tightest CPU quota over this process's cgroups, in whole CPUs rounded up; None for
    no quota (or none readable: not on Linux, no CPU controller mounted). cgroup v2 when its
    `cgroup.controllers` is at `cgroup_root`, else v1 (also where both are mounted, the hybrid
    layout: v1 holds the CPU controller there)."""
    v2, v1 = _own_paths(self_cgroup)
    if (cgroup_root / "cgroup.controllers").is_file():
        quotas = [_v2_quota(place) for place in _up_from(cgroup_root, v2)]
    else:
        quotas = [
            _v1_quota(place)
            for mount in V1_CPU_MOUNTS
            if (cgroup_root / mount).is_dir()
            for place in _up_from(cgroup_root / mount, v1)
        ]
    found = [q for q in quotas if q is not None]
    if not found:
        return None
    tightest = min(found)
    return max(1, -(-tightest.numerator // tightest.denominator))


def _own_paths(self_cgroup: Path) -> tuple[str, str]:
    """This process's cgroup in the v2 hierarchy (the `0::` line) and in v1's CPU controller
    (the line whose controllers include `cpu`), "/" when not said."""
    v2 = v1 = "/"
    try:
        lines = self_cgroup.read_text("utf-8", errors="replace").splitlines()
    except OSError:
        return v2, v1
    for line in lines:
        number, _, rest = line.partition(":")
        controllers, _, path = rest.partition(":")
        if number == "0" and not controllers:
            v2 = path or "/"
        elif "cpu" in controllers.split(","):
            v1 = path or "/"
    return v2, v1


def _up_from(mount: Path, own: str) -> Iterator[Path]:
    """The directories of `own` (a cgroup path such as /system.slice/citebot.service) under
    `mount` and of each of its ancestors, down to `mount` itself. Inside a container without
    its own cgroup namespace the path names the host's cgroup, which is not under the
    container's mount: those directories are missing, and the mount's own root (the
    container's cgroup) still counts."""
    parts = [part for part in own.split("/") if part not in ("", ".", "..")]
    for depth in range(len(parts), -1, -1):
        yield mount.joinpath(*parts[:depth])


def _v2_quota(place: Path) -> Fraction | None:
    """The CPUs `place`'s cpu.max allows, None for "max", no file or a file of another shape."""
    try:
        quota, period = place.joinpath("cpu.max").read_text("ascii").split()[:2]
        return _ratio(quota, period)
    except (OSError, ValueError):
        return None


def _v1_quota(place: Path) -> Fraction | None:
    """The CPUs `place`'s cfs quota and period allow, None for -1 (no quota) or no files."""
    try:
        quota = place.joinpath("cpu.cfs_quota_us").read_text("ascii").strip()
        period = place.joinpath("cpu.cfs_period_us").read_text("ascii").strip()
        return _ratio(quota, period)
    except (OSError, ValueError):
        return None


def _ratio(quota: str, period: str) -> Fraction | None:
    """quota/period in CPUs; ValueError for "max" or junk, None for no positive quota."""
    whole, every = int(quota), int(period)
    if whole <= 0 or every <= 0:  # -1 (v1): no quota
        return None
    return Fraction(whole, every)
