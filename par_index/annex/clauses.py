"""What the rule finders share: a method text cut into clauses, each with the value it gives
(points, or a percentage of the maximum), the ``Recognised`` result, and label helpers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from par_index.annex.table import NUM

LABEL_CHARS = 60
TODO_FIGURE = "Kiểm tra tên (name) và nhãn (label) của số liệu kê khai do công cụ đặt."

_I = re.IGNORECASE
SPLIT = re.compile(r"[;\n]|(?<!\d)\.(?!\d)")
_NOT_A_SCORE = ("tối đa", "tùy", "tuỳ", "căn cứ")
_POINTS = re.compile(r"(?<![%\d.,])" + NUM + r"\s*(?:điểm|đ)(?![a-zà-ỹđ])", _I)
_OF_MAX = re.compile(NUM + r"\s*%\s*(?:của\s+)?(?:số\s+)?điểm(?:\s+tối\s+đa)?", _I)
_FULL = re.compile(r"(?:được\s+)?(?:(?:số\s+)?điểm\s+tối\s+đa|đủ\s+điểm)\s*$", _I)
_BARE = re.compile(r"[:=]\s*" + NUM + r"\s*$")
"""A level line without the word "điểm": "Ban hành kịp thời: 1", "Ban hành chậm: 0,5"."""


@dataclass
class Recognised:
    """A rule read from the method text: the YAML of the rule, its figures, and what to check."""

    kind: str
    rule: dict[str, Any]
    figures: list[dict[str, Any]] = field(default_factory=list)
    checks: list[dict[str, Any]] = field(default_factory=list)
    todo: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    """Other keys of the criterion the rule needs, e.g. final_from: recomputed."""


@dataclass
class Clause:
    """One clause of a method text with the value it gives (points, or % of the maximum)."""

    text: str
    """The clause without its value phrase, as written."""
    points: Decimal | None = None
    percent: Decimal | None = None

    @property
    def low(self) -> str:
        return self.text.lower()

    @property
    def scored(self) -> bool:
        return self.points is not None or self.percent is not None

    def worth(self, most: Decimal) -> Decimal:
        if self.points is not None:
            return self.points
        assert self.percent is not None  # only scored clauses are asked what they are worth
        return most * self.percent / 100

    def value(self) -> dict[str, Decimal]:
        if self.points is not None:
            return {"points": self.points}
        assert self.percent is not None  # only scored clauses are asked for their value
        return {"percent": self.percent}


def clauses_of(text: str) -> list[Clause]:
    """The clauses of a method text, split at semicolons, line breaks and full stops."""
    out = []
    for part in SPLIT.split(text):
        part = part.strip(" -+•–*:,")
        if part:
            out.append(_clause(part))
    return out


def _clause(part: str) -> Clause:
    of_max = _OF_MAX.search(part) or _FULL.search(part)
    if of_max is not None:
        percent = dec(of_max.group(1)) if of_max.re is _OF_MAX else Decimal(100)
        return Clause(_tidy(part[: of_max.start()] + part[of_max.end() :]), percent=percent)
    found = _POINTS.findall(part)
    if any(word in part.lower() for word in _NOT_A_SCORE):
        return Clause(part)
    if not found and (bare := _BARE.search(part)) is not None:
        return Clause(_tidy(part[: bare.start()]), points=dec(bare.group(1)))
    if len(found) != 1:
        return Clause(part)
    return Clause(_tidy(_POINTS.sub("", part)), points=dec(found[0]))


def _tidy(text: str) -> str:
    """The clause's words without a trailing "thì / được / đạt" (a label of its own, such as
    "Đạt" or "Không đạt", is kept)."""
    text = text.strip(" :,-=")
    tail = r"(?<!không )(?<!chưa )\b(thì|được|đạt|cho|tính)\s*$"
    return re.sub(tail, "", text, flags=_I).strip(" :,-=") or text


def dec(raw: str) -> Decimal:
    """A number matched by ``NUM`` ("1,5" or "1.5") as a Decimal."""
    return Decimal(raw.replace(",", "."))


def capital(text: str) -> str:
    """The text without surrounding punctuation, its first letter a capital."""
    text = text.strip(" .:;,")
    return text[:1].upper() + text[1:]


def short(text: str) -> str:
    """The text on one line, cut at a word to at most ``LABEL_CHARS`` characters."""
    text = " ".join(text.split())
    if len(text) <= LABEL_CHARS:
        return text
    return text[:LABEL_CHARS].rsplit(" ", 1)[0] + "…"
