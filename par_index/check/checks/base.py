"""What every check shares: declaring its codes, rendering a finding, walking the grid."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Any

from par_index.check.checks.levels import allowed_scores
from par_index.check.context import CheckContext
from par_index.check.finding import Finding, FindingKind, make_finding
from par_index.criteria.model import CriteriaSet, Criterion, LocalText
from par_index.i18n import Message, text
from par_index.numbers import DISPLAY_PLACES, display
from par_index.rules import answer_kind
from par_index.submission import CellRef, Entry, Submission
from par_index.units import Unit

UnitCheckFn = Callable[[CriteriaSet, Submission, Unit | None, CheckContext], Iterator[Finding]]


def produces(*kinds: FindingKind, needs_unit: bool = True) -> Callable[[UnitCheckFn], UnitCheckFn]:
    """Declare the codes a check can yield; ``needs_unit``: skipped when the unit is unknown."""

    def mark(fn: UnitCheckFn) -> UnitCheckFn:
        fn.codes = tuple(k.code for k in kinds)  # type: ignore[attr-defined]
        fn.needs_unit = needs_unit  # type: ignore[attr-defined]
        return fn

    return mark


def found(
    entry: FindingKind,
    submission: Submission,
    unit: Unit | None,
    ctx: CheckContext,
    *,
    criterion: str | None = None,
    at: CellRef | None = None,
    **values: Any,
) -> Finding:
    """A finding of one unit's file, located at a cell when there is one."""
    code = unit.code if unit else None
    return emit(entry, ctx, code, submission.file, criterion=criterion, at=at, **values)


def at_row(
    entry: FindingKind,
    row: Row,
    submission: Submission,
    unit: Unit | None,
    ctx: CheckContext,
    *,
    at: CellRef | None = None,
    **values: Any,
) -> Finding:
    """A finding on a criterion row: its code and title filled in, at the self-score cell
    unless another cell is given."""
    return found(
        entry,
        submission,
        unit,
        ctx,
        criterion=row.code,
        at=at or row.score_cell,
        name=words(row.criterion.title, ctx),
        **values,
    )


def emit(
    entry: FindingKind,
    ctx: CheckContext,
    unit: str | None,
    file: str | None,
    *,
    criterion: str | None = None,
    at: CellRef | None = None,
    **values: Any,
) -> Finding:
    """Render a finding in the context's language; values that are messages are rendered too."""
    shown = {k: (v.format(ctx.lang) if isinstance(v, Message) else v) for k, v in values.items()}
    return make_finding(
        entry,
        lang=ctx.lang,
        unit=unit,
        file=file,
        criterion=criterion,
        sheet=at.sheet if at else None,
        cell=at.cell if at else None,
        **shown,
    )


def fmt(value: Decimal | None) -> str:
    """A number as the user reads it: comma decimal, never fewer decimals than were typed."""
    if value is None:
        return ""
    exponent = value.as_tuple().exponent
    places = max(DISPLAY_PLACES, -exponent) if isinstance(exponent, int) else DISPLAY_PLACES
    return display(value, places)


def fmt_date(value: dt.date | None) -> str:
    """A date as Vietnamese write it: dd/mm/yyyy."""
    return value.strftime("%d/%m/%Y") if value else ""


def words(value: LocalText | None, ctx: CheckContext) -> str:
    """A bilingual text of the criteria set in the context's language."""
    return text(value.vi, value.en, ctx.lang) if value is not None else ""


@dataclass(frozen=True)
class PlanItem:
    """A criterion row as the unit type's template has it: section, maximum, allowed scores."""

    section: str
    """"tree", "bonus" or "penalty"."""
    criterion: Criterion
    possible: Decimal
    allowed: tuple[Decimal, ...] | None
    """The scores the rule can give (None: any score within 0..max)."""


@dataclass(frozen=True)
class Row:
    """One criterion row the unit has: what the set says about it, and what was read."""

    item: PlanItem
    entry: Entry

    @property
    def criterion(self) -> Criterion:
        return self.item.criterion

    @property
    def possible(self) -> Decimal:
        return self.item.possible

    @property
    def section(self) -> str:
        return self.item.section

    @property
    def allowed(self) -> tuple[Decimal, ...] | None:
        return self.item.allowed

    @property
    def code(self) -> str:
        return self.item.criterion.code

    @cached_property
    def not_applicable(self) -> bool:
        return self.entry.not_applicable or answer_kind(self.entry.answer) == "na"

    @property
    def score_cell(self) -> CellRef | None:
        return self.entry.self_score_cell


def scored_items(cs: CriteriaSet) -> list[tuple[str, Criterion]]:
    """(section, criterion) for every leaf of the tree, then the bonus and penalty items."""
    return [("tree", leaf) for leaf in cs.leaves()] + cs.extras_items()


_PLANS: dict[tuple[int, str], tuple[CriteriaSet, list[PlanItem]]] = {}
_PLANS_KEPT = 16


def plan(cs: CriteriaSet, unit_type: str) -> list[PlanItem]:
    """The rows a unit type's workbook has, worked out once per criteria set and unit type
    (every check of every unit walks them)."""
    key = (id(cs), unit_type)
    kept = _PLANS.get(key)
    if kept is None or kept[0] is not cs:
        if len(_PLANS) >= _PLANS_KEPT:
            _PLANS.clear()
        items = []
        for section, criterion in scored_items(cs):
            possible = cs.max_for(criterion, unit_type)
            if possible is not None:
                allowed = allowed_scores(cs, criterion, possible)
                items.append(PlanItem(section, criterion, possible, allowed))
        kept = _PLANS[key] = (cs, items)
    return kept[1]


_LAST: list = [None, None, None, []]
"""(set, submission, unit, rows) of the last ``rows`` call: the checks of one file run one after
the other on the same objects, so each file's rows are built once, not once per check."""


def rows(cs: CriteriaSet, submission: Submission, unit: Unit) -> list[Row]:
    """The rows of the unit's workbook, in grid order, for criteria that apply to the unit."""
    last = _LAST
    if last[0] is cs and last[1] is submission and last[2] is unit:
        return last[3]
    entries = submission.entries
    built = []
    for item in plan(cs, unit.unit_type):
        entry = entries.get(item.criterion.code)
        if entry is not None:
            built.append(Row(item, entry))
    _LAST[:] = [cs, submission, unit, built]
    return built


def grid_order(cs: CriteriaSet) -> dict[str, int]:
    """Criterion code -> position in the grid (areas, criteria, sub-criteria, then extras)."""
    codes = [node.code for node in cs.walk()] + [item.code for _, item in cs.extras_items()]
    return {code: index for index, code in enumerate(codes)}
