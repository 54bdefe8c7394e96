"""How worker processes start: fork on Linux, spawn elsewhere, PAR_INDEX_START_METHOD forcing a
method on every pool, and spawn where the platform lacks the method asked for."""

from __future__ import annotations

import multiprocessing
import sys

import pytest

from par_index import processes
from par_index.errors import ConfigError
from par_index.processes import ENV, start_method
from tests.helpers.district_run import good_workspace, run_main


@pytest.fixture(autouse=True)
def _nothing_forced(monkeypatch):
    monkeypatch.delenv(ENV, raising=False)


@pytest.mark.parametrize(
    ("platform", "method"), [("linux", "fork"), ("win32", "spawn"), ("darwin", "spawn")]
)
def test_linux_forks_and_the_others_spawn(monkeypatch, platform, method):
    monkeypatch.setattr(sys, "platform", platform)
    assert start_method() == method
    assert processes.forking() is (method == "fork")


def test_the_variable_forces_every_pool_whatever_it_prefers(monkeypatch):
    assert start_method("forkserver") == "forkserver"
    monkeypatch.setenv(ENV, " Spawn ")
    assert start_method() == start_method("forkserver") == "spawn"
    assert not processes.forking()
    assert processes.context("forkserver").get_start_method() == "spawn"


def test_a_method_the_platform_lacks_becomes_spawn(monkeypatch):
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    monkeypatch.setenv(ENV, "fork")
    assert start_method() == "spawn" and not processes.forking()


def test_a_wrong_value_is_named_with_what_to_set(monkeypatch, tmp_path, mini_set):
    monkeypatch.setenv(ENV, "threads")
    with pytest.raises(ConfigError) as caught:
        start_method()
    assert caught.value.code == "processes.bad-start-method"
    done = run_main("run", str(good_workspace(tmp_path / "ws", mini_set)), "--workers", "1")
    assert done.returncode == 2
    assert "PAR_INDEX_START_METHOD" in done.stderr and "“threads”" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
