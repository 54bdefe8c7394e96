"""The test district: 8 synthetic units, their submissions, appraisals and survey, in code.

Every number below is chosen so that the expected ranking in test_district.py can be computed
by hand (the comments there show the sums).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path

from par_index.appraisal import Appraisal, AppraisedScore, Status
from par_index.check.finding import Finding, Report, Severity
from par_index.criteria import load_criteria
from par_index.criteria.model import CriteriaSet
from par_index.inputs import Inputs
from par_index.scoring import score, score_one
from par_index.submission import Entry, FigureEntry, Submission
from par_index.units import Unit

HERE = Path(__file__).parent
D = Decimal


def entry(code: str, score=None, answer=None, *, na=False, **figures) -> Entry:
    """A criterion row as the reader would give it."""
    return Entry(
        code=code,
        row=0,
        self_score=None if score is None else D(str(score)),
        answer=answer,
        not_applicable=na,
        figures={
            k: FigureEntry(name=k, value=v if isinstance(v, bool) else D(str(v)))
            for k, v in figures.items()
        },
        explanation=None,
    )


def full_entries() -> dict[str, Entry]:
    """Every unit-scored criterion at its maximum, with figures that support it."""
    rows = [
        entry("1.1", 2, "Có"),
        entry("1.2", 2, "Đúng hạn"),
        entry("1.3", 4, received=10, on_time=10),
        entry("2.1", 2, violations=0),
        entry("2.2", 2, "Có"),
        entry("2.3", 2, "Có", disciplined=False),
        entry("3.3", 2, digitised=100),
        entry("B1", 0, initiatives=0),
        entry("P1", 0, late_reports=0),
    ]
    return {e.code: e for e in rows}


def submission(unit: str, *changed: Entry) -> Submission:
    entries = full_entries()
    entries.update({e.code: e for e in changed})
    return Submission(file=f"{unit}.xlsx", sha256="0" * 64, unit_code=unit, entries=entries)


def appraised(code: str, r1=None, note_1=None, *, r2=None, note_2=None, na_1=False, expl=None):
    return AppraisedScore(
        code=code,
        round_1=None if r1 is None else D(str(r1)),
        round_1_na=na_1,
        note_1=note_1,
        explanation=expl,
        round_2=None if r2 is None else D(str(r2)),
        note_2=note_2,
    )


def appraisal(unit: str, *rows: AppraisedScore, status: Status = Status.ROUND_1) -> Appraisal:
    return Appraisal(
        unit_code=unit,
        file="tham-dinh.xlsx",
        sheet=unit,
        status=status,
        by_1="Hội đồng huyện",
        entries={r.code: r for r in rows},
    )


def load_district() -> CriteriaSet:
    return load_criteria(HERE / "district.yaml")


UNITS = [
    Unit(code="QD-AN", name="Xã An", unit_type="xa", group="Bắc", head_name="Lê Văn A"),
    Unit(code="QD-BINH", name="Xã Bình", unit_type="xa", group="Bắc"),
    Unit(code="QD-CONG", name="Xã Công", unit_type="xa", group="Nam"),
    Unit(code="QD-SIA", name="Thị trấn Sịa", unit_type="thi_tran", group="Bắc"),
    Unit(code="QD-DUONG", name="Xã Dương", unit_type="xa", group="Nam"),
    Unit(code="QD-HA", name="Xã Hà", unit_type="xa", group="Bắc"),
    Unit(code="QD-LOI", name="Xã Lợi", unit_type="xa", group="Nam"),
    Unit(code="QD-MY", name="Xã Mỹ", unit_type="xa", group="Bắc"),
]


def district_submissions() -> dict[str, Submission]:
    subs = [
        submission("QD-AN", entry("B1", 1.5, initiatives=3)),
        submission(
            "QD-BINH",
            entry("1.2", 2, "Trễ hạn"),
            entry("2.1", 1, violations=2),
            entry("3.3", 1.6, digitised=80),
            entry("P1", 0.5, late_reports=1),
        ),
        submission("QD-CONG", entry("1.3", 3, received=50, on_time=46)),
        submission(
            "QD-SIA",
            entry("2.1", 1, violations=2),
            entry("2.2", None, "Không áp dụng", na=True),
            entry("3.3", 1, digitised=50),
            entry("B1", 0.5, initiatives=1),
        ),
        submission(
            "QD-DUONG",
            entry("1.3", 5, received=20, on_time=20),
            entry("2.1", None, "Không áp dụng", na=True),
        ),
        submission("QD-LOI"),
        submission(
            "QD-MY",
            entry("1.1", 2, "Không"),
            entry("1.2", 2, "Trễ hạn"),
            entry("1.3", 4, received=100, on_time=96),
            entry("2.3", 2, "Có", disciplined=True),
            entry("B1", 1, initiatives=2),
            entry("P1", 0, late_reports=3),
        ),
    ]
    return {s.unit_code: s for s in subs}


def district_appraisals() -> dict[str, Appraisal]:
    rows = [
        appraisal("QD-AN", appraised("1.3", 3, "Có 3 hồ sơ trễ hạn"), appraised("3.2", 2)),
        appraisal(
            "QD-BINH",
            appraised("1.2", 1, "Báo cáo gửi trễ hạn"),
            appraised(
                "3.2",
                1,
                "Chưa có mô hình",
                r2=1.5,
                note_2="Đã bổ sung minh chứng",
                expl="Đơn vị đã triển khai mô hình một cửa liên thông",
            ),
            status=Status.ROUND_2,
        ),
        appraisal(
            "QD-CONG",
            appraised("1.3", 2, "Tỷ lệ đúng hạn 92 %"),
            appraised("3.2", 2),
            appraised("P1", 1, "2 báo cáo trễ hạn"),
        ),
        appraisal("QD-SIA", appraised("3.2", 1)),
        appraisal("QD-LOI", appraised("3.2", 2)),
        appraisal(
            "QD-MY",
            appraised("1.1", 0, "Chưa ban hành kế hoạch"),
            appraised("1.2", 1, "Báo cáo trễ hạn"),
            appraised("1.3", 3, "Tỷ lệ đúng hạn 96 %"),
            appraised("2.3", 0, "Chủ tịch UBND xã bị kỷ luật khiển trách"),
            appraised("3.2", 2),
            appraised("P1", 1.5, "3 báo cáo trễ hạn"),
        ),
    ]
    return {a.unit_code: a for a in rows}


SURVEY = {
    "QD-AN": {"3.1": D("1.84")},
    "QD-BINH": {"3.1": D("1.4009")},
    "QD-CONG": {"3.1": D("0.9991")},
    "QD-SIA": {"3.1": D("1.5")},
    "QD-DUONG": {"3.1": D("1.6")},
    "QD-HA": {"3.1": D("1.2")},
    "QD-LOI": {"3.1": D("2")},
    "QD-MY": {"3.1": D("1.2")},
}


def district_report() -> Report:
    """Two findings: an inflated claim at QD-MY 1.3 and a late file of QD-MY."""

    def finding(code: str, unit: str, criterion: str | None, severity=Severity.WARNING):
        return Finding(
            code=code,
            severity=severity,
            unit=unit,
            criterion=criterion,
            title=code,
            message=f"{code} message",
            fix="fix",
        )

    return Report(
        findings=[
            finding("score-unsupported", "QD-MY", "1.3", Severity.ERROR),
            finding("late-submission", "QD-MY", None),
        ],
        units=[u.code for u in UNITS],
    )


def score_district(inputs: Inputs, submissions: Mapping[str, Submission], report: Report):
    """The library's scoring of the district: each submission scored by the one per-unit step,
    the period scored from them and the report's findings."""
    scored = {code: score_one(inputs, inputs.unit(code), sub) for code, sub in submissions.items()}
    return score(inputs, report, scored)
