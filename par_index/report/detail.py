"""A unit page's table of every criterion, as rows of HTML each rendered once per run.

A country run prints ~240,000 criterion rows (3,321 units x 73), of which ~2,000 differ:
the same criterion with the same points and notes is the same row of HTML. ``DetailTable``
renders each distinct row once (``detail_row`` of report/_unit.html.j2) and reuses it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from operator import attrgetter
from typing import TYPE_CHECKING

from markupsafe import Markup

from par_index.results import CriterionResult, UnitResult

if TYPE_CHECKING:
    from par_index.report.context import ViewBuilder

_TEXTS = attrgetter(
    "code", "title", "note_1", "explanation", "note_2", "findings", "not_applicable"
)
_POINTS = attrgetter(
    "possible", "self_score", "recomputed", "appraised_1", "appraised_2", "survey", "final"
)
"""What a criterion row prints; the points go into the key as ``str`` (exact, so the sign of
a zero, which ``display`` prints, is kept, while Decimal("-0") == Decimal("0"))."""


@dataclass
class DetailRow:
    kind: str
    """"area" / "section" (a heading row) or "criterion"."""
    code: str
    title: str
    possible: str = ""
    self_score: str = ""
    recomputed: str = ""
    round_1: str = ""
    round_2: str = ""
    survey: str = ""
    final: str = ""
    notes: tuple[tuple[str, str], ...] = ()
    findings: int = 0
    not_applicable: bool = False
    differs: bool = False
    """The final score differs from the self-score."""


class DetailTable:
    """The rows of every unit's criteria table, each distinct row rendered once."""

    def __init__(self, b: ViewBuilder) -> None:
        self.b = b
        self.html: dict[tuple, Markup] = {}
        self._render: Callable[[DetailRow], Markup] | None = None

    def rows(self, unit: UnitResult) -> list[Markup]:
        """Every criterion in grid order, with a heading row at each new area or section."""
        out: list[Markup] = []
        heading = None
        for c in unit.criteria:
            key = c.area if c.section == "tree" else c.section
            if key != heading:
                heading = key
                out.append(self._row(("heading", c.section, key), c, heading_row))
            out.append(self._row((_TEXTS(c), *map(str, _POINTS(c))), c, criterion_row))
        return out

    def _row(
        self,
        key: tuple,
        c: CriterionResult,
        build: Callable[[ViewBuilder, CriterionResult], DetailRow],
    ) -> Markup:
        html = self.html.get(key)
        if html is None:
            if self._render is None:
                self._render = _row_macro()
            html = self.html[key] = self._render(build(self.b, c))
        return html


def _row_macro() -> Callable[[DetailRow], Markup]:
    from par_index.report.environment import environment

    return environment().get_template("report/_unit.html.j2").module.detail_row  # type: ignore[attr-defined]


def title_of(b: ViewBuilder, code: str, fallback: str) -> str:
    node = b.cs.node(code)
    return b.local(node.title) if node is not None else fallback


def heading_row(b: ViewBuilder, c: CriterionResult) -> DetailRow:
    if c.section != "tree":
        extras = getattr(b.cs, c.section, None)
        title = b.local(extras.title) if extras is not None else b.t.get(c.section, c.section)
        return DetailRow("section", "", title)
    return DetailRow("area", c.area, title_of(b, c.area, c.area))


def criterion_notes(b: ViewBuilder, c: CriterionResult) -> tuple[tuple[str, str], ...]:
    """(label, text) of the council's notes and the unit's explanation on one criterion."""
    t = b.t
    return tuple(
        (label, value)
        for label, value in (
            (t["round_1"], c.note_1),
            (t["explanation"], c.explanation),
            (t["round_2"], c.note_2),
        )
        if value
    )


def criterion_row(b: ViewBuilder, c: CriterionResult) -> DetailRow:
    t = b.t
    notes = criterion_notes(b, c)
    return DetailRow(
        kind="criterion",
        code=c.code,
        title=title_of(b, c.code, c.title),
        possible=b.num(c.possible),
        self_score=b.num(c.self_score),
        recomputed=b.num(c.recomputed),
        round_1=b.num(c.appraised_1),
        round_2=b.num(c.appraised_2),
        survey=b.num(c.survey),
        final=t["not_applicable"] if c.not_applicable else b.num(c.final),
        notes=notes,
        findings=c.findings,
        not_applicable=c.not_applicable,
        differs=c.self_score is not None and c.self_score != c.final,
    )
