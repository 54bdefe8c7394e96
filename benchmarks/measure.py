"""Wall time, CPU time and peak memory of a stage, worker processes included.

CPU time is this process's plus that of its children that ended (``RUSAGE_CHILDREN``: the
pipeline's worker processes are joined when a batch ends). Memory is sampled by a background
thread over this process and all its descendants, summed (RSS every 20 ms, PSS every 0.5 s
and at the start and end of each stage); a stage's peak is the largest sum seen while it
ran. PSS counts a page shared by n processes 1/n in each, so that forked workers, which share
most of their parent's pages, are not counted twice; the sum of resident sets (RSS), which
counts shared pages once per process, is kept beside it.
"""

from __future__ import annotations

import os
import resource
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import psutil

MIB = 1024 * 1024


@dataclass
class Figures:
    """One measured stage."""

    name: str
    wall: float = 0.0
    cpu: float = 0.0
    peak_mib: float = 0.0
    """Peak of the summed PSS."""
    peak_rss_mib: float = 0.0
    """Peak of the summed RSS (shared pages counted once per process)."""
    note: str = ""


@dataclass
class Meter:
    """Samples the memory of this process tree; ``stage()`` measures one stage."""

    interval: float = 0.02
    pss_every: int = 25
    stages: list[Figures] = field(default_factory=list)
    _peak: tuple[int, int] = (0, 0)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None
    _open: Any = None

    def __enter__(self) -> Meter:
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    @contextmanager
    def stage(self, name: str, note: str = "") -> Iterator[Figures]:
        """Measure the ``with`` block as a stage called ``name``."""
        figures = Figures(name, note=note)
        self._peak = tree_memory()
        wall, cpu = time.perf_counter(), cpu_seconds()
        try:
            yield figures
        finally:
            figures.wall = time.perf_counter() - wall
            figures.cpu = cpu_seconds() - cpu
            pss, rss = _most(self._peak, tree_memory())
            figures.peak_mib, figures.peak_rss_mib = pss / MIB, rss / MIB
            self.stages.append(figures)

    def mark(self, name: str) -> None:
        """End the stage running (if any) and start one called ``name``: for callbacks."""
        self.end()
        self._open = self.stage(name)
        self._open.__enter__()

    def end(self) -> None:
        """End the stage started by ``mark``."""
        if self._open is not None:
            self._open.__exit__(None, None, None)
            self._open = None

    def _sample(self) -> None:
        """RSS every ``interval``; PSS (reading smaps_rollup costs ~10 ms per 500 MiB process,
        which would steal a core from the workers) only every ``pss_every`` samples."""
        count = 0
        while not self._stop.wait(self.interval):
            count += 1
            if count % self.pss_every == 0:
                self._peak = _most(self._peak, tree_memory())
            else:
                self._peak = (self._peak[0], max(self._peak[1], tree_memory(pss=False)[1]))


def _most(a: tuple[int, int], b: tuple[int, int]) -> tuple[int, int]:
    return max(a[0], b[0]), max(a[1], b[1])


def cpu_seconds() -> float:
    """User + system time of this process, of its children that have ended, and of every
    live descendant with the children it has reaped (a forkserver's workers are reaped by the
    forkserver, not by this process). Each process is counted once: live, or by its reaper."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
    for member in descendants(os.getpid()):
        try:
            times = psutil.Process(member).cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system + times.children_user + times.children_system
    return total


def tree_memory(pid: int | None = None, *, pss: bool = True) -> tuple[int, int]:
    """(PSS, RSS) bytes of a process and all its descendants, each summed (a process that
    ended counts 0; without /proc/PID/smaps_rollup PSS is taken to be the RSS)."""
    total = rss = 0
    for member in [pid or os.getpid(), *descendants(pid or os.getpid())]:
        try:
            resident = psutil.Process(member).memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
        rss += resident
        total += (_pss(member) or resident) if pss else 0
    return total, rss


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def descendants(pid: int) -> list[int]:
    """Child processes, recursively; read from /proc/PID/task/*/children where Linux has it
    (cheap), else through psutil (which scans every process)."""
    try:
        found: list[int] = []
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found += [int(child) for child in handle.read().split()]
    except (FileNotFoundError, PermissionError):
        try:
            return [child.pid for child in psutil.Process(pid).children(recursive=True)]
        except psutil.Error:
            return []
    return [*found, *(grand for child in found for grand in descendants(child))]
