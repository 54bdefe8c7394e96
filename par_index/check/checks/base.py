"""What every check shares: declaring its codes, rendering a finding, walking the grid."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

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
class Row:
    """One criterion row the unit has: the criterion, what was read, its maximum, its section."""

    criterion: Criterion
    entry: Entry
    possible: Decimal
    section: str
    """"tree", "bonus" or "penalty"."""

    @property
    def code(self) -> str:
        return self.criterion.code

    @property
    def not_applicable(self) -> bool:
        return self.entry.not_applicable or answer_kind(self.entry.answer) == "na"

    @property
    def score_cell(self) -> CellRef | None:
        return self.entry.self_score_cell


def scored_items(cs: CriteriaSet) -> list[tuple[str, Criterion]]:
    """(section, criterion) for every leaf of the tree, then the bonus and penalty items."""
    return [("tree", leaf) for leaf in cs.leaves()] + cs.extras_items()


def rows(cs: CriteriaSet, submission: Submission, unit: Unit) -> Iterator[Row]:
    """The rows of the unit's workbook, in grid order, for criteria that apply to the unit."""
    for section, criterion in scored_items(cs):
        entry = submission.entries.get(criterion.code)
        possible = cs.max_for(criterion, unit.unit_type)
        if entry is not None and possible is not None:
            yield Row(criterion, entry, possible, section)


def grid_order(cs: CriteriaSet) -> dict[str, int]:
    """Criterion code -> position in the grid (areas, criteria, sub-criteria, then extras)."""
    codes = [node.code for node in cs.walk()] + [item.code for _, item in cs.extras_items()]
    return {code: index for index, code in enumerate(codes)}
