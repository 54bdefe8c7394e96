"""Scored, ranked results: what ``score`` produces, reports render and next year reads back.

``results.json`` is this model serialised (schema documented in docs/results-schema.md and
exported by ``Results.model_json_schema()``). Bump ``SCHEMA_VERSION`` on any breaking change and
keep ``load_results`` able to read the previous version.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel

from par_index.units import Unit

SCHEMA_VERSION = 1


class Grade(StrEnum):
    """Staff-evaluation grades (Nghị định 90/2020, 48/2023; 335/2025), best first."""

    EXCELLENT = "hoan_thanh_xuat_sac"
    """Hoàn thành xuất sắc nhiệm vụ."""
    GOOD = "hoan_thanh_tot"
    """Hoàn thành tốt nhiệm vụ."""
    DONE = "hoan_thanh"
    """Hoàn thành nhiệm vụ."""
    NOT_DONE = "khong_hoan_thanh"
    """Không hoàn thành nhiệm vụ."""


class ScoreChange(BaseModel):
    """Who changed a score in appraisal, and why."""

    round: int
    """1 or 2."""
    before: Decimal | None
    after: Decimal | None
    note: str | None = None
    by: str | None = None
    """Who set it (the appraisal workbook's file and sheet, or a council member's name)."""


class CriterionResult(BaseModel):
    code: str
    title: str
    area: str
    """Code of the area the criterion belongs to."""
    section: str = "tree"
    """"tree", "bonus" or "penalty"."""
    possible: Decimal
    """Points possible for this unit (0 when excluded as not applicable)."""
    self_score: Decimal | None = None
    recomputed: Decimal | None = None
    """What the rule engine computes from the unit's own figures and choices."""
    appraised_1: Decimal | None = None
    note_1: str | None = None
    explanation: str | None = None
    """The unit's answer to the council's note (giải trình)."""
    appraised_2: Decimal | None = None
    note_2: str | None = None
    survey: Decimal | None = None
    final: Decimal = Decimal(0)
    """The score that counts: round 2, else round 1, else survey, else self-score."""
    provisional: bool = False
    """No appraisal yet: the final score is the self-score."""
    not_applicable: bool = False
    changes: list[ScoreChange] = []
    findings: int = 0


class AreaResult(BaseModel):
    code: str
    title: str
    possible: Decimal
    self_score: Decimal
    final: Decimal
    percent: Decimal | None
    """final / possible x 100, exact (None when nothing is possible)."""


class StaffOutcome(BaseModel):
    """What the PAR result means for the unit head and for emulation."""

    highest_grade: Grade
    emulation_eligible: bool
    reasons: list[str] = []
    """The text of every rule that applied, in the table's order."""


class UnitResult(BaseModel):
    unit: Unit
    provisional: bool = False
    excluded: str | None = None
    """Reason the unit is left out of the ranking (None: ranked)."""
    criteria: list[CriterionResult] = []
    areas: list[AreaResult] = []
    bonus: Decimal = Decimal(0)
    penalty: Decimal = Decimal(0)
    self_total: Decimal = Decimal(0)
    final_total: Decimal = Decimal(0)
    """Tree points + bonus - penalty."""
    possible: Decimal = Decimal(0)
    index: Decimal = Decimal(0)
    """final_total / possible x 100, exact."""
    rank: int | None = None
    rank_in_group: int | None = None
    class_id: str | None = None
    class_label: str | None = None
    class_reason: str | None = None
    """Set when an override forced the class."""
    gap: Decimal = Decimal(0)
    """Self total minus final total (points over-claimed when positive)."""
    inflation: Decimal | None = None
    """Self total / final total (1 = honest)."""
    inflation_rank: int | None = None
    findings: dict[str, int] = {}
    """Finding counts by severity."""
    previous_index: Decimal | None = None
    previous_rank: int | None = None
    index_change: Decimal | None = None
    rank_change: int | None = None
    """Positive when the unit moved up."""
    staff: StaffOutcome | None = None


class Results(BaseModel):
    """The results of one period."""

    schema_version: int = SCHEMA_VERSION
    generated_at: str
    tool_version: str
    period: str
    criteria_id: str
    criteria_version: str
    criteria_title: str
    criteria_documents: list[str] = []
    units: list[UnitResult] = []
    """In ranking order (ranked units first, then excluded ones)."""
    ranking_scope: str = "all"
    """"all", "unit_type" or "group"."""
    precision: int = 2
    """Decimals of the index at which ties are decided."""
