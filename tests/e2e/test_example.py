"""The example district end to end: `par-index run` on a copy gives the expected results."""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from par_index.check.finding import KINDS, Report
from par_index.cli.app import app
from par_index.results import Results
from tests.helpers.example import EXAMPLE, copy_example


def _generator():
    spec = importlib.util.spec_from_file_location("make_example", EXAMPLE / "make_example.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _copy(target: Path) -> Path:
    return copy_example(target)


def _read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


@pytest.fixture(scope="module")
def ran(tmp_path_factory) -> Path:
    """A copy of the example after `par-index run` (workers=0 keeps the test light)."""
    root = _copy(tmp_path_factory.mktemp("example") / "quang-dien-2021")
    result = CliRunner().invoke(app, ["run", str(root), "--workers", "1"])
    assert result.exit_code == 1, result.output  # the example's planted errors block publication
    return root


def test_run_writes_every_output(ran: Path):
    out = ran / "outputs"
    for name in ("report.html", "report.xlsx", "results.json", "results.xlsx", "check.json"):
        assert (out / name).stat().st_size > 0, name
    pages = sorted(p.name for p in (out / "feedback").glob("*.html"))
    assert len(pages) == 11
    assert not list(out.glob(".*")), "a temporary file was left behind"


def test_ranking_and_findings_are_the_expected_ones(ran: Path):
    generator = _generator()
    results = Results.model_validate_json((ran / "outputs" / "results.json").read_bytes())
    report = Report.model_validate_json((ran / "outputs" / "check.json").read_bytes())
    assert generator.ranking_rows(results) == _read_csv(EXAMPLE / "expected" / "ranking.csv")
    assert generator.finding_rows(report) == _read_csv(EXAMPLE / "expected" / "findings.csv")


def test_every_planted_weakness_is_found(ran: Path):
    report = Report.model_validate_json((ran / "outputs" / "check.json").read_bytes())
    found = {(f.unit, f.code) for f in report.findings}
    scenario = _generator().load_yaml(EXAMPLE / "scenario.yaml").data
    for code, spec in scenario["units"].items():
        sent = (spec.get("evidence_files") or {}).get("files", [])
        for plant in [*spec.get("plant", []), *sent]:
            if "expect" in plant:
                assert (code, plant["expect"]) in found, (code, plant["expect"])


def test_unit_pages_name_each_finding_in_vietnamese_with_its_code(ran: Path):
    """Leaders read the finding's Vietnamese name, the code beside it, on screen and in print
    (one line a kind there, its count the number of findings of that kind)."""
    from tests.report.dom import parse

    report = Report.model_validate_json((ran / "outputs" / "check.json").read_bytes())
    dom = parse((ran / "outputs" / "report.html").read_text(encoding="utf-8"))
    listed = 0
    for page in dom.find_all("article", cls="unit-page"):
        found = report.for_unit(page.attrs["data-unit"])
        if not found:
            continue
        shown = [row[1] for row in page.find("table", cls="findings").rows()]
        assert sorted(shown) == sorted(f"{KINDS[f.code].title.vi} {f.code}" for f in found)
        brief = page.find("table", cls="findings-brief").rows()
        assert sorted((row[1], int(row[2])) for row in brief) == sorted(
            (name, shown.count(name)) for name in set(shown)
        )
        listed += len(found)
    assert listed == len([f for f in report.findings if f.unit]) > 20


def test_a_second_run_gives_the_same_results(ran: Path):
    first = json.loads((ran / "outputs" / "results.json").read_text(encoding="utf-8"))
    result = CliRunner().invoke(app, ["run", str(ran), "--workers", "2", "--no-feedback"])
    assert result.exit_code == 1, result.output  # the example plants errors
    second = json.loads((ran / "outputs" / "results.json").read_text(encoding="utf-8"))
    first.pop("generated_at")
    second.pop("generated_at")
    assert first == second


def test_inputs_are_never_modified(ran: Path):
    sent = ran / "submissions"
    for path in sorted(p for p in sent.rglob("*") if p.is_file()):  # evidence folders too
        original = EXAMPLE / "submissions" / path.relative_to(sent)
        assert _sha(path) == _sha(original), path.name


def test_the_generator_reproduces_the_committed_example(tmp_path: Path):
    """Fails when the template format changed and the example was not regenerated."""
    root = tmp_path / "quang-dien-2021"
    root.mkdir()
    (root / "plan").mkdir()
    for name in ("par-index.yaml", "units.csv", "scenario.yaml", "plan/nhiem-vu.csv",
                 "plan/kiem-tra.csv"):  # fmt: skip
        shutil.copy2(EXAMPLE / name, root / name)
    _generator().main(root)
    for folder in ("submissions", "appraisal", "survey", "previous", "plan"):
        made = _tree(root / folder)
        committed = _tree(EXAMPLE / folder)
        assert made == committed, f"run make_example.py: {folder}/ is out of date"


def _tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (evidence folders included) by relative path -> SHA-256."""
    return {str(p.relative_to(folder)): _sha(p) for p in folder.rglob("*") if p.is_file()}


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
