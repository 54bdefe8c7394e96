"""The language is per process in real runs; tests share one, so each starts from Vietnamese."""

from __future__ import annotations

import pytest

from par_index.i18n import use_lang


@pytest.fixture(autouse=True)
def _vietnamese(monkeypatch):
    monkeypatch.setenv("PAR_INDEX_LANG", "vi")
    use_lang(None)
    yield
    use_lang(None)
