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
from typing import Any

from par_index.criteria.model import CriteriaSet, Criterion, ScoredBy
from par_index.memo import Memo
from par_index.rules import (
    Evaluation,
    Outcome,
    allowed_scores,
    answer_kind,
    declared,
    may_be_not_applicable,
)
from par_index.submission import CellRef, Entry, Submission
from par_index.units import Unit


def kind_of(answer: str, memo: Memo) -> str | None:
    """``rules.answer_kind``, remembered: officers type the same few answers in every file."""
    return memo.get("check.answer-kind", answer, lambda: answer_kind(answer))


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
    may_be_na: bool = False
    """The unit's facts can make it not applicable (``rules.may_be_not_applicable``)."""


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


def unit_plan(cs: CriteriaSet, unit_type: str, memo: Memo) -> Plan:
    """The unit type's plan, computed once per set content in the run's memo."""

    def make() -> Plan:
        items = tuple(_item(cs, s, crit, unit_type) for s, crit in scored_items(cs))
        kept = tuple(item for item in items if item is not None)
        return Plan(cs, unit_type, kept, {item.code: item.possible for item in kept})

    return memo.get("check.plan", (cs.content_hash, unit_type), make)


def plan(cs: CriteriaSet, unit_type: str, memo: Memo) -> tuple[PlanItem, ...]:
    """The rows a unit type's workbook has, in grid order."""
    return unit_plan(cs, unit_type, memo).items


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
        needs_evidence=need is not None
        and need.required_for_points
        and need.needed
        and section != "penalty",
        needs_explanation=criterion.explanation_required and scorer == ScoredBy.UNIT,
        has_figures=bool(criterion.figures or criterion.checks),
        may_be_na=scorer == ScoredBy.UNIT and may_be_not_applicable(criterion),
    )


class Row:
    """One criterion row the unit has: what the set says about it, and what was read."""

    __slots__ = ("code", "entry", "item", "not_applicable")

    def __init__(self, item: PlanItem, entry: Entry, memo: Memo, plan: Plan) -> None:
        self.item, self.entry, self.code = item, entry, item.code
        answered = entry.not_applicable or (
            entry.answer is not None and kind_of(entry.answer, memo) == "na"
        )
        self.not_applicable = (answered or item.may_be_na) and _facts_na(plan, item, entry, memo)
        """Not applicable as scoring counts it: answered "Không áp dụng" where the criterion
        allows it, or made so by the figures (0 of 0), whatever the score cell holds."""

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


def file_rows(cs: CriteriaSet, submission: Submission, unit: Unit, memo: Memo) -> FileRows:
    """The rows of the unit's workbook, in grid order, for criteria that apply to the unit.
    The checks of one file run one after the other on the same objects: the last file's rows
    are kept in the memo, so each file's rows are built once, not once per check."""
    slot = memo.table("check.file")
    last = slot.get("last")
    if last is not None and last.submission is submission and last.unit is unit and last.cs is cs:
        return last
    unit_rows = unit_plan(cs, unit.unit_type, memo)
    entries = submission.entries
    built = [Row(i, entries[i.code], memo, unit_rows) for i in unit_rows.items if i.code in entries]
    slot["last"] = made = FileRows(cs, submission, unit, unit_rows, built)
    return made


def rows(cs: CriteriaSet, submission: Submission, unit: Unit, memo: Memo) -> list[Row]:
    """The rows of the unit's workbook, in grid order, for criteria that apply to the unit."""
    return file_rows(cs, submission, unit, memo).rows


def shared(
    cs: CriteriaSet, submission: Submission, unit: Unit, memo: Memo, name: str, make: Callable
) -> Any:
    """What ``make(cs, submission, unit, memo)`` gives, computed once per file for every check."""
    kept = file_rows(cs, submission, unit, memo).shared
    if name not in kept:
        kept[name] = make(cs, submission, unit, memo)
    return kept[name]


def _facts_na(plan: Plan, item: PlanItem, entry: Entry, memo: Memo) -> bool:
    """Whether the row's declared answers and figures make it not applicable."""
    ev = _declared(plan.cs, item.criterion, entry, plan.unit_type, memo)
    return ev.outcome == Outcome.NOT_APPLICABLE


def evaluation(cs: CriteriaSet, row: Row, unit_type: str, memo: Memo) -> Evaluation:
    """The row's rule evaluated on its answers as scoring reads them (``rules.declared``)."""
    return _declared(cs, row.criterion, row.entry, unit_type, memo)


def _declared(
    cs: CriteriaSet, criterion: Criterion, entry: Entry, unit_type: str, memo: Memo
) -> Evaluation:
    figures = {name: figure.value for name, figure in entry.figures.items()}
    na = entry.not_applicable
    return declared(cs, criterion, unit_type, entry.answer, na, figures, memo)
