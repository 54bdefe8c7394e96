"""The library's one path: each workbook read once, the worker pool and the in-process path
giving the same checks and results, every stage reported, the criteria cache; and the
benchmark script runs (a smoke test: no timing asserted)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from par_index.assess import check, score
from par_index.check.engine import cross_check
from par_index.pipeline import STAGES, load_inputs, run
from par_index.pipeline.read import ReadJob, read_one
from par_index.workbook.reader import read_submission
from par_index.workspace import load_workspace
from tests.helpers.district_run import UNITS, good_workspace
from tests.helpers.workbooks import good_rows, make_filled

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "benchmarks" / "pipeline.py"
DUMP = {"exclude": {"generated_at"}, "mode": "json"}
LIBRARY = {"exclude": {"generated_at": True, "units": {"__all__": {"scored_version"}}}}
"""The library is handed workbooks, not files: the received log's versions are the pipeline's."""


@pytest.fixture(scope="module")
def country(tmp_path_factory) -> Path:
    """8 synthetic communes of the benchmark's generator (one truncated workbook, a lock file
    beside unit 1's), made in this process."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from generate import make_country
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    root = tmp_path_factory.mktemp("country")
    make_country(root, 8, workers=1)
    return root


def test_generated_country_is_what_it_claims(country):
    files = sorted(p.name for p in (country / "submissions").iterdir())
    assert len(files) == 9  # 8 units and an Excel lock file
    assert sum(name.startswith("~$") for name in files) == 1


def test_workers_and_this_process_give_the_same_run(country, start_method):
    ws = load_workspace(country)
    pooled = run(ws, ("check", "score"), lang="vi", workers=2)
    inline = run(ws, ("check", "score"), lang="vi", workers=0)
    assert pooled.report == inline.report
    assert pooled.results.model_dump(**DUMP) == inline.results.model_dump(**DUMP)


def test_library_check_and_score_equal_the_pipeline(country):
    """Reading the files here and calling the pure library gives what the pipeline gives."""
    ws = load_workspace(country)
    inputs = load_inputs(ws, "vi")
    subs, failures = [], {}
    for path in sorted((country / "submissions").iterdir()):
        try:
            subs.append(read_submission(path, inputs.cs))
        except Exception as exc:
            failures[path.name] = exc
    library = score(inputs, check(inputs, subs, failures))
    pipeline = run(ws, ("check", "score"), lang="vi", workers=2).results
    assert library.model_dump(**LIBRARY, mode="json") == pipeline.model_dump(**LIBRARY, mode="json")


def test_broken_file_costs_its_unit_one_finding_and_the_rest_is_scored(country):
    outcome = run(load_workspace(country), ("check", "score"), lang="vi", workers=2)
    report, results = outcome.report, outcome.results
    unreadable = {f.file: f.unit for f in report.findings if f.code == "unreadable-file"}
    assert len(unreadable) == 1  # the truncated workbook
    assert set(outcome.unreadable) == set(unreadable)
    (ignored,) = [f for f in report.findings if f.code == "ignored-file"]
    assert ignored.file.startswith("~$") and ignored.unit is None  # the lock file: no one's
    broken = [u for u in results.units if not u.submitted]
    assert len(broken) == 1 and broken[0].unit.code in unreadable.values()
    assert sum(u.submitted for u in results.units) == 7
    assert broken[0].finding_codes.get("unreadable-file") == 1


def test_findings_across_units_reach_the_results(tmp_path, mini_set):
    """Two units citing the same evidence text get "evidence-copied", a finding only the parent
    sees (the copier also "evidence-other-unit"); each unit's result counts them."""
    root = good_workspace(tmp_path / "ws", mini_set)
    copier = UNITS[1]
    rows = good_rows(mini_set, "xa", issuer=f"UBND {UNITS[0].name}")  # the first unit's texts
    make_filled(root, mini_set, copier, rows)
    outcome = run(load_workspace(root), ("check", "score"), lang="vi", workers=0)
    for unit, codes in zip(UNITS[:2], ({"evidence-copied"}, ALSO_OTHER_UNIT), strict=True):
        own = [f for f in outcome.report.findings if f.unit == unit.code]
        assert {f.code for f in own} == codes, own
        result = next(u for u in outcome.results.units if u.unit.code == unit.code)
        assert sum(result.findings.values()) == len(own)
        assert result.finding_codes == dict(Counter(f.code for f in own))


ALSO_OTHER_UNIT = {"evidence-copied", "evidence-other-unit"}
"""The copier's texts still name the first unit as their issuer."""


def test_run_reports_each_stage_once_in_order(country):
    seen: list[str] = []
    steps: list[str] = []
    run(load_workspace(country), lang="vi", workers=1, progress=steps.append, stage=seen.append)
    assert seen == list(STAGES)
    assert steps == ["check", "feedback", "score", "report"]


def test_compacted_checks_equal_the_originals_and_share_their_cells(country):
    ws = load_workspace(country)
    inputs = load_inputs(ws, "vi")
    job = ReadJob(country / "submissions", inputs)
    names = sorted(p.name for p in job.folder.iterdir() if not p.name.startswith("~$"))
    checks = [read_one(job, name).check for name in names]
    pool: dict = {}
    compacted = [read_one(job, name).check.compact(pool) for name in names]
    assert compacted == checks
    readable = [c for c in compacted if c.readable]
    first, second = (c.digest.texts for c in readable[:2])
    code = next(code for code in first if code in second and first[code].cell is not None)
    assert first[code].cell is second[code].cell  # one CellRef for the same cell of two files
    assert first[code].model_fields_set is second[code].model_fields_set
    units, ctx = list(inputs.units), inputs.context
    assert cross_check(inputs.cs, compacted, units, ctx) == cross_check(
        inputs.cs, checks, units, ctx
    )


def test_compacted_results_equal_the_originals(country):
    inputs = load_inputs(load_workspace(country), "vi")
    job = ReadJob(country / "submissions", inputs)
    names = sorted(p.name for p in job.folder.iterdir() if not p.name.startswith("~$"))
    results = [r for r in (read_one(job, n).result for n in names) if r is not None]
    pool: dict = {}
    compacted = [r.model_copy(deep=True).compact(pool) for r in results]
    assert compacted == results
    a, b = compacted[0].criteria[0], compacted[1].criteria[0]
    assert a.code is b.code and a.model_fields_set is b.model_fields_set


def test_the_benchmark_script_runs(tmp_path):
    root, figures = tmp_path / "c", tmp_path / "figures.json"
    command = [sys.executable, str(BENCH), "--units", "3", "--workers", "1", "--keep", str(root)]
    command += ["--baselines", "calamine", "--json", str(figures)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    for name in ("templates", *STAGES, "baseline calamine"):
        assert name in done.stdout, name
    data = json.loads(figures.read_text())
    assert data["units"] == 3
    assert all(s["peak_mib"] > 0 for s in data["stages"])
