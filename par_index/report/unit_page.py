"""One unit's page: area profile, strengths, what to fix next year, every criterion, findings."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePath
from typing import TYPE_CHECKING

from markupsafe import Markup

from par_index.check.attribution import (
    L_NONE,
    L_SCORED,
    L_SET_ASIDE,
    scored_text,
    set_aside_text,
)
from par_index.check.finding import SEVERITY_ORDER, Finding
from par_index.criteria.model import Criterion
from par_index.firmness.words import summary
from par_index.numbers import NumberKind
from par_index.report.detail import criterion_notes, title_of
from par_index.report.style import Badge, Change, signed
from par_index.results import UnitResult

if TYPE_CHECKING:
    from par_index.report.context import ViewBuilder
    from par_index.report.rows import StaffRow

WEAKEST = 5
STRONGEST_AREAS = 3


@dataclass
class AreaRow:
    code: str
    title: str
    possible: str
    self_score: str
    final: str
    percent: str
    bg: str
    bar: str
    """Width of the profile bar, in % of the cell (CSS only)."""


@dataclass
class WeakRow:
    code: str
    title: str
    lost: str
    final: str
    possible: str
    todo: str


@dataclass
class FindingRow:
    severity: str
    severity_label: str
    code: str
    title: str
    """The finding's name in the report's language (the code beside it, smaller)."""
    criterion: str
    where: str
    message: str
    fix: str


@dataclass
class FindingGroup:
    """The findings of one kind and severity on a unit page, in one printed line."""

    severity: str
    severity_label: str
    code: str
    title: str
    count: int
    places: str
    """Where they are: "1.1.2 (H16), 2.4 (H53)" (criterion, cell)."""


@dataclass
class NoteGroup:
    """One note text and the criteria it was written on (the printed page lists these)."""

    label: str
    text: str
    criteria: str
    """"1.1.2, 2.4, 3.2.1", in the grid's order."""


@dataclass
class UnitPage:
    anchor: str
    code: str
    name: str
    badge: Badge | None
    provisional: bool
    excluded: str | None
    class_reason: str | None
    survey_missing: bool
    rank_change: Change
    index_change: Change
    submitted: bool
    notes: list[str]
    facts: list[tuple[str, str]]
    areas: list[AreaRow]
    strengths: list[str]
    weakest: list[WeakRow]
    rows: list[Markup]
    """The criteria table's rows, as HTML (see ``DetailTable``)."""
    note_groups: list[NoteGroup]
    """The notes of the criteria table, one line a text: the printed page lists these."""
    findings: list[FindingRow]
    finding_groups: list[FindingGroup]
    """The findings again, one line per kind: the printed page lists these (report.css)."""
    staff: StaffRow | None


def facts(b: ViewBuilder, unit: UnitResult, total: int) -> list[tuple[str, str]]:
    """The key figures printed under the unit's name."""
    t = b.t
    rank = t["rank_of"].format(rank=unit.rank, total=total) if unit.rank else t["excluded"]
    inner = [b.rank_interval(unit).strip("()"), rank_margins(b, unit)]
    if any(inner):
        rank += f" ({'; '.join(part for part in inner if part)})"
    out = [
        (t["unit_type"], b.types.get(unit.unit.unit_type, unit.unit.unit_type)),
        (t["rank"], rank),
        (t["index"], b.num(unit.index, NumberKind.PERCENT)),
        (t["points"], f"{b.num(unit.final_total)} / {b.num(unit.possible)}"),
        (t["self_total"], b.num(unit.self_total)),
        (t["gap"], signed(unit.gap, b.lang)),
    ]
    if unit.bonus or unit.penalty:
        out += [(t["bonus"], b.num(unit.bonus)), (t["penalty"], b.num(unit.penalty))]
    out += firmness_facts(b, unit)
    if unit.previous_index is not None:
        last = b.num(unit.previous_index, NumberKind.PERCENT)
        if unit.previous_rank is not None:
            last += f" ({t['rank'].lower()} {unit.previous_rank})"
        out.append((t["previous"], last))
    if unit.unit.group:
        out.append((t["group"], unit.unit.group))
    head = ", ".join(p for p in (unit.unit.head_name, unit.unit.head_title) if p)
    if head:
        out.append((t["head"], head))
    scored = (
        scored_text(unit.scored_file, unit.scored_version, b.lang) if unit.scored_file else None
    )
    out.append((L_SCORED.format(b.lang), scored or L_NONE.format(b.lang)))
    if unit.set_aside:
        out.append((L_SET_ASIDE.format(b.lang), set_aside_text(unit.set_aside, b.lang)))
    return out


def rank_margins(b: ViewBuilder, unit: UnitResult) -> str:
    """How firm the rank is: "cách hạng trên 0,12 điểm, hơn hạng dưới 0,30 điểm"."""
    pairs = (("rank_margin_up", unit.rank_margin_up), ("rank_margin_down", unit.rank_margin_down))
    return ", ".join(
        b.t[key].format(points=b.num(value, NumberKind.PERCENT))
        for key, value in pairs
        if value is not None
    )


PENDING_LISTED = 8
"""Pending criteria named one by one up to this many; more are counted."""


def firmness_facts(b: ViewBuilder, unit: UnitResult) -> list[tuple[str, str]]:
    """The class margins and the criteria still pending, as facts."""
    t, out = b.t, []
    label = unit.class_label or ""
    shown = [
        t[key].format(points=b.num(value, NumberKind.PERCENT), label=label)
        for key, value in (
            ("class_margin_up", unit.class_margin_up),
            ("class_margin_down", unit.class_margin_down),
        )
        if value is not None
    ]
    if shown:
        out.append((t["class_margin"], ", ".join(shown)))
    said = summary(unit, b.results.firmness_weight_change)
    if said or unit.rank is not None:
        out.append((t["firmness"], said or t["firm"]))
    if unit.pending:
        many = len(unit.pending) > PENDING_LISTED
        listed = t["pending_count"].format(count=len(unit.pending)) if many else None
        out.append((t["pending"], listed or ", ".join(unit.pending)))
    return out


def area_rows(b: ViewBuilder, unit: UnitResult) -> list[AreaRow]:
    rows = []
    for area in unit.areas:
        node = b.cs.node(area.code)
        title = b.local(node.title) if node is not None else area.title
        rows.append(
            AreaRow(
                area.code,
                title,
                b.num(area.possible),
                b.num(area.self_score),
                b.num(area.final),
                b.num(area.percent, NumberKind.PERCENT),
                b.heat(unit.unit.unit_type, area.percent),
                bar_width(area.percent),
            )
        )
    return rows


def bar_width(percent: Decimal | None) -> str:
    """0..100 as CSS text with one decimal (a drawing size, not a score)."""
    if percent is None:
        return "0"
    return f"{min(max(percent, Decimal(0)), Decimal(100)):.1f}"


def strengths(b: ViewBuilder, unit: UnitResult) -> list[str]:
    """The best areas and how many criteria reached full points."""
    ranked = sorted(
        (a for a in unit.areas if a.percent is not None and a.percent > 0),
        key=lambda a: (-a.percent, a.code),  # type: ignore[operator]
    )
    out = [
        b.t["strength_area"].format(
            area=f"{a.code}. {title_of(b, a.code, a.title)}",
            percent=b.num(a.percent, NumberKind.PERCENT),
        )
        for a in ranked[:STRONGEST_AREAS]
    ]
    scored = [c for c in unit.criteria if c.section == "tree" and c.possible > 0]
    full = sum(1 for c in scored if c.final >= c.possible)
    out.append(b.t["full_marks"].format(count=full, total=len(scored)))
    return out


def weakest(b: ViewBuilder, unit: UnitResult) -> list[WeakRow]:
    """The criteria that lost the most points, with what the set says to do about them."""
    lost = [c for c in unit.criteria if c.section == "tree" and c.possible > c.final]
    lost.sort(key=lambda c: (-(c.possible - c.final), b.position(c.code)))
    rows = []
    for c in lost[:WEAKEST]:
        node = b.cs.node(c.code)
        todo = ""
        if isinstance(node, Criterion):
            todo = b.local(node.unmet_message) or b.local(node.method)
        rows.append(
            WeakRow(
                c.code,
                title_of(b, c.code, c.title),
                b.num(c.possible - c.final),
                b.num(c.final),
                b.num(c.possible),
                todo,
            )
        )
    return rows


def finding_rows(b: ViewBuilder, found: list[Finding]) -> list[FindingRow]:
    ordered = sorted(
        found, key=lambda f: (b.position(f.criterion or ""), SEVERITY_ORDER[f.severity])
    )
    return [
        FindingRow(
            severity=str(f.severity),
            severity_label=b.t[str(f.severity)],
            code=f.code,
            title=b.finding_title(f.code),
            criterion=f.criterion or "",
            where=where(f),
            message=f.message,
            fix=f.fix,
        )
        for f in ordered
    ]


def note_groups(b: ViewBuilder, unit: UnitResult) -> list[NoteGroup]:
    """Each distinct (label, note) with the criteria it is on, in order of first appearance."""
    groups: dict[tuple[str, str], list[str]] = {}
    for c in unit.criteria:
        for note in criterion_notes(b, c):
            groups.setdefault(note, []).append(c.code)
    return [NoteGroup(label, text, ", ".join(codes)) for (label, text), codes in groups.items()]


def finding_groups(b: ViewBuilder, found: list[Finding]) -> list[FindingGroup]:
    """One line per (severity, kind), most severe first, places in the criteria's order."""
    ordered = sorted(found, key=lambda f: (b.position(f.criterion or ""), f.cell or ""))
    groups: dict[tuple[str, str], list[Finding]] = {}
    for f in ordered:
        groups.setdefault((str(f.severity), f.code), []).append(f)
    keys = sorted(groups, key=lambda k: SEVERITY_ORDER[groups[k][0].severity])
    return [
        FindingGroup(
            severity=severity,
            severity_label=b.t[severity],
            code=code,
            title=b.finding_title(code),
            count=len(groups[severity, code]),
            places=", ".join(dict.fromkeys(p for p in map(place, groups[severity, code]) if p)),
        )
        for severity, code in keys
    ]


def place(f: Finding) -> str:
    """Criterion and cell, shortest first: "1.1.2 (H16)", "1.1.2", "H16", the file's name."""
    if f.criterion:
        return f"{f.criterion} ({f.cell})" if f.cell else f.criterion
    if f.cell:
        return f.cell
    return PurePath(f.file).name if f.file else ""


def where(f: Finding) -> str:
    """File · sheet!cell, as the officer finds it in the workbook (no folders)."""
    cell = f"{f.sheet}!{f.cell}" if f.sheet and f.cell else (f.sheet or f.cell or "")
    parts = [PurePath(f.file).name if f.file else "", cell]
    return " · ".join(p for p in parts if p)


def build_unit_page(
    b: ViewBuilder, unit: UnitResult, anchor: str, found: list[Finding], total: int
) -> UnitPage:
    """Everything on one unit's page."""
    return UnitPage(
        anchor=anchor,
        code=unit.unit.code,
        name=unit.unit.name,
        badge=b.badge(unit),
        provisional=unit.provisional,
        excluded=unit.excluded,
        class_reason=unit.class_reason,
        survey_missing=bool(unit.survey_missing),
        rank_change=b.changes(unit)[0],
        index_change=b.changes(unit)[1],
        submitted=unit.submitted,
        notes=list(unit.notes),
        facts=facts(b, unit, total),
        areas=area_rows(b, unit),
        strengths=strengths(b, unit),
        weakest=weakest(b, unit),
        rows=b.detail.rows(unit),
        note_groups=note_groups(b, unit),
        findings=finding_rows(b, found),
        finding_groups=finding_groups(b, found),
        staff=b.staff_row(unit),
    )
