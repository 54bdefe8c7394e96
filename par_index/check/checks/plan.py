"""What the checks know of a unit type's rows, worked out once per criteria set content and unit
type, and the rows of one file, built once for all the checks of that file.

A batch checks thousands of files against one set: everything that depends only on the set
(maxima, allowed scores, who scores, which checks a row needs, rule evaluations of answers
already seen) is computed here once instead of once per file and check.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from par_index.criteria.model import CriteriaSet, Criterion, ScoredBy
from par_index.rules import Evaluation, allowed_scores, answer_kind, evaluated
from par_index.submission import CellRef, Entry, Submission
from par_index.units import Unit

kind_of = lru_cache(maxsize=4096, typed=True)(answer_kind)
"""``rules.answer_kind`` remembered: officers type the same few answers in every file."""


@dataclass(frozen=True, slots=True)
class PlanItem:
    """A criterion row as the unit type's template has it, with what the checks ask of it."""

    section: str
    """"tree", "bonus" or "penalty"."""
    criterion: Criterion
    possible: Decimal
    allowed: tuple[Decimal, ...] | None
    """The scores the rule can give (None: any score within 0..max)."""
    code: str
    area: str
    """The area the criterion belongs to ("3.2.1" -> "3"; bonus items are their own area)."""
    scorer: ScoredBy
    self_scored: bool
    """Scored by the unit itself (not by the survey or the appraiser)."""
    needs_evidence: bool
    """Points above 0 need a citation (never for penalty items)."""
    needs_explanation: bool
    """A self-scored partial score needs an explanation."""
    has_figures: bool
    """The criterion declares figures or relations between them."""


@dataclass(frozen=True)
class Plan:
    """The rows of one unit type's workbook, in grid order, and what is shared between files."""

    cs: CriteriaSet
    unit_type: str
    items: tuple[PlanItem, ...]
    maxima: dict[str, Decimal]
    """Criterion code -> its maximum, for every row the workbook must have."""


def scored_items(cs: CriteriaSet) -> list[tuple[str, Criterion]]:
    """(section, criterion) for every leaf of the tree, then the bonus and penalty items."""
    return [("tree", leaf) for leaf in cs.leaves()] + cs.extras_items()


_PLANS: dict[tuple[str, str], Plan] = {}
_PLANS_KEPT = 16


def unit_plan(cs: CriteriaSet, unit_type: str) -> Plan:
    """The unit type's plan, computed once per set content (keyed like the reader's row plan)."""
    key = (cs.content_hash, unit_type)
    found = _PLANS.get(key)
    if found is None:
        if len(_PLANS) >= _PLANS_KEPT:
            _PLANS.clear()
        items = tuple(_item(cs, s, crit, unit_type) for s, crit in scored_items(cs))
        kept = tuple(item for item in items if item is not None)
        maxima = {item.code: item.possible for item in kept}
        found = _PLANS[key] = Plan(cs, unit_type, kept, maxima)
    return found


def plan(cs: CriteriaSet, unit_type: str) -> tuple[PlanItem, ...]:
    """The rows a unit type's workbook has, in grid order."""
    return unit_plan(cs, unit_type).items


def _item(cs: CriteriaSet, section: str, criterion: Criterion, unit_type: str) -> PlanItem | None:
    possible = cs.max_for(criterion, unit_type)
    if possible is None:
        return None
    scorer = criterion.scorer
    need = criterion.evidence
    return PlanItem(
        section=section,
        criterion=criterion,
        possible=possible,
        allowed=allowed_scores(cs, criterion, possible),
        code=criterion.code,
        area=criterion.code.split(".")[0],
        scorer=scorer,
        self_scored=scorer == ScoredBy.UNIT,
        needs_evidence=need is not None and need.required_for_points and section != "penalty",
        needs_explanation=criterion.explanation_required and scorer == ScoredBy.UNIT,
        has_figures=bool(criterion.figures or criterion.checks),
    )


class Row:
    """One criterion row the unit has: what the set says about it, and what was read."""

    __slots__ = ("code", "entry", "item", "not_applicable")

    def __init__(self, item: PlanItem, entry: Entry) -> None:
        self.item, self.entry, self.code = item, entry, item.code
        self.not_applicable = entry.not_applicable or (
            entry.answer is not None and kind_of(entry.answer) == "na"
        )

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
    def score_cell(self) -> CellRef | None:
        return self.entry.self_score_cell


@dataclass
class FileRows:
    """The rows of one file and what several of its checks share (e.g. its citations)."""

    cs: CriteriaSet
    submission: Submission
    unit: Unit
    plan: Plan
    rows: list[Row]
    shared: dict[str, Any] = field(default_factory=dict)


_LAST: list[FileRows | None] = [None]
"""The file of the last ``file_rows`` call: the checks of one file run one after the other on
the same objects, so each file's rows are built once, not once per check."""


def file_rows(cs: CriteriaSet, submission: Submission, unit: Unit) -> FileRows:
    """The rows of the unit's workbook, in grid order, for criteria that apply to the unit."""
    last = _LAST[0]
    if last is not None and last.submission is submission and last.unit is unit and last.cs is cs:
        return last
    unit_rows = unit_plan(cs, unit.unit_type)
    entries = submission.entries
    built = [Row(item, entries[item.code]) for item in unit_rows.items if item.code in entries]
    _LAST[0] = made = FileRows(cs, submission, unit, unit_rows, built)
    return made


def rows(cs: CriteriaSet, submission: Submission, unit: Unit) -> list[Row]:
    """The rows of the unit's workbook, in grid order, for criteria that apply to the unit."""
    return file_rows(cs, submission, unit).rows


def shared(cs: CriteriaSet, submission: Submission, unit: Unit, name: str, make: Callable) -> Any:
    """What ``make(cs, submission, unit)`` gives, computed once per file for every check."""
    memo = file_rows(cs, submission, unit).shared
    if name not in memo:
        memo[name] = make(cs, submission, unit)
    return memo[name]


def evaluation(cs: CriteriaSet, row: Row, unit_type: str) -> Evaluation:
    """The row's rule evaluated on its answers (remembered: see ``rules.evaluated``)."""
    entry = row.entry
    figures = {name: figure.value for name, figure in entry.figures.items()}
    return evaluated(cs, row.criterion, unit_type, entry.answer, entry.not_applicable, figures)
