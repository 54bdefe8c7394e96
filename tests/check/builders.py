"""Submissions of the mini set built in code, the way the reader would return them.

``clean(cs, unit)`` is a self-assessment with nothing to report; tests change one thing in it
and expect exactly one finding code. Cells follow the template's grid: self-score in H,
evidence in I, explanation in J, answers and figures in E.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from par_index.assess import check as assess_check
from par_index.check.config import CheckConfig
from par_index.check.context import CheckContext
from par_index.check.finding import Report
from par_index.criteria.model import CriteriaSet
from par_index.inputs import Inputs
from par_index.submission import CellRef, Entry, EvidenceRef, FigureEntry, Submission
from par_index.units import Unit

SHEET = "Tự chấm điểm"
PERIOD = "2024"
SUBMITTED = dt.date(2025, 1, 10)
DEADLINE = dt.date(2025, 1, 15)

UNITS = [
    Unit(code="X01", name="Xã Một", unit_type="xa"),
    Unit(code="X02", name="Xã Hai", unit_type="xa"),
    Unit(code="P03", name="Phường Ba", unit_type="phuong"),
]

# code -> (answer, figures, self-score); rows are laid out in this order from row 12.
CLEAN_ROWS: dict[str, tuple[str | None, dict[str, object], str | None]] = {
    "1.1": ("Có", {}, "1"),
    "1.2": ("Đúng hạn", {}, "1"),
    "1.3": (None, {"received": "100", "on_time": "100"}, "2"),
    "2.1": (None, {"digitised": "80"}, "0.8"),
    "2.2": (None, {"violations": "0"}, "1"),
    "2.3": (None, {}, None),
    "2.4": (None, {}, None),
    "2.5": ("Có", {"disciplined": False}, "1"),
    "B1": (None, {"initiatives": "1"}, "0.5"),
}


def cell(ref: str) -> CellRef:
    return CellRef(sheet=SHEET, cell=ref)


def evidence(unit: Unit, number: str = "12/KH-UBND", date: str = "05/01/2024") -> str:
    """A complete citation, worded per unit so that two units never look copied."""
    return f"Kế hoạch số {number} ngày {date} của UBND {unit.name}, trang 2"


def ref(text: str, number: str | None, date: dt.date | None) -> EvidenceRef:
    return EvidenceRef(text=text, number=number, date=date, issuer="UBND", location="trang 2")


def entry(code: str, row: int, answer, figures: dict, score: str | None, unit: Unit) -> Entry:
    """One criterion row: the figures on the rows below it, as the template lays them out."""
    declared = {
        name: FigureEntry(
            name=name,
            value=value if isinstance(value, bool) else Decimal(value),
            raw=str(value),
            cell=cell(f"E{row + i + 1}"),
        )
        for i, (name, value) in enumerate(figures.items())
    }
    e = Entry(
        code=code,
        row=row,
        self_score=None if score is None else Decimal(score),
        self_score_raw=score,
        self_score_cell=cell(f"H{row}"),
        answer=answer,
        answer_cell=cell(f"E{row}"),
        figures=declared,
        evidence_cell=cell(f"I{row}"),
        explanation_cell=cell(f"J{row}"),
    )
    if code == "1.1":
        text = evidence(unit)
        e = e.model_copy(
            update={
                "evidence": [ref(text, "12/KH-UBND", dt.date(2024, 1, 5))],
                "evidence_raw": text,
            }
        )
    return e


def clean(cs: CriteriaSet, unit: Unit, file: str | None = None) -> Submission:
    """A self-assessment of the mini set with nothing to report."""
    entries = {}
    row = 12
    for code, (answer, figures, score) in CLEAN_ROWS.items():
        entries[code] = entry(code, row, answer, figures, score, unit)
        row += 1 + len(figures)
    return Submission(
        file=file or f"{unit.code}_{unit.name}_{PERIOD}.xlsx",
        sha256="0" * 64,
        unit_code=unit.code,
        unit_name=unit.name,
        criteria_id=cs.id,
        criteria_version=cs.version,
        criteria_hash=cs.content_hash,
        period=PERIOD,
        submission_date=SUBMITTED,
        submission_date_cell=cell("C8"),
        entries=entries,
        cached_total=Decimal("7.3"),
        cached_total_cell=cell(f"H{row}"),
    )


def change(sub: Submission, code: str, **update) -> Submission:
    """The submission with one row changed."""
    entries = dict(sub.entries)
    entries[code] = entries[code].model_copy(update=update)
    return sub.model_copy(update={"entries": entries})


def figure(sub: Submission, code: str, name: str, value) -> Submission:
    """The submission with one declared figure changed (None: left blank)."""
    e = sub.entries[code]
    figures = dict(e.figures)
    old = figures[name]
    parsed = None if value is None else value if isinstance(value, bool) else Decimal(value)
    raw = None if value is None else str(value)
    figures[name] = old.model_copy(update={"value": parsed, "raw": raw})
    return change(sub, code, figures=figures)


def score(sub: Submission, code: str, value: str | None) -> Submission:
    """The submission with one self-score changed (None: left blank)."""
    parsed = None if value is None else Decimal(value)
    return change(sub, code, self_score=parsed, self_score_raw=value)


def context(**update) -> CheckContext:
    base = CheckContext(period=PERIOD, deadline=DEADLINE, previous_totals={"X01": Decimal(6)})
    return base.model_copy(update=update)


def mini_with_sum_check(folder: Path) -> Path:
    """tests/data/mini.yaml with a "late" figure and a parts-add-up check on 1.3, as a file."""
    text = (Path(__file__).parents[1] / "data" / "mini.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "          - {name: on_time, label: Số hồ sơ đúng hạn}\n",
        "          - {name: on_time, label: Số hồ sơ đúng hạn}\n"
        "          - {name: late, label: Số hồ sơ trễ hạn}\n",
    ).replace(
        "checks: [{kind: le, left: on_time, right: received}]",
        "checks: [{kind: le, left: on_time, right: received},"
        " {kind: sum, total: received, parts: [on_time, late]}]",
    )
    path = folder / "sum.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def check(
    cs: CriteriaSet,
    submissions: list[Submission],
    units: list[Unit],
    ctx: CheckContext | CheckConfig | None = None,
    *,
    failures: dict[str, BaseException | str] | None = None,
) -> Report:
    """The library's check of a batch (``par_index.assess.check``, nothing scored): every
    submission, every file that failed to read, and the checks across units."""
    context = ctx if isinstance(ctx, CheckContext) else CheckContext(config=ctx or CheckConfig())
    inputs = Inputs(cs=cs, units=units, period=context.period or "", context=context)
    return assess_check(inputs, submissions, failures, score=False).report
