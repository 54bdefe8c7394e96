"""The three places that judge a score agree, on every shipped set (and the test set of the
kinds they do not use), unit type and criterion.

A self-score (or an appraisal score) is judged by the check (``score-not-allowed``), by the data
validation of the template we send (read back from a real .xlsx) and by the appraisal reader
(reading back a real filled appraisal workbook). Each is asked about the same probe values per
row: every value any of them names, the points between them, a grid over 0..max and one value
above the maximum. The sets of probes each accepts must be equal.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

import openpyxl
import pytest

from par_index.appraisal import read_appraisal, write_appraisal_workbook
from par_index.appraisal.model import COL, HEADER_ROW
from par_index.check import catalogue as c
from par_index.check.checks.plan import PlanItem, plan
from par_index.check.checks.scores import check_score_values
from par_index.check.context import CheckContext
from par_index.criteria import load_criteria
from par_index.criteria.model import CriteriaSet, ScoredBy
from par_index.memo import Memo
from par_index.numbers import from_float
from par_index.submission import CellRef, Entry, Submission
from par_index.synthetic import locate
from par_index.units import Unit
from par_index.workbook.layout import SHEET_GRID, Col
from par_index.workbook.template import TemplateContext, write_template

ROOT = Path(__file__).parents[2]
SHIPPED = sorted((ROOT / "criteria").glob("*.yaml"))
KINDS_SET = ROOT / "tests" / "scoring" / "district_kinds.yaml"
"""A test set with each rule kind the shipped sets do not use (share_deduction, scaled,
best_in_group, conditions, proportional with a target)."""
SETS = [*SHIPPED, KINDS_SET]
CASES = [(path, ut) for path in SETS for ut in load_criteria(path).type_ids()]
GRID_STEPS = 8
"""Probes at every eighth of the maximum, besides the values the three name."""
SCORE_FINDINGS = {c.SCORE_ABOVE_MAX.code, c.SCORE_NEGATIVE.code, c.SCORE_NOT_ALLOWED.code}

Accepts = Callable[[Decimal], bool]


@pytest.fixture(scope="module")
def sets() -> dict[Path, CriteriaSet]:
    return {path: load_criteria(path) for path in SETS}


@pytest.mark.parametrize(("path", "unit_type"), CASES, ids=[f"{p.stem}-{t}" for p, t in CASES])
def test_check_template_and_appraisal_accept_the_same_scores(tmp_path, sets, path, unit_type):
    cs = sets[path]
    items = [i for i in plan(cs, unit_type, Memo()) if i.scorer != ScoredBy.SURVEY]
    template = _template_accepts(tmp_path, cs, unit_type)
    probes = {i.code: _probes(i, template.get(i.code)) for i in items}
    by_check = _check_accepts(cs, unit_type, items, probes)
    by_appraisal = _appraisal_accepts(tmp_path, cs, unit_type, probes)
    disagree = []
    for item in items:
        row = probes[item.code]
        appraisal = {v for v in row if v in by_appraisal[item.code]}
        if item.self_scored:
            check = {v for v in row if v in by_check[item.code]}
            in_template = {v for v in row if template[item.code](v)}
        else:  # appraiser-only: no self-score; the council scores within what the rule gives
            check = in_template = {v for v in row if _within(item, v)}
        if not check == in_template == appraisal:
            disagree.append((item.code, _shown(check), _shown(in_template), _shown(appraisal)))
    rows = "\n".join(
        f"{code}: check {a} | template {b} | appraisal {c}" for code, a, b, c in disagree
    )
    assert not disagree, f"{path.stem}/{unit_type}: {len(disagree)} rows disagree\n{rows}"
    assert len(items) > (20 if path in SHIPPED else 8)  # every type has its rows walked


def _within(item: PlanItem, value: Decimal) -> bool:
    return 0 <= value <= item.possible and (item.allowed is None or value in item.allowed)


def _shown(values: set[Decimal]) -> str:
    return " ".join(format(v.normalize(), "f") for v in sorted(values))


def _probes(item: PlanItem, template: Accepts | None) -> list[Decimal]:
    """Values worth asking about for one row: named ones, between them, a grid, above max."""
    most = item.possible
    named = set(item.allowed or ()) | set(getattr(template, "named", ()))
    named |= {most * k / GRID_STEPS for k in range(GRID_STEPS + 1)} | {most + 1}
    ordered = sorted(named)
    between = {(a + b) / 2 for a, b in pairwise(ordered)}
    return sorted({v.normalize() for v in named | between})


# -- the template's data validation, read back ------------------------------------------------
def _template_accepts(tmp_path, cs: CriteriaSet, unit_type: str) -> dict[str, Accepts]:
    unit = Unit(code="T-01", name="Xã Thử", unit_type=unit_type)
    out = write_template(tmp_path / "t.xlsx", cs, unit, TemplateContext(period="2025"))
    book = openpyxl.load_workbook(out)
    grid = book[SHEET_GRID]
    cols, keys = locate(grid)
    column = openpyxl.utils.get_column_letter(cols[Col.SELF_SCORE])
    rules = {
        cell: dv
        for dv in grid.data_validations.dataValidation
        for cell in _cells(dv)
        if cell.startswith(column)
    }
    found = {}
    for key, row in keys.items():
        if key.startswith("crit:") and f"{column}{row}" in rules:
            found[key.removeprefix("crit:")] = _accepts(book, rules[f"{column}{row}"])
    return found


def _cells(dv) -> list[str]:
    cells = []
    for cell_range in dv.sqref.ranges:
        for row, col in cell_range.cells:
            cells.append(f"{openpyxl.utils.get_column_letter(col)}{row}")
    return cells


def _accepts(book, dv) -> Accepts:
    """What a score cell's validation lets through (list, decimal range or an OR formula)."""
    if dv.type == "decimal" and dv.operator in (None, "between"):
        low, high = Decimal(dv.formula1), Decimal(dv.formula2)
        return lambda v: low <= v <= high
    if dv.type == "list":
        return _one_of(_list_values(book, dv.formula1))
    if dv.type == "custom":
        found = re.fullmatch(r"=?OR\((.*)\)", dv.formula1)
        assert found, dv.formula1
        return _one_of([Decimal(part.split("=")[1]) for part in found.group(1).split(",")])
    raise AssertionError(f"a score cell with a {dv.type} validation")


def _list_values(book, formula: str) -> list[Decimal]:
    if formula.startswith('"'):
        return [Decimal(v) for v in formula.strip('"').split(",")]
    sheet, cells = formula.lstrip("=").split("!")
    values = [c.value for row in book[sheet.strip("'")][cells.replace("$", "")] for c in row]
    return [from_float(v) if isinstance(v, float) else Decimal(v) for v in values]


def _one_of(values: list[Decimal]) -> Accepts:
    def accepts(value: Decimal) -> bool:
        return value in allowed

    allowed = set(values)
    accepts.named = values  # type: ignore[attr-defined]
    return accepts


# -- the check, on submissions that type each probe ---------------------------------------------
def _check_accepts(cs, unit_type, items, probes) -> dict[str, set[Decimal]]:
    unit = Unit(code="T-01", name="Xã Thử", unit_type=unit_type)
    accepted: dict[str, set[Decimal]] = {i.code: set() for i in items}
    for k in range(max(map(len, probes.values()))):
        typed = {i.code: probes[i.code][k] for i in items if k < len(probes[i.code])}
        entries = {code: _entry(code, n, value) for n, (code, value) in enumerate(typed.items())}
        submission = Submission(file="t.xlsx", sha256="0" * 64, entries=entries)
        found = check_score_values(cs, submission, unit, CheckContext(period="2025"))
        refused = {f.criterion for f in found if f.code in SCORE_FINDINGS}
        for code, value in typed.items():
            if code not in refused:
                accepted[code].add(value)
    return accepted


def _entry(code: str, n: int, value: Decimal) -> Entry:
    cell = CellRef(sheet=SHEET_GRID, cell=f"H{12 + n}")
    return Entry(code=code, row=12 + n, self_score=value, self_score_raw=str(value),
                 self_score_cell=cell)  # fmt: skip


# -- the appraisal reader, on a filled appraisal workbook ---------------------------------------
def _appraisal_accepts(tmp_path, cs, unit_type, probes) -> dict[str, set[Decimal]]:
    """Two probes per row per sheet (rounds 1 and 2), as many sheets as the longest row needs."""
    sheets = (max(map(len, probes.values())) + 1) // 2
    units = [Unit(code=f"T-{n:02}", name=f"Xã {n}", unit_type=unit_type) for n in range(sheets)]
    path = write_appraisal_workbook(tmp_path / "a.xlsx", cs, units, {})
    book = openpyxl.load_workbook(path)
    typed: dict[tuple[str, str, int], Decimal] = {}
    for n, unit in enumerate(units):
        _type_probes(book[unit.code], probes, n, unit.code, typed)
    book.save(path)
    read = read_appraisal(path, cs, units)
    accepted: dict[str, set[Decimal]] = {code: set() for code in probes}
    for (unit_code, code, round_), value in typed.items():
        entry = read[unit_code].entries[code]
        if (entry.round_1 if round_ == 1 else entry.round_2) is not None:
            accepted[code].add(value)
    return accepted


def _type_probes(ws, probes, n: int, unit_code: str, typed: dict) -> None:
    for row in ws.iter_rows(min_row=HEADER_ROW + 2):
        code = row[COL["code"]].value
        if code not in probes:
            continue
        for round_, index in ((1, 2 * n), (2, 2 * n + 1)):
            if index < len(probes[code]):
                row[COL[f"round_{round_}"]].value = probes[code][index]
                typed[(unit_code, code, round_)] = probes[code][index]
