"""Colours and small text helpers shared by the HTML and Excel reports."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from par_index.numbers import NumberKind, display, quantize

_HEX = re.compile(r"^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_SLUG = re.compile(r"[^A-Za-z0-9_-]+")
FALLBACK_COLOR = "#888888"


@dataclass(frozen=True)
class Badge:
    """A class label drawn on its band colour."""

    label: str
    bg: str
    fg: str


@dataclass(frozen=True)
class Change:
    """A year-over-year change: arrow, signed text and a CSS class (up/down/same/new)."""

    arrow: str
    text: str
    css: str


def safe_color(value: str | None) -> str:
    """A #rgb / #rrggbb colour from a criteria file, or grey: nothing else reaches a style."""
    if value and _HEX.match(value.strip()):
        colour = value.strip()
        if len(colour) == 4:
            colour = "#" + "".join(ch * 2 for ch in colour[1:])
        return colour.upper()
    return FALLBACK_COLOR


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def text_on(background: str) -> str:
    """Black or white, whichever reads better on ``background``."""
    red, green, blue = _rgb(safe_color(background))
    return "#000000" if (299 * red + 587 * green + 114 * blue) / 1000 >= 140 else "#FFFFFF"


def badge(label: str, colour: str | None) -> Badge:
    bg = safe_color(colour)
    return Badge(label, bg, text_on(bg))


def _mix(a: str, b: str, share: float) -> str:
    ra, ga, ba = _rgb(a)
    rb, gb, bb = _rgb(b)
    parts = (round(x + (y - x) * share) for x, y in ((ra, rb), (ga, gb), (ba, bb)))
    return "#" + "".join(f"{p:02X}" for p in parts)


def tint(colour: str, share: float = 0.55) -> str:
    """``colour`` mixed with white (``share`` of white): a cell background text reads on."""
    return _mix(safe_color(colour), "#FFFFFF", share)


def change_of_rank(change: int | None, new_label: str) -> Change:
    """Rank change, positive when the unit moved up."""
    if change is None:
        return Change("", new_label, "new")
    if change > 0:
        return Change("▲", f"+{change}", "up")
    if change < 0:
        return Change("▼", f"−{-change}", "down")
    return Change("=", "0", "same")


def change_of_index(change: Decimal | None, new_label: str, lang: str) -> Change:
    """Index change in percentage points, shown by the display rule in ``lang``."""
    if change is None:
        return Change("", new_label, "new")
    if not quantize(change):
        return Change("=", "0", "same")
    shown = display(abs(change), NumberKind.PERCENT, lang)
    if change > 0:
        return Change("▲", f"+{shown}", "up")
    return Change("▼", f"−{shown}", "down")


def signed(value: Decimal, lang: str) -> str:
    """A difference of points with its sign, e.g. "+2,50", "−1,00", "0" (nothing to show)."""
    if not quantize(value):
        return "0"
    return ("+" if value > 0 else "−") + display(abs(value), NumberKind.POINTS, lang)


def slug(value: str) -> str:
    """A safe id / file-name part from a unit code or group name."""
    from par_index.text import strip_accents

    return _SLUG.sub("-", strip_accents(value)).strip("-").lower() or "x"


def day(value: dt.date | dt.datetime | str | None) -> str:
    """dd/mm/yyyy, as Vietnamese write dates (an unparsable string is returned as it is)."""
    if value is None:
        return ""
    if isinstance(value, str):
        try:
            return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return value.strftime("%d/%m/%Y")
