"""Feedback per unit: the HTML page (grid order, cell to fix, what to do, escaped text) and the
annotated copy of the workbook (comments and highlights at the right cells; original untouched)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import pytest

from par_index.check.context import CheckContext
from par_index.check.feedback import FILLS, feedback_page, write_feedback
from par_index.check.finding import Severity
from par_index.i18n import Lang
from par_index.processes import ENV
from par_index.workbook.layout import SHEET_GRID
from par_index.workbook.reader import read_submission
from tests.check.builders import check
from tests.check.workspaces import cell_of, run_check, write_workspace
from tests.conftest import require_tool
from tests.helpers.workbooks import good_rows, make_filled, make_unit

QAN = make_unit()
QCO = make_unit("QD-QCO", "Xã Quảng Công <b>&</b>")


class Rows(HTMLParser):
    """The findings table of a feedback page: one dict of cells per row."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict[str, str]] = []
        self.cells: list[str] = []
        self.text = ""
        self.inside = False

    def handle_starttag(self, tag, attrs):
        if tag == "tr" and dict(attrs).get("data-code"):
            self.rows.append(dict(attrs))
            self.cells = []
        if tag == "td":
            self.inside, self.text = True, ""

    def handle_endtag(self, tag):
        if tag == "td" and self.rows:
            self.inside = False
            self.rows[-1][f"td{len(self.cells)}"] = self.text.strip()
            self.cells.append(self.text)

    def handle_data(self, data):
        if self.inside:
            self.text += data


def parse(html: str) -> list[dict[str, str]]:
    parser = Rows()
    parser.feed(html)
    return parser.rows


def _weak_workspace(tmp_path: Path, cs) -> tuple[Path, Path]:
    write_workspace(tmp_path, [QAN, QCO])
    rows = good_rows(cs, "xa", issuer="UBND xã Quảng An")
    rows["1.1"]["score"] = 1.5
    rows["1.3"]["figures"]["on_time"] = 960
    rows["1.2"]["explanation"] = None
    weak = make_filled(tmp_path, cs, QAN, rows)
    clean = make_filled(tmp_path, cs, QCO, good_rows(cs, "xa", issuer="UBND xã Quảng Công"))
    return weak, clean


def test_feedback_pages_and_copies(tmp_path, mini_set):
    weak, clean = _weak_workspace(tmp_path, mini_set)
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (weak, clean)}
    run = run_check(tmp_path)
    out = tmp_path / "outputs" / "feedback"
    written = write_feedback(run.report, units(run), out, run.sources, period="2024", lang="vi")
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (weak, clean)}
    assert before == after
    by_unit = {w.unit: w for w in written}
    assert set(by_unit) == {QAN.code, QCO.code}
    assert by_unit[QCO.code].workbooks == ()  # nothing to annotate for a clean unit

    expected = [
        ("score-above-max", "1.1", cell_of(weak, "1.1")),
        ("explanation-missing", "1.2", cell_of(weak, "1.2", "explanation")),
        ("score-unsupported", "1.3", cell_of(weak, "1.3")),
    ]
    assert [(f.code, f.criterion, f.cell) for f in run.report.findings] == expected
    rows = parse(by_unit[QAN.code].page.read_text(encoding="utf-8"))
    assert [(r["data-code"], r["td1"], r["data-cell"]) for r in rows] == [
        (code, criterion, f"{SHEET_GRID}!{cell}") for code, criterion, cell in expected
    ]
    assert rows[0]["td5"].startswith("Sửa ô " + expected[0][2])

    (copy,) = by_unit[QAN.code].workbooks
    assert copy.parent == out and copy != weak
    sheet = openpyxl.load_workbook(copy)[SHEET_GRID]
    for code, _, cell in expected:
        assert sheet[cell].comment is not None
        assert sheet[cell].fill.fgColor.rgb.endswith(
            FILLS[Severity.ERROR if code != "explanation-missing" else Severity.WARNING]
        )
    assert "1,5" in sheet[expected[0][2]].comment.text
    assert sheet[expected[0][2]].value == 1.5  # the unit's values are kept
    flagged = {c.coordinate for row in sheet.iter_rows() for c in row if c.comment}
    assert flagged == {cell for _, _, cell in expected}


def test_clean_page_and_escaping(tmp_path, mini_set):
    _weak_workspace(tmp_path, mini_set)
    run = run_check(tmp_path)
    page = feedback_page(
        QCO, run.report.for_unit(QCO.code), period="2024", files=["a.xlsx"], lang=Lang.VI
    )
    assert "Không phát hiện vấn đề nào" in page
    assert "<b>&</b>" not in page and "&lt;b&gt;&amp;&lt;/b&gt;" in page
    assert parse(page) == []


def test_feedback_in_english(tmp_path, mini_set):
    weak, _ = _weak_workspace(tmp_path, mini_set)
    from par_index.pipeline import run as run_steps
    from par_index.workspace import load_workspace

    run = run_steps(load_workspace(tmp_path), ("check",), lang="en")
    page = feedback_page(
        QAN, run.report.for_unit(QAN.code), period="2024", files=[weak.name], lang="en"
    )
    assert "Self-assessment feedback" in page and "What to do" in page
    assert re.search(r"the self-score 1.50 in cell H\d+ is above the maximum 1.00", page)


def _same_findings(copy: Path, weak: Path, cs) -> None:
    """The copy is still the unit's workbook: read and checked, it finds what the original did."""
    ctx = CheckContext(period="2024", deadline=dt.date(2024, 12, 15))
    original = check(cs, [read_submission(weak, cs)], [QAN], ctx)
    again = read_submission(copy, cs, display_name=weak.name)
    annotated = check(cs, [again], [QAN], ctx)
    assert [(f.code, f.cell) for f in annotated.findings] == [
        (f.code, f.cell) for f in original.findings
    ]


def test_annotated_copy_reads_back_as_the_same_workbook(tmp_path, mini_set):
    weak, _ = _weak_workspace(tmp_path, mini_set)
    run = run_check(tmp_path)
    out = tmp_path / "outputs" / "feedback"
    (feedback, _) = write_feedback(run.report, units(run), out, run.sources, period="2024")
    _same_findings(feedback.workbooks[0], weak, mini_set)


@pytest.mark.libreoffice
def test_annotated_copy_survives_libreoffice(tmp_path, mini_set):
    soffice = require_tool("soffice", "libreoffice")
    weak, _ = _weak_workspace(tmp_path, mini_set)
    run = run_check(tmp_path)
    out = tmp_path / "outputs" / "feedback"
    (feedback, _) = write_feedback(run.report, units(run), out, run.sources, period="2024")
    copy = feedback.workbooks[0]
    profile = tmp_path / "profile"
    command = [
        soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
        "--convert-to", "xlsx", "--outdir", str(tmp_path / "lo"), str(copy),
    ]  # fmt: skip
    subprocess.run(command, capture_output=True, timeout=240, check=False)
    converted = tmp_path / "lo" / copy.name
    assert converted.is_file()
    sheet = openpyxl.load_workbook(converted)[SHEET_GRID]
    assert {c.coordinate for row in sheet.iter_rows() for c in row if c.comment} == {
        f.cell for f in run.report.for_unit(QAN.code)
    }
    _same_findings(converted, weak, mini_set)


@pytest.mark.parametrize(
    ("fresh", "forced"),
    [(False, None), (True, None), (False, "spawn")],
    ids=["forked", "forkserver", "spawned"],
)
def test_copies_in_workers_or_not_at_all(tmp_path, mini_set, monkeypatch, fresh, forced):
    monkeypatch.setattr("par_index.check.feedback.FEEDBACK_FORKSERVER_FROM", 1 if fresh else 10**6)
    if forced:
        monkeypatch.setenv(ENV, forced)
    weak, _ = _weak_workspace(tmp_path, mini_set)
    run = run_check(tmp_path)
    args = (run.report, units(run), tmp_path / "par", run.sources)
    parallel = write_feedback(*args, period="2024", workers=2)
    assert [len(u.workbooks) for u in parallel] == [1, 0]
    assert parallel[0].problems == ()
    _same_findings(parallel[0].workbooks[0], weak, mini_set)
    pages_only = write_feedback(
        run.report,
        units(run),
        tmp_path / "pages",
        run.sources,
        period="2024",
        copies=False,
    )
    assert [u.workbooks for u in pages_only] == [(), ()]
    assert sorted(p.name for p in (tmp_path / "pages").iterdir()) == [
        f"{QAN.code}_phan-hoi.html",
        f"{QCO.code}_phan-hoi.html",
    ]


def test_a_copy_that_cannot_be_made_is_reported(tmp_path, mini_set):
    _weak_workspace(tmp_path, mini_set)
    run = run_check(tmp_path)
    sources = {name: tmp_path / "gone.xlsx" for name in run.sources}
    (unit, _) = write_feedback(run.report, units(run), tmp_path / "fb", sources, period="2024")
    assert unit.workbooks == () and len(unit.problems) == 1
    assert unit.page.is_file()


def units(run) -> list:
    return list(run.inputs.units)
