"""What the checks of one unit need to know besides the criteria and the workbook."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from par_index.check.config import CheckConfig
from par_index.i18n import Lang
from par_index.memo import Memo
from par_index.plan.year import YearPlan
from par_index.units import Unit


class CheckContext(BaseModel):
    """The period, its dates, last year's totals and the thresholds; picklable for workers."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    period: str | None = None
    """Assessment period, e.g. "2021" (a workbook of another period is flagged)."""
    assessment_start: dt.date | None = None
    """Evidence dated before this is outside the period (default: 1 January of the period)."""
    assessment_end: dt.date | None = None
    """Evidence dated after this is outside the period (default: 31 December of the period)."""
    deadline: dt.date | None = None
    """Self-assessment deadline (hạn gửi)."""
    expected_unit: Unit | None = None
    """The unit this file should belong to, when known (e.g. from its file name)."""
    previous_totals: dict[str, Decimal] = {}
    """Unit code -> last period's appraised total."""
    config: CheckConfig = CheckConfig()
    plan: YearPlan | None = None
    """Each unit's plan record at the period's end (``par_index.plan``): the figures criteria
    that declare ``plan:`` take, what the check compares with, and why a unit has none (None:
    the workspace has no plan)."""
    lang: Lang | None = None
    """Language of the rendered messages (None: the current language)."""
    memo: Memo = Field(default_factory=Memo, exclude=True, repr=False)
    """The run's memo (row plans, rule evaluations, folded answers), shared by every check of
    the run and by scoring; a worker process has its own copy."""

    @property
    def start(self) -> dt.date | None:
        """Start of the assessment period (explicit, else 1 January of the period's year)."""
        if self.assessment_start is not None:
            return self.assessment_start
        year = self.year
        return dt.date(year, 1, 1) if year else None

    @property
    def end(self) -> dt.date | None:
        """End of the assessment period (explicit, else 31 December of the period's year)."""
        if self.assessment_end is not None:
            return self.assessment_end
        year = self.year
        return dt.date(year, 12, 31) if year else None

    @property
    def year(self) -> int | None:
        """The period's year when the period is a plain year such as "2021"."""
        text = (self.period or "").strip()
        return int(text) if text.isdigit() and len(text) == 4 else None
