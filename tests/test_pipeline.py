"""The pipeline reads each workbook once and gives what checking, then reading again and scoring
gave; the benchmark script runs (a smoke test: no timing asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from par_index.check.engine import cross_check
from par_index.check.runner import check_workspace
from par_index.pipeline import (
    STAGES,
    _read_one,
    check_and_score,
    compact_check,
    rank_run,
    run_workspace,
)
from par_index.scoring import read_submissions, score_workspace
from par_index.workspace import load_workspace
from tests.helpers.district_run import UNITS, good_workspace
from tests.helpers.workbooks import good_rows, make_filled

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "benchmarks" / "pipeline.py"


@pytest.fixture(scope="module")
def bench(tmp_path_factory) -> tuple[str, Path]:
    """The benchmark run on 8 synthetic communes; its output and the workspace it kept."""
    root = tmp_path_factory.mktemp("bench") / "country"
    figures = root.parent / "figures.json"
    command = [sys.executable, str(BENCH), "--units", "8", "--workers", "2", "--keep", str(root)]
    done = subprocess.run(
        [*command, "--json", str(figures)], capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    return done.stdout, root


def test_benchmark_prints_every_stage_and_baseline(bench):
    out, root = bench
    for name in ("templates", "read+check+score", "cross-check", "rank", "outputs", "feedback"):
        assert f"  {name} " in out or f"{name} " in out, name
    for name in ("calamine", "openpyxl", "pandas"):
        assert f"baseline {name}" in out
    assert "pipeline / bare calamine pass" in out
    figures = json.loads((root.parent / "figures.json").read_text())
    assert figures["units"] == 8
    stages = {s["name"]: s for s in figures["stages"]}
    assert stages["baseline calamine"]["note"].endswith("2 unreadable")  # broken file, lock file
    assert all(s["peak_mib"] > 0 for s in stages.values())


def test_generated_country_is_what_it_claims(bench):
    _, root = bench
    files = sorted(p.name for p in (root / "submissions").iterdir())
    assert len(files) == 9  # 8 units and an Excel lock file
    assert sum(name.startswith("~$") for name in files) == 1
    assert len(list((root / "templates").glob("*.xlsx"))) == 8


def test_one_read_gives_the_results_of_reading_twice(bench):
    """Scoring in the reading workers = checking, then reading again to score (as before)."""
    _, root = bench
    ws = load_workspace(root)
    run = check_workspace(ws, "vi", workers=1)
    twice = score_workspace(ws, read_submissions(run.criteria, run.report, run.sources), run.report)
    once_run, inputs, scored = check_and_score(ws, "vi", workers=2)
    once = rank_run(inputs, once_run.report, scored)
    assert once_run.report == run.report
    dump = {"exclude": {"generated_at"}, "mode": "json"}
    assert once.model_dump(**dump) == twice.model_dump(**dump)


def test_broken_file_costs_its_unit_one_finding_and_the_rest_is_scored(bench):
    _, root = bench
    ws = load_workspace(root)
    run, inputs, scored = check_and_score(ws, "vi", workers=2)
    results = rank_run(inputs, run.report, scored)
    unreadable = {f.file: f.unit for f in run.report.findings if f.code == "unreadable-file"}
    assert len(unreadable) == 1  # the truncated workbook
    (ignored,) = [f for f in run.report.findings if f.code == "ignored-file"]
    assert ignored.file.startswith("~$") and ignored.unit is None  # the lock file: no one's
    broken = [u for u in results.units if not u.submitted]
    assert len(broken) == 1 and broken[0].unit.code in unreadable.values()
    assert sum(u.submitted for u in results.units) == 7
    assert broken[0].finding_codes.get("unreadable-file") == 1


def test_findings_across_units_reach_the_results(tmp_path, mini_set):
    """Two units citing the same evidence text get "evidence-copied", a finding only the parent
    sees; each unit's result counts it."""
    root = good_workspace(tmp_path / "ws", mini_set)
    copier = UNITS[1]
    rows = good_rows(mini_set, "xa", issuer=f"UBND {UNITS[0].name}")  # the first unit's texts
    make_filled(root, mini_set, copier, rows)
    run, inputs, scored = check_and_score(load_workspace(root), "vi", workers=0)
    results = rank_run(inputs, run.report, scored)
    for unit in UNITS[:2]:
        across = [f for f in run.report.findings if f.unit == unit.code]
        assert {f.code for f in across} == {"evidence-copied"}, across
        result = next(u for u in results.units if u.unit.code == unit.code)
        assert sum(result.findings.values()) == len(across)
        assert result.finding_codes == {"evidence-copied": len(across)}


def test_run_reports_each_stage_once_in_order(bench):
    _, root = bench
    ws = load_workspace(root)
    seen: list[str] = []
    steps: list[str] = []
    run_workspace(ws, lang="vi", workers=1, progress=steps.append, stage=seen.append)
    assert seen == list(STAGES)
    assert steps == ["check", "feedback", "score", "report"]


def test_criteria_cache_gives_the_set_and_follows_the_yaml(tmp_path, monkeypatch, bench):
    from par_index.criteria import load_criteria
    from par_index.criteria.load import resolve
    from par_index.pipeline import cached_criteria

    _, root = bench
    monkeypatch.setenv("PAR_INDEX_CACHE", str(tmp_path / "cache"))
    ws = load_workspace(root)
    first = cached_criteria(ws)
    assert first == load_criteria("xa-mau")
    assert len(list((tmp_path / "cache").glob("criteria-*.json"))) == 1
    assert cached_criteria(ws) == first  # from the cache
    local = tmp_path / "ws"
    local.mkdir()
    text = resolve("xa-mau").read_text(encoding="utf-8")
    (local / "bo.yaml").write_text(text.replace('version: "2025.1"', 'version: "2025.9"'))
    (local / "par-index.yaml").write_text('period: "2024"\ncriteria: bo.yaml\n')
    changed = cached_criteria(load_workspace(local))
    assert changed.version == "2025.9"
    assert len(list((tmp_path / "cache").glob("criteria-*.json"))) == 2


def test_compacted_checks_equal_the_originals_and_share_their_cells(bench):
    _, root = bench
    ws = load_workspace(root)
    run = check_workspace(ws, "vi", workers=0)
    job = _job(ws)
    names = sorted(run.sources)
    checks = [_read_one(job, name)[0] for name in names]
    pool: dict = {}
    compacted = [compact_check(_read_one(job, name)[0], pool) for name in names]
    assert compacted == checks
    assert all(c.digest.texts for c in compacted)
    first, second = (c.digest.texts for c in compacted[:2])
    code = next(code for code in first if code in second and first[code].cell is not None)
    assert first[code].cell is second[code].cell  # one CellRef for the same cell of two files
    assert first[code].model_fields_set is second[code].model_fields_set
    units = run.units
    assert cross_check(run.criteria, compacted, units, run.context) == cross_check(
        run.criteria, checks, units, run.context
    )


def _job(ws):
    from par_index.check.runner import workspace_context, workspace_units
    from par_index.pipeline import _Job, cached_criteria
    from par_index.scoring import workspace_inputs

    cs = cached_criteria(ws)
    units = workspace_units(ws, cs)
    inputs = workspace_inputs(ws, cs=cs, units=units)
    folder = ws.path(ws.config.paths.submissions)
    ctx = workspace_context(ws, "vi")
    return _Job(folder, cs, units, ctx, inputs.appraisals, inputs.survey, inputs.staff)
