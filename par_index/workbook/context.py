"""What a template says besides the criteria (shared by the template's sheet writers)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class TemplateContext:
    """What a template says besides the criteria: the period and whom to ask."""

    period: str
    """Assessment period, usually the year ("2021")."""
    deadline: dt.date | None = None
    """Self-assessment deadline shown in the instructions."""
    contact: str | None = None
    """Whom commune officers ask (name, phone, mail)."""
    producer: str | None = None
    """Who sends the template, e.g. "Phòng Nội vụ huyện Quảng Điền"."""
    title: str | None = None
    """Title over the grid (default: the criteria set's title)."""
    generated_at: dt.datetime | None = None
    """Time written in _meta (default: now); fixed by scripts that must be reproducible."""
