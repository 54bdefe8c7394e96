"""Exact numbers. Points are ``Decimal`` from end to end; rounding happens once, for display.

The display rule (documented in docs/method.md): round half up (ROUND_HALF_UP) to
``DISPLAY_PLACES`` decimal places, the way Vietnamese officials round by hand.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

DISPLAY_PLACES = 2
ZERO = Decimal(0)
HUNDRED = Decimal(100)

_UNIT_WORDS = re.compile(r"(điểm|diem|đ|points?|pts?|%)\s*$", re.IGNORECASE)
# No-break and thin spaces become spaces; zero-width marks vanish; a minus sign is a hyphen.
_INVISIBLE = str.maketrans(
    {"\u00a0": " ", "\u202f": " ", "\u200b": None, "\ufeff": None, "\u2212": "-"}
)
_GROUPED_DOT = re.compile(r"^-?\d{1,3}(\.\d{3})+$")
_GROUPED_COMMA = re.compile(r"^-?\d{1,3}(,\d{3})+$")


def quantize(value: Decimal, places: int = DISPLAY_PLACES) -> Decimal:
    """Round half up to ``places`` decimals (the one rounding rule of the project)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def display(value: Decimal | None, places: int = DISPLAY_PLACES) -> str:
    """Text for reports: rounded by the display rule, trailing zeros dropped, comma decimal."""
    if value is None:
        return ""
    rounded = quantize(value, places).normalize()
    text = f"{rounded:f}"
    return text.replace(".", ",")


def from_float(value: float) -> Decimal:
    """A spreadsheet number as the person typed it: the shortest repr, never binary noise."""
    return Decimal(repr(value)) if value == value else Decimal("NaN")


def parse_decimal(raw: object, *, counts: bool = False) -> Decimal | None:
    """Parse what people type: "1,5", "1.5 điểm", " 2 ", full-width digits, "95%".

    Returns None for blank input; raises ValueError when the text is not a number.
    A trailing percent sign is dropped (the value stays 95, not 0.95). With ``counts`` a
    single group like "1.234" is read as a thousands separator (1234), as Vietnamese write
    counts; for points it stays a decimal point.
    """
    if raw is None or isinstance(raw, bool):
        if raw is None:
            return None
        raise ValueError("boolean is not a number")
    if isinstance(raw, Decimal):
        return raw
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        return from_float(raw)
    text = unicodedata.normalize("NFKC", str(raw)).translate(_INVISIBLE).strip()
    text = _UNIT_WORDS.sub("", text).strip().replace(" ", "")
    if not text:
        return None
    text = _normalise_separators(text, counts)
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {raw!r}") from exc
    if not value.is_finite():
        raise ValueError(f"not a finite number: {raw!r}")
    return value


def _normalise_separators(text: str, counts: bool) -> str:
    if _GROUPED_DOT.match(text) and (counts or text.count(".") > 1):
        return text.replace(".", "")
    if _GROUPED_COMMA.match(text) and (counts or text.count(",") > 1):
        return text.replace(",", "")
    if "," in text and "." in text:
        # the last separator is the decimal one: 1.234,5 or 1,234.5
        if text.rfind(",") > text.rfind("."):
            return text.replace(".", "").replace(",", ".")
        return text.replace(",", "")
    return text.replace(",", ".")
