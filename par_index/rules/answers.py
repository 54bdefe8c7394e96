"""What a unit declares for a criterion and what the engine gives back."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from par_index.text import fold

YES = "Có"
NO = "Không"
NOT_APPLICABLE = "Không áp dụng"
_YES_WORDS = {fold(w) for w in (YES, "co", "yes", "x", "đã ban hành", "đạt")}
_NO_WORDS = {fold(w) for w in (NO, "khong", "no", "chưa", "không đạt")}
_NA_WORDS = {fold(w) for w in (NOT_APPLICABLE, "khong ap dung", "kad", "n/a", "na")}

FigureValue = Decimal | bool | date | str | None


class Outcome(StrEnum):
    SCORED = "scored"
    NOT_APPLICABLE = "not_applicable"
    MISSING = "missing"
    """A figure or answer the rule needs was not declared."""
    NOT_SELF_SCORED = "not_self_scored"
    """Survey or appraiser-only: the unit gives no points."""
    OVERRIDDEN = "overridden"
    PENDING = "pending"
    """A rule over all units (best_in_group): the points are known once every unit is read."""


class Answers(BaseModel):
    """What a unit declared for one criterion."""

    model_config = ConfigDict(frozen=True)

    answer: str | None = None
    """Chosen answer (Có / Không / a level label), as typed; matched after folding."""
    not_applicable: bool = False
    figures: Mapping[str, FigureValue] = {}


class Evaluation(BaseModel):
    """The engine's result for one criterion."""

    model_config = ConfigDict(frozen=True)

    outcome: Outcome
    points: Decimal | None
    """Points earned (None when they cannot be computed)."""
    possible: Decimal
    """Points possible for this unit (0 when excluded as not applicable)."""
    ratio: Decimal | None = None
    """The percentage a ratio rule computed."""
    level: str | None = None
    """The level or band that matched."""
    missing: list[str] = []
    reason: str | None = None
    value: Decimal | None = None
    """The figure a rule over all units compares across them (pending evaluations)."""


def answer_kind(text: str | None) -> str | None:
    """ "yes", "no", "na" or None for what people type in a Có/Không cell."""
    if text is None or not str(text).strip():
        return None
    key = fold(str(text))
    if key in _YES_WORDS:
        return "yes"
    if key in _NO_WORDS:
        return "no"
    if key in _NA_WORDS:
        return "na"
    return None
