"""The report's sections as plain rows of ready-to-print strings (what the templates lay out)."""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from par_index.report.style import Badge, Change
from par_index.report.unit_page import UnitPage


@dataclass
class Cover:
    period: str
    set_title: str
    version: str
    documents: list[str]
    illustrative: str
    generated: str
    producer: str
    tool: str
    provisional: str
    excluded: str
    stats: list[tuple[str, str]]
    survey_missing: str = ""


@dataclass
class RankRow:
    code: str
    name: str
    href: str
    group: str
    type_label: str
    rank: str
    rank_in_group: str
    index: str
    points: str
    badge: Badge | None
    provisional: bool
    excluded: str | None
    submitted: bool
    survey_missing: bool
    rank_change: Change
    index_change: Change
    gap: str
    findings: int
    search: str
    rank_interval: str = ""
    """"(2–5)": the simulated rank interval, when it is more than the rank."""


@dataclass
class MatrixRow:
    name: str
    href: str
    cells: list[tuple[str, str]]
    """(text, background colour) per area."""


@dataclass
class CodeRow:
    code: str
    title: str
    severity: str
    severity_label: str
    count: int
    units: int
    block: str = ""
    """The group of units (``groups:``) the findings counted belong to; "" without groups."""


@dataclass
class UnitFindingsRow:
    name: str
    href: str
    error: int
    warning: int
    info: int
    block: str = ""
    """The unit's group of units (``groups:``); "" without groups."""

    @property
    def total(self) -> int:
        return self.error + self.warning + self.info


@dataclass
class InflationRow:
    rank: str
    name: str
    href: str
    self_total: str
    final_total: str
    gap: str
    over_claimed: str
    ratio: str


@dataclass
class StaffRow:
    name: str
    href: str
    head: str
    disciplined: bool
    badge: Badge | None
    grade: str
    eligible: bool
    reasons: list[str]
    provisional: bool = False
    block: str = ""
    """The unit's group of units (``groups:``); "" without groups."""


@dataclass
class ProblemRow:
    severity: str
    severity_label: str
    where: str
    unit: str
    criterion: str
    message: str
    block: str = ""
    """The unit's group of units (``groups:``); "" when none or no unit."""


@dataclass
class GroupSection:
    """A group of units on its own set: its ranking table and its area matrix."""

    name: str
    anchor: str
    set_title: str
    ranking: list[RankRow]
    areas: list[tuple[str, str]]
    matrix: list[MatrixRow]


@dataclass
class GroupLink:
    title: str
    href: str
    count: int


@dataclass
class PlanUnitRow:
    """A unit of the plan section: its plan's counts on the date."""

    name: str
    planned: str
    done: str
    late: str
    overdue: str
    rate: str


@dataclass
class PlanOverdueRow:
    unit: str
    task: str
    lead: str
    due: str
    days: int


@dataclass
class PlanSection:
    """The year's PAR plan, compact: the units that are behind and the overdue tasks."""

    words: dict[str, str]
    summary: str
    units: list[PlanUnitRow]
    overdue: list[PlanOverdueRow]
    more: str
    """"and N more" under a cut list, else ""."""


@dataclass
class StatusRow:
    """A unit of the status section: its phase, versions, the step it waits on, its plan and
    the count of reminders pending, each a short cell."""

    name: str
    group: str
    phase: str
    versions: int
    waiting: str
    late: bool
    """The step it waits on is past its deadline."""
    plan: str
    reminders: int


@dataclass
class BodyRow:
    """An appraising body's progress: criteria decided of all it appraises, units done."""

    name: str
    filled: str
    units: str


@dataclass
class StatusSection:
    """Where each unit stands in the campaign on the report's date (``par_index.status``)."""

    summary: str
    units: list[StatusRow]
    bodies: list[BodyRow]
    with_groups: bool
    with_plan: bool


@dataclass
class ReportView:
    lang: str
    t: dict[str, str]
    title: str
    cover: Cover
    ranking: list[RankRow]
    has_groups: bool
    scope_rank: str
    """Header of the rank-within-type/group column ("" when ranking covers all units)."""
    areas: list[tuple[str, str]]
    matrix: list[MatrixRow]
    charts: dict[str, Markup]
    chart_note: str
    by_code: list[CodeRow]
    by_unit: list[UnitFindingsRow]
    inflation: list[InflationRow]
    staff: list[StaffRow]
    problems: list[ProblemRow]
    units: list[UnitPage]
    method: list[str]
    bands: list[tuple[str, list[tuple[Badge, str]]]]
    overrides: list[str]
    groups: list[GroupLink] = field(default_factory=list)
    sections: list[GroupSection] = field(default_factory=list)
    """With groups of units on their own sets: a ranking and an area matrix per group (then
    ``ranking``, ``areas`` and ``matrix`` are not shown)."""
    plan: PlanSection | None = None
    status: StatusSection | None = None
    interval_note: str = ""
    """What "3 (2–5)" in the ranking means (empty when no rank has an interval)."""
    inflation_parts: list[tuple[str, list[InflationRow]]] = field(default_factory=list)
    """With groups of units: the inflation ranking of each group (ranked within it), in place
    of ``inflation``."""
