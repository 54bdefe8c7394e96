"""Run one task per item in persistent worker processes, each item isolated from the others.

A worker that overruns its time is killed and replaced; a worker that dies (segfault,
``os._exit``, out of memory) costs only the item it held; a task that raises gets a one-line
message. Results stream back as they come, so the parent holds only the items in flight.
"""

from __future__ import annotations

import contextlib
import faulthandler
import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

from par_index import processes
from par_index.errors import ParIndexError
from par_index.i18n import Lang, Message, chosen_lang, use_lang
from par_index.text import display_name

T = TypeVar("T")
R = TypeVar("R")
MIB = 1024 * 1024
_STATM = "/proc/self/statm"
"""Linux's count of the pages this process maps (the first number)."""

TIMEOUT = Message(
    "batch.timeout",
    "{item}: xử lý quá {seconds} giây nên đã bị dừng. Tệp có thể quá lớn hoặc bị hỏng: hãy mở "
    "tệp kiểm tra, lưu lại bằng Excel hoặc LibreOffice rồi đọc lại.",
    "{item}: processing took more than {seconds} seconds and was stopped. The file may be too "
    "large or damaged: open and check it, save it again from Excel or LibreOffice, and retry.",
)
CRASHED = Message(
    "batch.crashed",
    "{item}: tiến trình xử lý bị dừng đột ngột ({reason}). Tệp có thể bị hỏng: hãy đề nghị đơn "
    "vị gửi lại; nếu lỗi lặp lại, hãy báo nhóm phát triển và gửi kèm tệp này.",
    "{item}: the worker process died ({reason}). The file may be damaged: ask the unit to send "
    "it again; if it happens again, report it to the developers with this file.",
)
MEMORY = Message(
    "batch.memory",
    "{item}: cần nhiều hơn {mb} MB bộ nhớ nên đã bị dừng. Tệp có thể quá lớn hoặc độc hại: hãy "
    "kiểm tra tệp, xóa ảnh và trang tính thừa rồi gửi lại.",
    "{item}: needed more than {mb} MB of memory and was stopped. The file may be too large or "
    "malicious: check it, remove pictures and extra sheets, and send it again.",
)
ERROR = Message(
    "batch.error",
    "{item}: lỗi không mong đợi ({detail}). Hãy báo nhóm phát triển và gửi kèm tệp này.",
    "{item}: unexpected error ({detail}). Please report it to the developers with this file.",
)
INIT_FAILED = Message(
    "batch.init-failed",
    "Không khởi động được tiến trình xử lý: {detail}",
    "The worker processes could not start: {detail}",
)
_SIGNAL = Message("batch.detail.signal", "tín hiệu {name}", "signal {name}")
_KILLED = Message(
    "batch.detail.killed",
    "tín hiệu SIGKILL, thường do hệ thống hết bộ nhớ",
    "signal SIGKILL, usually the system running out of memory",
)
_EXIT = Message("batch.detail.exit", "mã thoát {code}", "exit code {code}")


@dataclass(frozen=True, slots=True)
class Ok(Generic[R]):
    """The task returned ``value``."""

    value: R


@dataclass(frozen=True, slots=True)
class Failed:
    """The item failed: ``code`` is batch.timeout/crashed/memory/error; ``detail`` is the line.

    ``error_code`` is the code of the ParIndexError the task raised (e.g. workbook.encrypted).
    """

    code: str
    detail: str
    error_code: str = ""


Outcome = Ok[Any] | Failed


class BatchError(ParIndexError, RuntimeError):
    """The pool itself cannot work (e.g. the worker initializer fails)."""


def run_isolated(
    items: Iterable[T],
    task: Callable[[T], R],
    *,
    workers: int | None = os.cpu_count(),
    timeout_s: float = 30,
    memory_mb: int | None = 512,
    initializer: Callable[..., Any] | None = None,
    initargs: tuple[Any, ...] = (),
    in_flight: int = 1,
    start_method: str | None = None,
) -> Iterator[tuple[T, Outcome]]:
    """Yield ``(item, Ok(value) | Failed(code, detail))`` once per item, in completion order.

    ``workers=0`` runs in this process (for debugging: no time or memory bound). ``memory_mb``
    is the address space a worker may add to what it starts with (RLIMIT_AS, where available).
    ``in_flight=2`` queues a second item in each worker so that it never waits while this
    process takes in its last result; use it only for small items (file names): a large item
    and a large result could each fill their pipe and wait on the other. ``start_method``
    "forkserver" starts workers that share nothing with this process (a parent holding
    hundreds of MiB that it keeps touching would otherwise duplicate its pages). The default
    forks on Linux, else spawns; ``PAR_INDEX_START_METHOD`` forces a method on every pool
    (``par_index.processes``). Unless forked, the task, the initializer and its arguments are
    pickled once per worker started (never per item), so they must be picklable. A worker
    speaks the language of this process.
    """
    if workers == 0:
        yield from _run_inline(items, task, initializer, initargs, memory_mb)
        return
    count = max(1, workers if workers is not None else os.cpu_count() or 1)
    options = (timeout_s, memory_mb, max(1, in_flight))
    pool = _Pool(task, count, options, initializer, initargs, start_method)
    try:
        yield from pool.run(iter(items))
    finally:
        pool.close()


def label(item: Any) -> str:
    """How an item is named in messages: a path as given, through the one ``display_name``."""
    return display_name(os.fspath(item) if isinstance(item, os.PathLike) else str(item))


# ----------------------------------------------------------------------------- the task


def _run_one(task: Callable[[T], R], item: T, memory_mb: int | None) -> tuple[Outcome, bool]:
    """Run the task on one item; the flag says the worker should not be reused."""
    try:
        return Ok(task(item)), False
    except MemoryError:
        return Failed(MEMORY.code, MEMORY.format(item=label(item), mb=memory_mb or "?")), True
    except ParIndexError as exc:
        return Failed(ERROR.code, exc.render(), exc.code), False
    except (Exception, SystemExit) as exc:
        detail = failure_name(exc)
        return Failed(ERROR.code, ERROR.format(item=label(item), detail=detail)), False


def failure_name(exc: BaseException) -> str:
    """What a user is told of an unexpected failure: the kind of error, never its internal
    text (which may quote code or data); ``--debug`` and the developers' tests see the rest."""
    return type(exc).__name__


def _run_inline(
    items: Iterable[T],
    task: Callable[[T], R],
    initializer: Callable[..., Any] | None,
    initargs: tuple[Any, ...],
    memory_mb: int | None,
) -> Iterator[tuple[T, Outcome]]:
    if initializer is not None:
        initializer(*initargs)
    for item in items:
        yield item, _run_one(task, item, memory_mb)[0]


# ----------------------------------------------------------------------------- worker side


@dataclass(frozen=True, slots=True)
class _Stop:
    """Asks a worker to finish."""


@dataclass(frozen=True, slots=True)
class _InitFailed:
    detail: str


def _worker_main(
    conn: Connection,
    task: Callable[[Any], Any],
    initializer: Callable[..., Any] | None,
    initargs: tuple[Any, ...],
    memory_mb: int | None,
    parent: int,
    lang: Lang | None,
) -> None:
    """Loop: receive an item, run the task, send the outcome; exit if the parent is gone
    (``parent``: the pid to watch; 0 when the pipe closing is the only sign). ``lang``: the
    parent's language, which a spawned worker does not inherit."""
    _quiet_worker()
    use_lang(lang)
    try:
        if initializer is not None:
            initializer(*initargs)
    except BaseException as exc:
        detail = exc.render() if isinstance(exc, ParIndexError) else failure_name(exc)
        conn.send(_InitFailed(detail))
        return
    _limit_memory(memory_mb)
    while True:
        while not conn.poll(1.0):
            if parent and os.getppid() != parent:
                return
        try:
            item = conn.recv()
        except (EOFError, OSError):
            return
        if isinstance(item, _Stop):
            return
        outcome, retire = _run_one(task, item, memory_mb)
        _send(conn, item, outcome)
        if retire:
            return


def _send(conn: Connection, item: Any, outcome: Outcome) -> None:
    try:
        conn.send(outcome)
    except (EOFError, BrokenPipeError):
        sys.exit(0)
    except Exception as exc:  # the result cannot be pickled: report it, not the whole batch
        conn.send(Failed(ERROR.code, ERROR.format(item=label(item), detail=failure_name(exc))))


def _quiet_worker() -> None:
    """Leave Ctrl+C to the parent, print no tracebacks on a crash, write no core files."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(Exception):
        faulthandler.disable()
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, resource.getrlimit(resource.RLIMIT_CORE)[1]))
    except (ImportError, ValueError, OSError):
        pass


def _limit_memory(memory_mb: int | None) -> None:
    """Cap the address space at what the worker uses now plus ``memory_mb``. Where there are no
    rlimits (Windows) or the address space in use is unknown (no /proc: macOS, whose processes
    map gigabytes they never use), there is no cap: the time bound still stops a runaway file,
    and a worker the system kills costs only its item."""
    try:
        import resource
    except ImportError:
        return
    in_use = _address_space()
    if not memory_mb or in_use is None:
        return
    limit = in_use + memory_mb * MIB
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _address_space() -> int | None:
    """The bytes of address space this process maps (Linux's /proc), else None."""
    try:
        with open(_STATM, "rb") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return None


# ----------------------------------------------------------------------------- parent side


_NOTHING = object()


@dataclass(frozen=True)
class _Worker:
    """A started worker process and the parent's end of its pipe."""

    process: BaseProcess
    conn: Connection


@dataclass
class _Slot:
    """One worker place in the pool; the worker is started on demand and replaced if lost.

    ``queue`` holds the items sent to the worker, oldest first: the worker runs them in that
    order, so the head is the one it is on, and ``deadline`` is the head's."""

    worker: _Worker | None = None
    queue: deque[Any] = field(default_factory=deque)
    deadline: float = 0.0

    @property
    def busy(self) -> bool:
        return bool(self.queue)

    @property
    def running(self) -> _Worker:
        """The worker of a busy slot."""
        # Items are queued only on a started worker, and whoever discards a worker with items
        # queued empties the queue (``_Pool._collect``, ``_Pool.close``).
        assert self.worker is not None
        return self.worker


class _Pool:
    """Persistent workers, up to ``in_flight`` items queued in each, one pipe per worker.

    When a worker dies or overruns, the item it was on fails; the items queued behind it were
    never started, so they go to a fresh worker instead."""

    def __init__(
        self,
        task: Callable[[Any], Any],
        workers: int,
        options: tuple[float, int | None, int],
        initializer: Callable[..., Any] | None,
        initargs: tuple[Any, ...],
        start_method: str | None = None,
    ) -> None:
        method = processes.start_method(start_method)
        self.context = multiprocessing.get_context(method)
        self.watch_parent = method != "forkserver"  # a forkserver's child has another parent
        if not self.watch_parent:
            module = getattr(task, "func", task).__module__
            self.context.set_forkserver_preload([module])  # imported once, before each fork
        self.task = task
        self.timeout_s, self.memory_mb, self.in_flight = options
        self.initializer, self.initargs = initializer, initargs
        self.slots = [_Slot() for _ in range(workers)]
        self.retry: deque[Any] = deque()

    def run(self, items: Iterator[Any]) -> Iterator[tuple[Any, Outcome]]:
        while True:
            for slot in self.slots:
                yield from self._fill(slot, items)
            busy = [slot for slot in self.slots if slot.busy]
            if not busy:
                return
            yield from self._collect(busy)

    def _fill(self, slot: _Slot, items: Iterator[Any]) -> Iterator[tuple[Any, Outcome]]:
        """Send the slot items until it holds ``in_flight``; yield the items that cannot go."""
        while len(slot.queue) < self.in_flight:
            item = self.retry.popleft() if self.retry else next(items, _NOTHING)
            if item is _NOTHING:
                return
            failed = self._feed(slot, item)
            if failed is _NOTHING:  # the worker died with items queued: _collect will see it
                self.retry.appendleft(item)
                return
            if failed is not None:
                yield item, failed

    def _feed(self, slot: _Slot, item: Any) -> Any:
        """Send one item: None when sent, a Failed outcome, or _NOTHING to try again later."""
        for _ in range(2):  # a worker found dead while idle is replaced once
            worker = slot.worker
            if worker is None or not worker.process.is_alive():
                if slot.queue:
                    return _NOTHING
                worker = self._start(slot)
            try:
                worker.conn.send(item)
            except (BrokenPipeError, EOFError, ConnectionResetError):
                if slot.queue:
                    return _NOTHING
                self._discard(slot)
                continue
            except Exception as exc:  # the item cannot be pickled
                return Failed(ERROR.code, ERROR.format(item=label(item), detail=failure_name(exc)))
            if not slot.queue:
                slot.deadline = time.monotonic() + self.timeout_s
            slot.queue.append(item)
            return None
        return self._crash_outcome(item, None)

    def _collect(self, busy: list[_Slot]) -> Iterator[tuple[Any, Outcome]]:
        """Wait for the first result, death or deadline among busy workers; yield what ended."""
        delay = max(0.0, min(slot.deadline for slot in busy) - time.monotonic())
        workers = [slot.running for slot in busy]
        handles: list[Connection | int] = [worker.conn for worker in workers]
        handles += [worker.process.sentinel for worker in workers]
        ready = set(wait(handles, delay))
        now = time.monotonic()
        for slot, worker in zip(busy, workers, strict=True):
            head = slot.queue[0]
            if worker.conn in ready or worker.process.sentinel in ready:
                outcome = self._receive(slot)
            elif now >= slot.deadline:
                self._discard(slot)
                message = TIMEOUT.format(item=label(head), seconds=_seconds(self.timeout_s))
                outcome = Failed(TIMEOUT.code, message)
            else:
                continue
            slot.queue.popleft()
            if slot.worker is None:  # the worker is gone: what it had queued starts afresh
                self.retry.extend(slot.queue)
                slot.queue.clear()
            slot.deadline = time.monotonic() + self.timeout_s
            yield head, outcome

    def _receive(self, slot: _Slot) -> Outcome:
        worker = slot.running
        try:
            if worker.conn.poll():
                message = worker.conn.recv()
                if isinstance(message, _InitFailed):
                    raise BatchError(INIT_FAILED, detail=message.detail)
                if isinstance(message, Failed) and message.code == MEMORY.code:
                    self._discard(slot)  # the worker retires after a MemoryError
                return message
        except (EOFError, OSError):
            pass
        self._discard(slot)
        return self._crash_outcome(slot.queue[0], worker.process.exitcode)

    def _crash_outcome(self, item: Any, exitcode: int | None) -> Failed:
        return Failed(CRASHED.code, CRASHED.format(item=label(item), reason=_reason(exitcode)))

    def _start(self, slot: _Slot) -> _Worker:
        self._discard(slot)
        parent_end, child_end = self.context.Pipe(duplex=True)
        parent = os.getpid() if self.watch_parent else 0
        lang = chosen_lang()  # a spawned worker would start in the default language
        args = (child_end, self.task, self.initializer, self.initargs, self.memory_mb, parent, lang)
        # typeshed types get_context(str) as BaseContext, which lacks every context's Process
        process = self.context.Process(  # type: ignore[attr-defined]
            target=_worker_main, args=args, daemon=True
        )
        process.start()
        child_end.close()
        slot.worker = _Worker(process, parent_end)
        return slot.worker

    def _discard(self, slot: _Slot) -> None:
        """Kill the slot's worker (if any) and forget it."""
        if slot.worker is not None:
            if slot.worker.process.is_alive():
                slot.worker.process.kill()
            slot.worker.process.join(5)
            slot.worker.conn.close()
        slot.worker = None

    def close(self) -> None:
        """Stop idle workers politely, kill busy ones (the consumer stopped early)."""
        for slot in self.slots:
            if slot.worker is not None and not slot.busy:
                with contextlib.suppress(OSError, ValueError):
                    slot.worker.conn.send(_Stop())
        deadline = time.monotonic() + 2
        for slot in self.slots:
            if slot.worker is not None and not slot.busy:
                slot.worker.process.join(max(0.0, deadline - time.monotonic()))
            self._discard(slot)
            slot.queue.clear()


def _reason(exitcode: int | None) -> str:
    if exitcode is None:
        return _EXIT.format(code="?")
    if exitcode == -getattr(signal, "SIGKILL", 9):  # Windows has no SIGKILL (nor such codes)
        return _KILLED.format()
    if exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = str(-exitcode)
        return _SIGNAL.format(name=name)
    return _EXIT.format(code=exitcode)


def _seconds(value: float) -> str:
    return f"{value:g}"
