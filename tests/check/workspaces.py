"""Workspaces for check tests: par-index.yaml, units.csv and workbooks filled by the helper."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter

from par_index.pipeline import RunOutcome, run
from par_index.results import Results, UnitResult
from par_index.units import Unit
from par_index.workbook.layout import SHEET_GRID, Col
from par_index.workspace import load_workspace
from tests.helpers.workbooks import locate

MINI = Path(__file__).parents[1] / "data" / "mini.yaml"
DEADLINE = dt.date(2024, 12, 15)
FIELDS = {
    "score": Col.SELF_SCORE,
    "answer": Col.FIGURES,
    "evidence": Col.EVIDENCE,
    "explanation": Col.EXPLANATION,
    "max": Col.MAX,
}


def write_workspace(
    root: Path,
    units: list[Unit],
    *,
    criteria: Path = MINI,
    period: str = "2024",
    deadline: dt.date | None = DEADLINE,
    extra: str = "",
) -> Path:
    """par-index.yaml and units.csv in ``root`` (submissions go to root/submissions)."""
    root.mkdir(parents=True, exist_ok=True)
    lines = [f'period: "{period}"', f"criteria: {criteria}", "units: units.csv"]
    if deadline is not None:
        lines += ["deadlines:", f"  self_assessment: {deadline.isoformat()}"]
    (root / "par-index.yaml").write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    rows = ["code,name,unit_type"] + [f"{u.code},{u.name},{u.unit_type}" for u in units]
    (root / "units.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (root / "submissions").mkdir(exist_ok=True)
    return root


def run_check(root: Path) -> RunOutcome:
    return run(load_workspace(root), ("check",))


def write_previous(root: Path, totals: dict[Unit, Decimal], period: str = "2023") -> Path:
    """previous/results.json with each unit's appraised total of last period."""
    units = [UnitResult(unit=u, final_total=total) for u, total in totals.items()]
    results = Results(
        generated_at="2024-02-01T00:00:00+00:00",
        tool_version="0.1.0",
        period=period,
        criteria_id="mini",
        criteria_version="1",
        criteria_title="Bộ thử nghiệm",
        units=units,
    )
    path = root / "previous" / "results.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(results.model_dump_json(indent=2), encoding="utf-8")
    return path


def cell_of(path: Path, key: str, field: str = "score") -> str:
    """A1 address of a row's cell: ``key`` is a criterion code, "fig:1.3:received", a header
    key such as "hdr:date", or "total"."""
    sheet = openpyxl.load_workbook(path)[SHEET_GRID]
    cols, keys = locate(sheet)
    row = keys[key] if ":" in key or key == "total" else keys[f"crit:{key}"]
    col = cols[Col.FIGURES] if key.startswith(("fig:", "hdr:")) else cols[FIELDS[field]]
    return f"{get_column_letter(col)}{row}"


def set_cell(path: Path, key: str, field: str, value: object) -> None:
    """Overwrite one cell of a filled workbook (an officer altering the form)."""
    book = openpyxl.load_workbook(path)
    sheet = book[SHEET_GRID]
    ref = cell_of(path, key, field)
    sheet[ref].value = value
    book.save(path)
