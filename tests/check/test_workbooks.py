"""Every finding code raised from a real workbook built by the test helper, and clean
workbooks that raise nothing: template -> typed like an officer -> reader -> check."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

import pytest

from par_index.check.catalogue import all_codes
from par_index.criteria import load_criteria
from par_index.workbook.template import TemplateContext
from tests.check.builders import mini_with_sum_check
from tests.check.test_evidence_as_asked import EVIDENCE_AS_ASKED
from tests.check.test_evidence_files import EVIDENCE_FILE_CODES
from tests.check.workspaces import (
    MINI,
    cell_of,
    run_check,
    set_cell,
    write_previous,
    write_workspace,
)
from tests.helpers.workbooks import good_header, good_rows, make_filled, make_unit

QAN = make_unit()
QCO = make_unit("QD-QCO", "Xã Quảng Công")
SIA = make_unit("QD-SIA", "Phường Sịa", "phuong")
FIXES = ("(bản sửa)", "_v2")


@pytest.fixture(scope="module")
def mini():
    return load_criteria(MINI)


def rows_of(cs, unit=QAN):
    return good_rows(cs, unit.unit_type, issuer=f"UBND {unit.name}")


def fill(root: Path, cs, unit=QAN, rows=None, header=None, **kw) -> Path:
    rows = rows_of(cs, unit) if rows is None else rows
    return make_filled(root, cs, unit, rows, header, **kw)


def found(run) -> list[tuple]:
    for f in run.report.findings:
        assert "{" not in f.title + f.message + f.fix, f
    return [(f.code, f.unit, f.criterion, f.cell) for f in run.report.findings]


def test_clean_workbooks_raise_nothing(tmp_path, mini):
    write_workspace(tmp_path, [QAN, QCO, SIA])
    for unit in (QAN, QCO, SIA):
        fill(tmp_path, mini, unit)
    run = run_check(tmp_path)
    assert run.report.findings == []
    assert run.report.unit_files == {
        u.code: [f"{u.code}_{u.name}_2024.xlsx"] for u in (QAN, QCO, SIA)
    }


def _set(code: str, **fields):
    def change(rows):
        rows[code].update(fields)

    return change


def _figure(code: str, name: str, value):
    def change(rows):
        rows[code]["figures"][name] = value

    return change


def _cite_again(rows, code: str, cited: str) -> None:
    """Cite for ``code`` the document already cited for ``cited`` (another page of it)."""
    rows[code]["evidence"] = rows[cited]["evidence"].replace("trang 1", "trang 9")


def _full_marks(rows):
    rows["1.2"].update(answer="Đúng hạn", score=1, explanation=None)


ROW_CASES = [
    ("score-above-max", _set("1.1", score=1.5), "1.1", "1.1", "score"),
    ("score-negative", _set("2.2", score=-0.5), "2.2", "2.2", "score"),
    ("score-not-allowed", _set("1.1", score=0.5), "1.1", "1.1", "score"),
    ("score-not-a-number", _set("1.3", score="hai điểm"), "1.3", "1.3", "score"),
    ("criterion-skipped", _set("1.3", score=None), "1.3", "1.3", "score"),
    (
        "not-self-scored-but-scored",
        lambda r: r.update({"2.3": {"score": 2}}),
        "2.3",
        "2.3",
        "score",
    ),
    ("score-unsupported", _figure("1.3", "on_time", 960), "1.3", "1.3", "score"),
    ("figures-missing", _figure("1.3", "received", None), "1.3", "fig:1.3:received", ""),
    ("figure-impossible", _figure("1.3", "on_time", 1001), "1.3", "fig:1.3:on_time", ""),
    ("figure-impossible", _figure("2.1", "digitised", 120), "2.1", "fig:2.1:digitised", ""),
    ("evidence-missing", _set("1.1", evidence=None), "1.1", "1.1", "evidence"),
    (
        "evidence-incomplete",
        _set("1.1", evidence="Kế hoạch số 10/KH-UBND của UBND xã Quảng An, trang 1"),
        "1.1",
        "1.1",
        "evidence",
    ),
    (
        "evidence-outside-period",
        _set("1.1", evidence="Kế hoạch số 10/KH-UBND ngày 28/12/2023 của UBND xã, trang 1"),
        "1.1",
        "1.1",
        "evidence",
    ),
    (
        "evidence-after-submission",
        _set("1.1", evidence="Kế hoạch số 10/KH-UBND ngày 20/12/2024 của UBND xã, trang 1"),
        "1.1",
        "1.1",
        "evidence",
    ),
    ("evidence-reused", lambda r: _cite_again(r, "2.2", "1.1"), "2.2", "2.2", "evidence"),
    ("explanation-missing", _set("1.2", explanation=None), "1.2", "1.2", "explanation"),
    (
        "not-applicable-no-reason",
        _set("2.2", answer="Không áp dụng", score=None, explanation=None),
        "2.2",
        "2.2",
        "explanation",
    ),
    (
        "score-on-not-applicable",
        _set("2.2", answer="Không áp dụng", score=0.5, explanation="Không phát sinh vụ việc"),
        "2.2",
        "2.2",
        "score",
    ),
    ("all-max", _full_marks, None, "total", "score"),
    ("value-unreadable", _set("1.2", answer="Có lẽ"), "1.2", "1.2", "answer"),
]


@pytest.mark.parametrize(
    ("code", "change", "criterion", "key", "field"),
    ROW_CASES,
    ids=[f"{c[0]}-{c[2]}" for c in ROW_CASES],
)
def test_row_weakness(tmp_path, mini, code, change, criterion, key, field):
    write_workspace(tmp_path, [QAN])
    rows = rows_of(mini)
    change(rows)
    path = fill(tmp_path, mini, rows=rows)
    run = run_check(tmp_path)
    assert found(run) == [(code, QAN.code, criterion, cell_of(path, key, field))]


def test_same_area_citation_is_fine(tmp_path, mini):
    write_workspace(tmp_path, [QAN])
    rows = rows_of(mini)
    rows["1.3"]["evidence"] = rows["1.1"]["evidence"].replace("trang 1", "trang 4")
    fill(tmp_path, mini, rows=rows)
    assert run_check(tmp_path).report.findings == []


def test_parts_not_sum(tmp_path):
    criteria = mini_with_sum_check(tmp_path)
    cs = load_criteria(criteria)
    write_workspace(tmp_path / "ws", [QAN], criteria=criteria)
    rows = rows_of(cs)
    figures = rows["1.3"]["figures"]
    assert figures["received"] == figures["on_time"] + figures["late"]
    fill(tmp_path / "ws", cs, rows=rows)
    assert run_check(tmp_path / "ws").report.findings == []
    rows["1.3"]["figures"]["late"] += 7
    path = fill(tmp_path / "ws", cs, rows=rows)
    assert found(run_check(tmp_path / "ws")) == [
        ("parts-not-sum", QAN.code, "1.3", cell_of(path, "fig:1.3:received"))
    ]


def test_header_weaknesses(tmp_path, mini):
    write_workspace(tmp_path, [QAN], deadline=dt.date(2024, 12, 1))
    path = fill(tmp_path, mini)
    date = cell_of(path, "hdr:date")
    assert found(run_check(tmp_path)) == [("late-submission", QAN.code, None, date)]
    fill(tmp_path, mini, header={})
    assert found(run_check(tmp_path)) == [("submission-date-missing", QAN.code, None, date)]
    fill(tmp_path, mini, header={"date": "hôm qua"})
    assert found(run_check(tmp_path)) == [("value-unreadable", QAN.code, None, date)]


def test_cached_total_typed_over_the_formula(tmp_path, mini):
    write_workspace(tmp_path, [QAN])
    path = fill(tmp_path, mini)
    set_cell(path, "total", "score", 9.5)
    run = run_check(tmp_path)
    assert found(run) == [("cached-total-differs", QAN.code, None, cell_of(path, "total"))]
    assert run.report.findings[0].values["cached"] == "9,5"


def test_far_above_last_year(tmp_path, mini):
    write_workspace(tmp_path, [QAN, QCO], extra="check:\n  far_above_points: 3\n")
    write_previous(tmp_path, {QAN: Decimal("5"), QCO: Decimal("8")})
    path = fill(tmp_path, mini, QAN)
    fill(tmp_path, mini, QCO)
    run = run_check(tmp_path)
    assert found(run) == [("far-above-last-year", QAN.code, None, cell_of(path, "total"))]
    assert run.report.findings[0].values == {
        "self_total": "8,50",
        "previous": "5,00",
        "diff": "3,50",
        "limit": "3,00",
    }


def test_evidence_copied_between_units(tmp_path, mini):
    write_workspace(tmp_path, [QAN, QCO])
    fill(tmp_path, mini, QAN)
    copied = rows_of(mini, QCO)
    copied["1.1"]["evidence"] = rows_of(mini, QAN)["1.1"]["evidence"]
    path = fill(tmp_path, mini, QCO, rows=copied)
    cell = cell_of(path, "1.1", "evidence")
    run = run_check(tmp_path)
    assert found(run) == [
        ("evidence-copied", QAN.code, "1.1", cell),
        ("evidence-copied", QCO.code, "1.1", cell),
        ("evidence-other-unit", QCO.code, "1.1", cell),  # the copy still names Quảng An
    ]
    assert "Xã Quảng Công (QD-QCO)" in run.report.findings[0].message


def test_wrong_template_and_period(tmp_path, mini):
    write_workspace(tmp_path, [QAN, QCO, SIA])
    path = fill(tmp_path, mini, QAN)
    set_cell(path, "1.3", "max", 3)
    other = MINI.read_text(encoding="utf-8").replace('version: "1"', 'version: "0"')
    (tmp_path / "old.yaml").write_text(other, encoding="utf-8")
    fill(tmp_path, load_criteria(tmp_path / "old.yaml"), QCO)
    fill(tmp_path, mini, SIA, header=good_header("2024"), ctx=TemplateContext(period="2023"))
    run = run_check(tmp_path)
    assert [(f.code, f.unit, f.file) for f in run.report.findings] == [
        ("template-mismatch", QAN.code, path.name),
        ("template-mismatch", QCO.code, f"{QCO.code}_{QCO.name}_2024.xlsx"),
        ("wrong-period", SIA.code, f"{SIA.code}_{SIA.name}_2023.xlsx"),
    ]
    assert "1.3" in run.report.findings[0].message
    assert run.sources.keys() == {f"{SIA.code}_{SIA.name}_2023.xlsx"}


def test_wrong_unit(tmp_path, mini):
    stranger = make_unit("QD-XXX", "Xã Lạ")
    write_workspace(tmp_path, [QAN, QCO])
    fill(tmp_path, mini, QCO, name=f"{QAN.code}_{QAN.name}_2024.xlsx")
    fill(tmp_path, mini, stranger)
    run = run_check(tmp_path)
    assert [(f.code, f.unit, f.file) for f in run.report.findings] == [
        ("disputed-file", QAN.code, f"{QAN.code}_{QAN.name}_2024.xlsx"),
        ("only-in-other-file", QCO.code, f"{QAN.code}_{QAN.name}_2024.xlsx"),
        ("wrong-unit", None, f"{stranger.code}_{stranger.name}_2024.xlsx"),
    ]
    assert "QD-QCO" in run.report.findings[0].message
    assert "QD-XXX" in run.report.findings[2].message
    assert run.report.scored_files == {}


@pytest.mark.parametrize("newest", ["(bản sửa)", "_v2"])
def test_the_file_received_last_counts(tmp_path, mini, newest):
    """Received time decides, not the names' order: "(bản sửa)" sorts first, "_v2" last."""
    write_workspace(tmp_path, [QAN])
    files = {tag: fill(tmp_path, mini, QAN, name=f"{QAN.code}{tag}.xlsx") for tag in FIXES}
    older = next(tag for tag in FIXES if tag != newest)
    os.utime(files[older], (1_700_000_000, 1_700_000_000))
    os.utime(files[newest], (1_700_000_060, 1_700_000_060))
    run = run_check(tmp_path)
    assert [(f.code, f.file) for f in run.report.findings] == [
        ("superseded-file", files[older].name)
    ]
    assert files[newest].name in run.report.findings[0].message
    assert run.report.scored_files == {QAN.code: files[newest].name}


def test_files_received_together_are_told_apart_by_their_declared_date(tmp_path, mini):
    write_workspace(tmp_path, [QAN])
    early = fill(tmp_path, mini, QAN, name=f"{QAN.code}_v2.xlsx")
    late = fill(tmp_path, mini, QAN, name=f"{QAN.code} (bản sửa).xlsx")
    set_cell(late, "hdr:date", "score", dt.date(2024, 12, 14))
    for path in (early, late):
        os.utime(path, (1_700_000_000, 1_700_000_000))
    run = run_check(tmp_path)
    assert [(f.code, f.file) for f in run.report.findings] == [("superseded-file", early.name)]
    assert run.report.scored_files == {QAN.code: late.name}
    # the same declared date too, in a workspace that has not seen them (in the first one the
    # log knows the edited file came after its last writing: it is newer, not simultaneous)
    again = tmp_path / "again"
    write_workspace(again, [QAN])
    early = fill(again, mini, QAN, name=f"{QAN.code}_v2.xlsx")
    late = fill(again, mini, QAN, name=f"{QAN.code} (bản sửa).xlsx")
    for path in (early, late):
        os.utime(path, (1_700_000_000, 1_700_000_000))
    run = run_check(again)
    assert [(f.code, f.file) for f in run.report.findings] == [
        ("same-time-files", late.name),
        ("same-time-files", early.name),
    ]
    assert run.report.scored_files == {}


def test_unreadable_file_and_missing_unit(tmp_path, mini):
    write_workspace(tmp_path, [QAN, QCO])
    (tmp_path / "submissions" / f"{QAN.code}_{QAN.name}_2024.xlsx").write_text(
        "code,score\n1.1,1\n", encoding="utf-8"
    )
    run = run_check(tmp_path)
    assert [(f.code, f.unit, f.file) for f in run.report.findings] == [
        ("unreadable-file", QAN.code, f"{QAN.code}_{QAN.name}_2024.xlsx"),
        ("missing-submission", QCO.code, None),
    ]
    assert run.report.findings[0].message.startswith(f"{QAN.code}_{QAN.name}_2024.xlsx: ")
    assert run.sources == {}


def test_lock_file_beside_a_workbook_is_ignored(tmp_path, mini):
    write_workspace(tmp_path, [QAN])
    good = fill(tmp_path, mini, QAN)
    (good.parent / f"~${good.name}").write_bytes(b"\x0bTran Thi B" + b" " * 150)
    run = run_check(tmp_path)
    assert [(f.code, f.unit, f.file) for f in run.report.findings] == [
        ("ignored-file", None, f"~${good.name}")
    ]
    assert run.report.unit_files == {QAN.code: [good.name]}


def test_every_code_is_raised_from_a_workbook():
    raised = {case[0] for case in ROW_CASES} | {
        "parts-not-sum", "late-submission", "submission-date-missing", "cached-total-differs",
        "far-above-last-year", "evidence-copied", "template-mismatch", "wrong-period",
        "wrong-unit", "missing-submission", "unreadable-file", "ignored-file",
        "disputed-file", "only-in-other-file", "superseded-file", "same-time-files",
        "code-in-other-file",
        "received-after-declared",  # tests/pipeline/test_campaign_receive.py
        "plan-contradicted",  # from the example's workbooks: tests/e2e/test_plan_example.py
        "plan-unread", "plan-unverified",  # tests/pipeline/test_plan_scoring.py
    } | EVIDENCE_AS_ASKED | EVIDENCE_FILE_CODES  # fmt: skip
    assert raised == set(all_codes())
