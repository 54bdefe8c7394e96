"""The second test district: 5 synthetic units scored with district_kinds.yaml, the set of
the rule kinds real annexes use. Every number is chosen so that test_district_kinds.py can
compute the results by hand."""

from __future__ import annotations

from pathlib import Path

from par_index.appraisal import Appraisal, Status
from par_index.check.finding import Report
from par_index.criteria import load_criteria
from par_index.criteria.model import CriteriaSet
from par_index.inputs import Inputs
from par_index.submission import Entry, Submission
from par_index.units import Unit
from tests.scoring.district import appraisal, appraised, entry, score_district

HERE = Path(__file__).parent

UNITS = [
    Unit(code="K-AN", name="Xã An", unit_type="xa", group="Bắc"),
    Unit(code="K-BINH", name="Xã Bình", unit_type="xa", group="Nam"),
    Unit(code="K-CHAU", name="Phường Châu", unit_type="phuong", group="Bắc"),
    Unit(code="K-DONG", name="Xã Đông", unit_type="xa", group="Nam"),
    Unit(code="K-EM", name="Xã Êm", unit_type="xa", group="Bắc"),
]


def load_kinds_set() -> CriteriaSet:
    return load_criteria(HERE / "district_kinds.yaml")


def _submission(unit: str, *entries: Entry) -> Submission:
    rows = {e.code: e for e in entries}
    return Submission(file=f"{unit}.xlsx", sha256="0" * 64, unit_code=unit, entries=rows)


def kinds_submissions() -> dict[str, Submission]:
    """What each unit declared. A blank self-score is None: the figures decide where the set
    says ``final_from: recomputed``."""
    subs = [
        _submission(
            "K-AN",
            entry("1.1", on_time=True, funded=True),
            entry("1.2", late_reports=0),
            entry("1.3", 3, received=50, on_time=45),
            entry("2.1", dti="8.5"),
            entry("2.2", online=25),
            entry("2.3", simplified=12),
            entry("3.2", 3, "Có"),
            entry("B1", 2, initiatives=3),
            entry("P1", 0, violations=0),
        ),
        _submission(
            "K-BINH",
            entry("1.1", 2, on_time=True, funded=False),
            entry("1.2", late_reports=1),
            entry("1.3", "2.25", received=40, on_time=24),
            entry("2.1", dti="7.98"),
            entry("2.2", online=12),
            entry("2.3", simplified=8),
            entry("3.2", 0, "Không"),
            entry("B1", 0, initiatives=0),
            entry("P1", "0.5", violations=1),
        ),
        _submission(
            "K-CHAU",
            entry("1.1", 0, on_time=False, funded=False),
            entry("1.2", late_reports=3),
            entry("1.3", 4, received=0, on_time=0),
            entry("2.1", dti=10),
            entry("2.2", online=20),
            entry("2.3", simplified=16),
            entry("3.2", 3, "Có"),
            entry("B1", 1, initiatives=1),
            entry("P1", 1, violations=2),
        ),
        _submission(
            "K-DONG",
            entry("1.1", on_time=False, funded=True),
            entry("1.2", late_reports=2),
            entry("1.3", 3, received=10, on_time=10),
            entry("2.1", dti=5),
            entry("2.2", None, "Không áp dụng", na=True),
            entry("2.3", simplified=4),
            entry("3.2", 3, "Có"),
            entry("B1", 2, initiatives=2),
            entry("P1", 0, violations=0),
        ),
        _submission(
            "K-EM",
            entry("1.1", on_time=True, funded=True),
            entry("1.2", late_reports=0),
            entry("1.3", received=20, on_time=19),
            entry("2.1", dti=6),
            entry("2.2", online=5),
            entry("2.3", simplified=0),
            entry("3.2", None, "Có"),
            entry("B1", initiatives=0),
            entry("P1", violations=0),
        ),
    ]
    return {s.unit_code or "": s for s in subs}


def kinds_appraisals() -> dict[str, Appraisal]:
    """The council scored 3.1 everywhere but K-EM, and 2.3 of K-BINH."""
    rows = [
        appraisal("K-AN", appraised("3.1", 3)),
        appraisal("K-BINH", appraised("2.3", "1.5", "Bổ sung minh chứng"), appraised("3.1", 2)),
        appraisal("K-CHAU", appraised("3.1", "2.5")),
        appraisal("K-DONG", appraised("3.1", 1), status=Status.ROUND_1),
    ]
    return {a.unit_code: a for a in rows}


def score_kinds(cs: CriteriaSet):
    inputs = Inputs(cs=cs, units=UNITS, period="2025", appraisals=kinds_appraisals())
    report = Report(findings=[], units=[u.code for u in UNITS])
    return score_district(inputs, kinds_submissions(), report)
