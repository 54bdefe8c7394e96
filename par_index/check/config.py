"""Thresholds and switches of the check step (``check:`` in par-index.yaml)."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, field_validator

from par_index.check.catalogue import all_codes
from par_index.check.finding import Severity
from par_index.errors import ConfigError
from par_index.i18n import Message

M_UNKNOWN_CODES = Message(
    "config.unknown-finding-code",
    "không có mã phát hiện {codes}; hãy dùng một trong các mã: {known}",
    "there is no finding code {codes}; use one of: {known}",
)


class CheckConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    severity: dict[str, Severity | None] = {}
    """Finding code -> severity to use instead of the catalogue's (null: switch the check off)."""
    far_above_points: Decimal = Decimal(10)
    """A self-score total this many points above last year's appraised total is flagged."""
    all_max_share: Decimal = Decimal(100)
    """Flag a unit that claims the maximum on at least this % of its self-scored criteria."""
    all_max_min_criteria: int = 5
    """... but only when it self-scored at least this many criteria."""
    copied_min_chars: int = 20
    """Evidence texts shorter than this (letters and digits) are not compared across units:
    short citations of a provincial document are legitimately the same everywhere."""

    @field_validator("severity")
    @classmethod
    def _known_codes(cls, value: dict[str, Severity | None]) -> dict[str, Severity | None]:
        known = all_codes()
        unknown = [code for code in value if code not in known]
        if unknown:
            raise ConfigError(M_UNKNOWN_CODES, codes=", ".join(unknown), known=", ".join(known))
        return value
