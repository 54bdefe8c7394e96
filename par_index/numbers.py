"""Exact numbers and the one number contract: the kinds of number, their decimals in JSON, and
the display rule. Points are ``Decimal`` from end to end; they are cut to their kind's places
only when written to JSON and rounded only when shown.

The display rule (documented in docs/method.md): round half up (ROUND_HALF_UP) to
``DISPLAY_PLACES`` decimal places, the way Vietnamese officials round by hand, with a decimal
comma in Vietnamese ("66,10") and a decimal point in English ("66.10"). The JSON rule
(docs/results-schema.md): each kind has one fixed number of places, ``JSON_PLACES``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from typing import Annotated, get_args

from pydantic import BaseModel, PlainSerializer, WithJsonSchema

from par_index.i18n import Lang, current_lang

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


class NumberKind(StrEnum):
    """What a number measures; it fixes the number's decimals in JSON and on screen."""

    POINTS = "points"
    """Scores, maxima, totals, gaps (điểm)."""
    PERCENT = "percent"
    """Values on the 0-100 scale: the index, an area's percent, their changes."""
    RATIO = "ratio"
    """A quotient of two totals, 1 = equal (the inflation ratio)."""
    COUNT = "count"
    """Whole numbers: counts, ranks, days."""
    EXACT = "exact"
    """A value as someone wrote it: a figure a unit declared, a council's typed score, a rule's
    levels. Kept and shown with the decimals it has (never a computed quotient)."""


JSON_PLACES: dict[NumberKind, int] = {
    NumberKind.POINTS: 4,
    NumberKind.PERCENT: 6,
    NumberKind.RATIO: 4,
    NumberKind.COUNT: 0,
}
"""Decimals in JSON, fixed per kind. Points: 4 keeps every level and survey point of the shipped
sets exact (they have at most 3) and a re-added total within 0.0001 per criterion. Percent: 6,
the highest ranking precision (ranking.RankingConfig.precision), so last year's file gives the
published index at any precision. Ratio: 4, two more than shown."""

SHOWN_PLACES: dict[NumberKind, int] = {kind: DISPLAY_PLACES for kind in JSON_PLACES}
SHOWN_PLACES[NumberKind.COUNT] = 0


def quantize(value: Decimal, places: int = DISPLAY_PLACES) -> Decimal:
    """Round half up to ``places`` decimals (the one rounding rule of the project)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def display(
    value: Decimal | int | None,
    kind: NumberKind = NumberKind.POINTS,
    lang: Lang | str | None = None,
) -> str:
    """Text for people by the display rule: two decimals, half up ("66,10"; "0,50"), whole
    numbers for counts, as written for exact values; decimal comma in Vietnamese, point in
    English (``lang``, default the current language). ``None`` shows as ""."""
    if value is None:
        return ""
    if not isinstance(value, Decimal):
        value = Decimal(value)
    if kind is NumberKind.EXACT:
        number = value.normalize()
        text = f"{number:f}" if number else "0"
    else:
        rounded = value.quantize(_SHOWN_STEP[kind], rounding=ROUND_HALF_UP)
        text = f"{rounded if rounded else rounded.copy_abs():f}"  # never "-0,00"
    # Lang is a str enum: comparing with "en" avoids building one per call (reports show ~10^5)
    return text if (lang or current_lang()) == Lang.EN else text.replace(".", ",")


_SHOWN_STEP = {kind: Decimal(1).scaleb(-places) for kind, places in SHOWN_PLACES.items()}


class _JsonText(dict[Decimal, str]):
    """Decimal -> its JSON text for one kind, remembered: the serialiser calls ``__getitem__``
    from pydantic's Rust core without a Python frame, and a run's levels repeat thousands of
    times (equal values share an entry: Decimal("1") and Decimal("1.00") write the same text).
    Emptied when it holds ``LIMIT`` values, so a long-lived caller keeps at most that."""

    LIMIT = 8192

    def __init__(self, places: int) -> None:
        super().__init__()
        self.step = Decimal(1).scaleb(-places)

    def __missing__(self, value: Decimal) -> str:
        if len(self) >= self.LIMIT:
            self.clear()
        text = json_text(value, self.step)
        self[value] = text
        return text


def json_text(value: Decimal, step: Decimal) -> str:
    """``value`` cut (toward zero) to ``step``, in plain notation, never "-0".

    Cut rather than rounded: rounding the cut value half up to fewer places (the display rule,
    the ranking precision) then gives exactly what rounding the exact value gives; rounding
    twice would not (66.124951 -> 66.1250 -> 66.13, but 66.12 directly)."""
    cut = value.quantize(step, rounding=ROUND_DOWN)
    return f"{cut if cut else cut.copy_abs():f}"


_JSON_TEXT = {kind: _JsonText(places) for kind, places in JSON_PLACES.items()}


def to_json(value: Decimal | int, kind: NumberKind) -> str:
    """The contract's JSON text of a number (what results.json and check.json's ``raw`` hold)."""
    if kind == NumberKind.EXACT:
        return display(value, kind, Lang.EN)
    return _JSON_TEXT[kind][Decimal(value)]


def _json_decimal(kind: NumberKind) -> object:
    """The serialiser and JSON Schema of a Decimal field of ``kind``."""
    places = JSON_PLACES[kind]
    pattern = rf"^-?[0-9]+\.[0-9]{{{places}}}$"
    return (
        kind,
        PlainSerializer(_JSON_TEXT[kind].__getitem__, return_type=str, when_used="json"),
        WithJsonSchema(
            {"type": "string", "pattern": pattern, "x-kind": kind.value}, mode="serialization"
        ),
    )


Points = Annotated[Decimal, *_json_decimal(NumberKind.POINTS)]
"""A Decimal of points: exact in memory, cut to 4 decimals in JSON ("1.5000")."""
Percent = Annotated[Decimal, *_json_decimal(NumberKind.PERCENT)]
"""A Decimal on the 0-100 scale: exact in memory, cut to 6 decimals in JSON ("66.666666")."""
Ratio = Annotated[Decimal, *_json_decimal(NumberKind.RATIO)]
"""A quotient: exact in memory, cut to 4 decimals in JSON ("1.0063")."""
Count = Annotated[int, NumberKind.COUNT]
"""A whole number (a JSON integer)."""


@dataclass(frozen=True, slots=True)
class Number:
    """A value with its kind, as a finding carries it: shown by the display rule in the
    finding's language, kept by the contract in its machine-readable ``raw`` values."""

    value: Decimal | int
    kind: NumberKind = NumberKind.POINTS

    def shown(self, lang: Lang | str | None = None) -> str:
        return display(self.value, self.kind, lang)

    def raw(self) -> str:
        return to_json(self.value, self.kind)


def shown_date(value: dt.date) -> str:
    """A date as Vietnamese write it: dd/mm/yyyy (the raw value is ISO 8601)."""
    return value.strftime("%d/%m/%Y")


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


def kind_of(annotation: object) -> NumberKind | None:
    """The number kind an annotation carries (``Points``, ``Points | None``,
    ``dict[str, Count]`` ...), None for a field that is not a number."""
    metadata = getattr(annotation, "__metadata__", ())
    for item in metadata:
        if isinstance(item, NumberKind):
            return item
    for arg in get_args(annotation):
        found = kind_of(arg)
        if found is not None:
            return found
    return None


def number_fields(model: type[BaseModel]) -> dict[str, NumberKind]:
    """Field name -> number kind of every numeric field of a model (docs and tests walk it)."""
    out = {}
    for name, field in model.model_fields.items():
        own = [item for item in field.metadata if isinstance(item, NumberKind)]
        kind = own[0] if own else kind_of(field.annotation)
        if kind is not None:
            out[name] = kind
    return out


def written(value: Decimal, lang: Lang | str = Lang.VI) -> str:
    """A number of the criteria set in the texts officers read (the workbooks, the method
    texts), as the set writes it ("1,5", not the display rule's "1,50"; "2,625", not "2,63"):
    the officer types what the text says. Vietnamese unless ``lang`` says otherwise."""
    return display(value, NumberKind.EXACT, lang)
