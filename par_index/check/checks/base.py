"""What every check shares: declaring its codes, rendering a finding, the grid's order."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Protocol, cast

from par_index.check.checks.plan import Row
from par_index.check.context import CheckContext
from par_index.check.finding import Finding, FindingKind, make_finding
from par_index.criteria.model import CriteriaSet, LocalText
from par_index.i18n import Message, text
from par_index.submission import CellRef, Submission
from par_index.units import Unit


class Check(Protocol):
    """A check marked by ``produces``. Unit checks are called ``(cs, submission, unit, ctx)``,
    those that need the unit only when it is known; cross checks ``(cs, unit_checks, units,
    ctx)``."""

    codes: tuple[str, ...]
    needs_unit: bool

    def __call__(self, *args: Any) -> Iterator[Finding]: ...


def produces(
    *kinds: FindingKind, needs_unit: bool = True
) -> Callable[[Callable[..., Iterator[Finding]]], Check]:
    """Declare the codes a check can yield; ``needs_unit``: skipped when the unit is unknown."""

    def mark(fn: Callable[..., Iterator[Finding]]) -> Check:
        # The function itself carries the declaration; mypy cannot type attributes set on one.
        check = cast(Check, fn)
        check.codes = tuple(k.code for k in kinds)
        check.needs_unit = needs_unit
        return check

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
    shown: dict[str, Any] = {
        k: (v.format(ctx.lang) if isinstance(v, Message) else v) for k, v in values.items()
    }
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


def words(value: LocalText | None, ctx: CheckContext) -> str:
    """A bilingual text of the criteria set in the context's language."""
    return text(value.vi, value.en, ctx.lang) if value is not None else ""


def grid_order(cs: CriteriaSet) -> dict[str, int]:
    """Criterion code -> position in the grid (areas, criteria, sub-criteria, then extras)."""
    codes = [node.code for node in cs.walk()] + [item.code for _, item in cs.extras_items()]
    return {code: index for index, code in enumerate(codes)}
