"""Loading a workspace's inputs: each file once, the criteria cache keyed by the tool's version
and the set's content, in the user's cache folder unless told otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from par_index.criteria import load_criteria
from par_index.criteria.load import resolve
from par_index.pipeline.load import cache_folder, cached_criteria
from par_index.workspace import load_workspace


def _workspace(root: Path, version: str = "2025.1") -> Path:
    root.mkdir(parents=True, exist_ok=True)
    text = resolve("xa-mau").read_text(encoding="utf-8")
    (root / "bo.yaml").write_text(text.replace('version: "2025.1"', f'version: "{version}"'))
    (root / "par-index.yaml").write_text('period: "2024"\ncriteria: bo.yaml\n')
    return root


def test_cache_gives_the_set_and_follows_the_yaml(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("PAR_INDEX_CACHE", str(cache))
    ws = load_workspace(_workspace(tmp_path / "a"))
    first = cached_criteria(ws)
    assert first == load_criteria(tmp_path / "a" / "bo.yaml")
    assert len(list(cache.glob("criteria-*.json"))) == 1
    assert cached_criteria(ws) == first  # from the cache
    changed = cached_criteria(load_workspace(_workspace(tmp_path / "b", "2025.9")))
    assert changed.version == "2025.9"
    assert len(list(cache.glob("criteria-*.json"))) == 2


def test_cache_is_keyed_by_the_tools_version(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("PAR_INDEX_CACHE", str(cache))
    ws = load_workspace(_workspace(tmp_path / "a"))
    cached_criteria(ws)
    monkeypatch.setattr("par_index.pipeline.load.__version__", "99.0")
    cached_criteria(ws)
    assert len(list(cache.glob("criteria-*.json"))) == 2


def test_an_unusable_cache_entry_is_read_again_from_the_yaml(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("PAR_INDEX_CACHE", str(cache))
    ws = load_workspace(_workspace(tmp_path / "a"))
    expected = cached_criteria(ws)
    (entry,) = cache.glob("criteria-*.json")
    entry.write_text('{"not": "a set"}')
    assert cached_criteria(ws) == expected


@pytest.mark.parametrize("value", ["off", ""])
def test_cache_can_be_switched_off(tmp_path, monkeypatch, value):
    monkeypatch.setenv("PAR_INDEX_CACHE", value)
    assert cache_folder() is None
    assert cached_criteria(load_workspace(_workspace(tmp_path / "a"))).id == "xa-mau"


def test_default_cache_is_the_users_cache_folder(monkeypatch):
    from platformdirs import user_cache_path

    monkeypatch.delenv("PAR_INDEX_CACHE")
    assert cache_folder() == user_cache_path("par-index", appauthor=False)


def test_tests_never_use_the_users_cache():
    folder = cache_folder()
    assert folder is not None and "pytest" in str(folder)


@pytest.mark.parametrize(("period", "fits"), [("2024", "so-mau, xa-mau"), ("năm 2030", "không")])
def test_a_period_outside_the_sets_years_is_refused_naming_the_sets_that_fit(
    tmp_path, period, fits
):
    from par_index.errors import ConfigError
    from par_index.pipeline.load import load_inputs

    root = tmp_path / "ws"
    root.mkdir()
    (root / "par-index.yaml").write_text(f'period: "{period}"\ncriteria: xa-2021\n')
    (root / "units.csv").write_text("code,name,unit_type\nA,Xã A,xa\n", encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        load_inputs(load_workspace(root))
    text = refused.value.render()
    assert "par-index.yaml" in text and "xa-2021" in text and "(2021)" in text
    assert fits in text


def test_a_period_inside_the_years_or_without_a_year_loads(tmp_path):
    from par_index.pipeline.load import load_inputs

    for period in ("2021", "đợt thử"):
        root = tmp_path / period
        root.mkdir()
        (root / "par-index.yaml").write_text(f'period: "{period}"\ncriteria: xa-2021\n')
        (root / "units.csv").write_text("code,name,unit_type\nA,Xã A,xa\n", encoding="utf-8")
        assert load_inputs(load_workspace(root), scoring=False).cs.id == "xa-2021"
