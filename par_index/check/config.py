"""Thresholds and switches of the check step (``check:`` in par-index.yaml)."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from par_index.check.finding import Severity


class CheckConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    severity: dict[str, Severity | None] = {}
    """Finding code -> severity to use instead of the catalogue's (null: switch the check off)."""
    far_above_points: Decimal = Decimal(10)
    """A self-score total this many points above last year's appraised total is flagged."""
    all_max_share: Decimal = Decimal(100)
    """Flag a unit that claims the maximum on at least this % of its self-scored criteria."""
