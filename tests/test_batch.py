"""run_isolated: a task that hangs, dies, runs out of memory or raises costs only its own item;
every item gets exactly one outcome; results stream; workers are cleaned up."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from par_index import batch, i18n, processes
from par_index.batch import BatchError, Failed, Ok, run_isolated
from par_index.errors import WorkbookError
from par_index.i18n import Message
from par_index.processes import ENV

POSIX = pytest.mark.skipif(os.name != "posix", reason="signals and RLIMIT_AS are POSIX-only")
BROKEN = Message(
    "test.batch-broken",
    "{file}: tệp hỏng, hãy gửi lại.",
    "{file}: broken file, send it again.",
)
_STATE: dict[str, str] = {}


@pytest.fixture(autouse=True)
def _vietnamese(monkeypatch):
    """These tests read the Vietnamese lines, whatever language an earlier test left set."""
    monkeypatch.setenv("PAR_INDEX_LANG", "vi")
    before = i18n._lang.get()
    i18n.use_lang("vi")
    yield
    i18n._lang.set(before)


def _task(item: str) -> str:
    """Misbehave as the item says; otherwise return a small result."""
    if item == "sleep":
        time.sleep(60)
    elif item == "exit":
        os._exit(3)
    elif item == "segv":
        os.kill(os.getpid(), signal.SIGSEGV)
    elif item == "memory":
        bytearray(4 * 2**30)
    elif item == "par-error":
        raise WorkbookError(BROKEN, file="xa-05.xlsx")
    elif item == "bug":
        raise KeyError("oops")
    elif item == "unpicklable":
        return lambda: None  # type: ignore[return-value]
    return f"{item}:{os.getpid()}:{_STATE.get('set', '')}"


def _init(value: str) -> None:
    _STATE["set"] = value


def _failing_init() -> None:
    raise WorkbookError(BROKEN, file="criteria.yaml")


def _run(items, **options) -> dict[str, Ok | Failed]:
    options = {"workers": 2, "timeout_s": 5, "memory_mb": 256, **options}
    results = list(run_isolated(items, _task, **options))
    assert Counter(item for item, _ in results) == Counter(items)  # one outcome per item
    return dict(results)


@POSIX
@pytest.mark.parametrize(
    ("in_flight", "method"),
    [(1, "fork"), (2, "fork"), (2, "forkserver"), (2, "spawn")],
    ids=["1", "2", "fresh", "spawned"],
)
def test_each_misbehaving_item_costs_only_itself(in_flight, method, monkeypatch):
    monkeypatch.setenv(ENV, method)
    bad = ["sleep", "exit", "segv", "memory", "par-error", "bug", "unpicklable"]
    items = [x for pair in zip(bad, [f"ok{i}" for i in range(len(bad))], strict=True) for x in pair]
    started = time.monotonic()
    timeout_s = 2.0 if method == "fork" else 4.0  # the clock runs while a fresh worker starts
    results = _run(items, timeout_s=timeout_s, in_flight=in_flight)
    assert time.monotonic() - started < 45  # the sleeper (60 s) was stopped, not waited for
    codes = {item: out.code for item, out in results.items() if isinstance(out, Failed)}
    assert codes == {
        "sleep": "batch.timeout",
        "exit": "batch.crashed",
        "segv": "batch.crashed",
        "memory": "batch.memory",
        "par-error": "batch.error",
        "bug": "batch.error",
        "unpicklable": "batch.error",
    }
    assert all(results[f"ok{i}"].value.startswith(f"ok{i}:") for i in range(len(bad)))
    assert "SIGSEGV" in results["segv"].detail and "3" in results["exit"].detail
    assert results["par-error"].detail == "xa-05.xlsx: tệp hỏng, hãy gửi lại."
    assert results["par-error"].error_code == "test.batch-broken"
    assert results["bug"].detail.startswith("bug: ") and "KeyError" in results["bug"].detail
    assert all("\n" not in out.detail for out in results.values() if isinstance(out, Failed))


@POSIX
@pytest.mark.parametrize("in_flight", [1, 2])
def test_many_items_with_crashes_all_get_one_outcome(in_flight):
    items = [("exit" if i % 7 == 3 else f"n{i}") for i in range(120)]
    results = list(run_isolated(items, _task, workers=2, timeout_s=5, in_flight=in_flight))
    assert len(results) == len(items)
    failed = [item for item, out in results if isinstance(out, Failed)]
    assert failed == ["exit"] * items.count("exit")
    assert {item for item, out in results if isinstance(out, Ok)} == set(items) - {"exit"}


def test_workers_are_persistent_not_one_per_item(start_method):
    results = _run([f"n{i}" for i in range(40)], workers=2)
    pids = {out.value.split(":")[1] for out in results.values()}
    assert 1 <= len(pids) <= 2 and str(os.getpid()) not in pids


@pytest.mark.parametrize("in_flight", [1, 2])
def test_results_stream_while_items_are_still_being_read(in_flight):
    consumed = []

    def items():
        for i in range(50):
            consumed.append(i)
            yield f"n{i}"

    stream = run_isolated(items(), _task, workers=2, in_flight=in_flight)
    next(stream)
    assert len(consumed) <= 2 * in_flight  # only the items in flight have been taken
    assert len(list(stream)) == 49


@POSIX
@pytest.mark.parametrize("bad", ["sleep", "exit", "memory"])
def test_items_queued_behind_a_lost_worker_run_in_a_fresh_one(bad):
    results = _run([bad, "a", "b"], workers=1, timeout_s=1.5, in_flight=2)
    assert isinstance(results[bad], Failed)
    assert isinstance(results["a"], Ok) and isinstance(results["b"], Ok)
    assert results["a"].value.split(":")[1] == results["b"].value.split(":")[1]


def test_a_queued_item_gets_its_own_deadline():
    """Each item takes 1.5 s against a 2.6 s bound: the second must not inherit the first's
    clock (it would end at 3 s). 1.1 s of slack per item keeps a loaded machine from failing."""
    items = ["nap", "nap2"]
    results = dict(run_isolated(items, _napping, workers=1, timeout_s=2.6, in_flight=2))
    assert results == {"nap": Ok("nap"), "nap2": Ok("nap2")}


def _napping(item: str) -> str:
    time.sleep(1.5)
    return item


@POSIX
def test_initializer_runs_in_every_worker_including_replacements(start_method):
    results = _run(["exit", "a", "exit", "b", "c"], initializer=_init, initargs=("ready",))
    assert all(out.value.endswith(":ready") for out in results.values() if isinstance(out, Ok))


def test_a_failing_initializer_stops_the_batch(start_method):
    with pytest.raises(BatchError) as caught:
        list(run_isolated(["a", "b"], _task, workers=2, initializer=_failing_init))
    assert caught.value.code == "batch.init-failed"
    assert "criteria.yaml: tệp hỏng" in caught.value.render()


def test_stopping_early_leaves_no_worker_behind(start_method):
    stream = run_isolated(["sleep", *(f"n{i}" for i in range(10))], _task, workers=2)
    for _item, outcome in stream:
        assert isinstance(outcome, Ok)
        break
    stream.close()
    assert multiprocessing.active_children() == []


def test_one_worker_and_more_workers_than_items():
    assert set(_run(["a", "b", "c"], workers=1)) == {"a", "b", "c"}
    assert set(_run(["a"], workers=8)) == {"a"}
    assert _run([], workers=2) == {}


def test_in_process_mode_for_debugging():
    results = _run(["a", "par-error", "bug"], workers=0, initializer=_init, initargs=("inline",))
    assert results["a"] == Ok(f"a:{os.getpid()}:inline")
    assert results["par-error"].code == "batch.error"
    assert results["bug"].code == "batch.error"


def test_path_items_are_named_safely_in_messages(tmp_path):
    item = Path(tmp_path / "xa\nmoi.xlsx")
    results = dict(run_isolated([item], _raise_keyerror, workers=1))
    assert results[item].detail.startswith(f"{tmp_path}/xa\\x0amoi.xlsx: ")


def _raise_keyerror(item: object) -> None:
    raise KeyError(item)


def test_outcomes_pickle_and_compare():
    for outcome in (Ok({"x": 1}), Failed("batch.timeout", "a: b", "")):
        assert pickle.loads(pickle.dumps(outcome)) == outcome


def test_a_worker_speaks_the_language_of_its_parent(start_method):
    """A spawned worker starts in the default language (PAR_INDEX_LANG is vi here): the
    parent's --lang must reach it."""
    i18n.use_lang("en")
    (outcome,) = _run(["par-error"], workers=1).values()
    assert outcome.detail == "xa-05.xlsx: broken file, send it again."


# -- the portable fallbacks, each forced on Linux -------------------------------------------------
LINUX = pytest.mark.skipif(not Path("/proc/self/limits").is_file(), reason="reads /proc/self")


@LINUX
@pytest.mark.parametrize("missing", [None, "rlimits", "proc"])
def test_the_memory_cap_and_where_it_cannot_be_set(monkeypatch, missing):
    """Without rlimits (Windows) or /proc (macOS) a worker runs uncapped, as its parent."""
    monkeypatch.setenv(ENV, "fork")  # the patches below reach the worker by inheritance
    if missing == "rlimits":
        monkeypatch.setitem(sys.modules, "resource", None)  # import resource fails
    if missing == "proc":
        monkeypatch.setattr(batch, "_STATM", "/nonexistent/statm")
    results = _run_task(["x"], _address_space_limit, workers=1, memory_mb=256)
    capped = results["x"].value
    if missing is None:
        assert capped != "unlimited" and int(capped) < 64 * 2**30
    else:
        assert capped == _address_space_limit("x")


def _address_space_limit(_item: str) -> str:
    """This process's soft RLIMIT_AS, as /proc/self/limits shows it."""
    for line in Path("/proc/self/limits").read_text().splitlines():
        if line.startswith("Max address space"):
            return line.split()[3]
    raise AssertionError("no address-space line")


def _run_task(items, task, **options) -> dict:
    return dict(run_isolated(items, task, **{"timeout_s": 20, **options}))


def test_a_lost_worker_is_named_where_signals_do_not_exist(monkeypatch):
    monkeypatch.delattr(signal, "SIGKILL")  # Windows
    assert batch._reason(-9) == batch._KILLED.format()
    assert batch._reason(3) == batch._EXIT.format(code=3)
    assert batch._reason(-11) == batch._SIGNAL.format(name="SIGSEGV")


def test_a_platform_without_forkserver_spawns(monkeypatch):
    """Windows has only spawn: a pool that prefers a forkserver, or is told to use one, spawns."""
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    assert processes.start_method("forkserver") == "spawn"
    monkeypatch.setenv(ENV, "forkserver")
    assert processes.start_method() == "spawn"
    results = _run(["a", "b"], workers=2, start_method="forkserver")
    assert all(isinstance(out, Ok) for out in results.values())
