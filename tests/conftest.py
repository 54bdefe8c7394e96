"""Shared fixtures. Test data is built by code in the tests; tests/data holds small YAML only."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from par_index import processes
from par_index.criteria import load_criteria
from par_index.criteria.model import CriteriaSet
from par_index.i18n import use_lang

DATA = Path(__file__).parent / "data"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


@pytest.fixture(autouse=True)
def _no_user_cache(monkeypatch, tmp_path_factory):
    """Tests never touch the user's cache folder: the criteria cache goes to a temporary one
    (subprocesses inherit it)."""
    monkeypatch.setenv("PAR_INDEX_CACHE", str(tmp_path_factory.getbasetemp() / "cache"))


@pytest.fixture(autouse=True)
def _vietnamese_by_default(monkeypatch):
    """Every test starts in the default language, whatever an earlier test chose."""
    monkeypatch.delenv("PAR_INDEX_LANG", raising=False)
    use_lang(None)
    yield
    use_lang(None)


@pytest.fixture(params=["fork", "spawn"])
def start_method(request, monkeypatch) -> str:
    """The test runs twice: our worker processes forked (Linux's way) and spawned (the way of
    Windows and macOS: each worker imports the package afresh and is sent its task pickled)."""
    monkeypatch.setenv(processes.ENV, request.param)
    return request.param


@pytest.fixture(scope="session")
def mini_set() -> CriteriaSet:
    """A 10-point set with every rule kind (tests/data/mini.yaml)."""
    return load_criteria(DATA / "mini.yaml")


@pytest.fixture(scope="session")
def xa_set() -> CriteriaSet:
    """The shipped commune-level set."""
    return load_criteria("xa-mau")


def require_tool(*names: str) -> str:
    """Path of the first tool found; skip outside CI, fail under CI (CI must install it)."""
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    message = f"{' / '.join(names)} is not installed"
    if IN_CI:
        pytest.fail(message + " (CI must install it: see .ci/run)")
    pytest.skip(message)
