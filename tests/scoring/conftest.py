"""Fixtures of the scoring tests (the district's data is built in district.py)."""

from __future__ import annotations

import pytest

from par_index.criteria.model import CriteriaSet
from tests.scoring.district import load_district


@pytest.fixture(scope="session")
def district_set() -> CriteriaSet:
    """The synthetic test district's criteria set (tests/scoring/district.yaml)."""
    return load_district()


@pytest.fixture(autouse=True)
def vietnamese(monkeypatch):
    """Messages in Vietnamese whatever an earlier test left behind; nothing leaks out."""
    from par_index.i18n import use_lang

    monkeypatch.setenv("PAR_INDEX_LANG", "vi")
    use_lang("vi")
    yield
    use_lang(None)
