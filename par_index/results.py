"""Scored, ranked results: what ``score`` produces, reports render and next year reads back.

``results.json`` is this model serialised (schema documented in docs/results-schema.md and
exported by ``Results.model_json_schema()``). Bump ``SCHEMA_VERSION`` on any breaking change and
keep ``load_results`` able to read the previous version.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from par_index.numbers import Count, Percent, Points, Ratio
from par_index.units import Unit

SCHEMA_VERSION = 2
"""2: numbers by the number contract (points 4 decimals, percent 6, ratio 4: numbers.JSON_PLACES);
1: exact decimals. load_results reads both."""


class _Model(BaseModel):
    """Field docstrings become the JSON Schema's descriptions (docs/results.schema.json)."""

    model_config = ConfigDict(use_attribute_docstrings=True)


class Grade(StrEnum):
    """Staff-evaluation grades (Nghị định 90/2020, 48/2023; 335/2025), best first."""

    EXCELLENT = "hoan_thanh_xuat_sac"
    """Hoàn thành xuất sắc nhiệm vụ."""
    GOOD = "hoan_thanh_tot"
    """Hoàn thành tốt nhiệm vụ."""
    DONE = "hoan_thanh"
    """Hoàn thành nhiệm vụ."""
    NOT_DONE = "khong_hoan_thanh"
    """Không hoàn thành nhiệm vụ."""


class ScoreChange(_Model):
    """Who changed a score in appraisal, and why."""

    round: Count
    """1 or 2."""
    before: Points | None
    """Score before the round (the self-score, or round 1); None: none or not applicable."""
    after: Points | None
    """Score the round set; None: the council answered not applicable."""
    note: str | None = None
    """The council's note (why)."""
    by: str | None = None
    """Who set it (the appraisal workbook's file and sheet, or a council member's name)."""


class CriterionResult(_Model):
    """One criterion (leaf) or bonus/penalty item of one unit."""

    code: str
    title: str
    area: str
    """Code of the area the criterion belongs to."""
    section: str = "tree"
    """"tree", "bonus" or "penalty"."""
    possible: Points
    """Points possible for this unit (0 when excluded as not applicable)."""
    self_score: Points | None = None
    """The self-score as typed (None: left blank; not capped)."""
    recomputed: Points | None = None
    """What the rule engine computes from the unit's own figures and choices."""
    appraised_1: Points | None = None
    """Appraisal round 1 (None: not set)."""
    note_1: str | None = None
    """The council's round-1 note."""
    explanation: str | None = None
    """The unit's answer to the council's note (giải trình)."""
    appraised_2: Points | None = None
    """Appraisal round 2 (None: not set)."""
    note_2: str | None = None
    """The council's round-2 note."""
    survey: Points | None = None
    """Points from the survey (survey criteria only)."""
    final: Points = Decimal(0)
    """The score that counts: round 2, else round 1, else survey, else self-score."""
    provisional: bool = False
    """Not appraised yet (the final score is the capped self-score) or survey points missing."""
    survey_missing: bool = False
    """A survey criterion the survey has no result for (``survey.missing`` says what it
    gives: left off the scale, or 0 points)."""
    not_applicable: bool = False
    """Counted as not applicable (per the set's policy)."""
    reason: str | None = None
    """Why par-index set the score itself, e.g. the late-submission penalty from the days
    late (a figure ``from: days_late``)."""
    changes: list[ScoreChange] = []
    """Each appraisal round that changed the score, in order."""
    findings: Count = 0
    """Number of check findings on this criterion."""
    finding_codes: list[str] = []
    """Codes of the check findings on this criterion."""
    gap: Points | None = None
    """Points over-claimed: self minus final (final minus self for a penalty item); None when
    the unit does not score the criterion (survey, appraiser-only)."""


class AreaResult(_Model):
    """One area (lĩnh vực) of one unit."""

    code: str
    title: str
    possible: Points
    self_score: Points
    """Points the unit claimed: self-scores capped to [0, max]; survey and appraiser-only
    criteria counted at their final score."""
    final: Points
    percent: Percent | None
    """final / possible x 100, exact (None when nothing is possible)."""
    gap: Points = Decimal(0)
    """Self minus final over the area's criteria."""


class StaffOutcome(_Model):
    """What the PAR result means for the unit head and for emulation."""

    highest_grade: Grade
    """Highest grade the unit head may get this year."""
    emulation_eligible: bool
    """Whether the unit may be proposed for emulation titles."""
    reasons: list[str] = []
    """The text of every rule that applied, in the table's order."""
    provisional: bool = False
    """The result it rests on is provisional (not appraised, or survey results missing): the
    consequences may change."""
    firm: bool = True
    """False when another rank or class within the unit's rank interval or area checks would
    give another grade or emulation verdict (a reason says which)."""


class SetAside(_Model):
    """A file of a unit that was not scored, and why."""

    file: str
    """File name as received."""
    reason: str
    """"superseded" (a newer file of the unit counts), "same-time" (received at the same time
    as another file of the unit: none of them counts), "disputed" (its name names one unit and
    its hidden code another: it counts for no one) or "unreadable"."""


class FileVersion(_Model):
    """Which of its unit's received files a file is, and when it was received (the received
    log, ``par_index.received``)."""

    version: int | None = None
    """1 for the unit's first file received, 2 for the next ... (None: the file counts for no
    unit)."""
    received: dt.datetime | None = None
    """When it was received, if ``par-index receive`` recorded it (None: put in by hand)."""
    source: str = "mtime"
    """How the received time is known: "receive" (``par-index receive`` recorded the moment it
    arrived; lateness counts from it), "mtime" (put in the submissions folder by hand: the
    file's modification time) or "after-log" (by hand after the log was last written, its
    modification time older than that: one second after that writing)."""


class StaleAppraisal(_Model):
    """The council appraised another file than the one scored: the unit re-sent its workbook
    after the appraisal workbook was made. Appraised scores stand; a blank round cell keeps the
    self-score the council saw; the unit stays provisional until it is appraised again."""

    appraisal: str
    """The appraisal sheet ("file › sheet")."""
    cell: str | None = None
    """The sheet's fingerprint cell."""
    appraised_file: str | None = None
    """The self-assessment file the council appraised (None: none had been received)."""
    appraised_sha256: str | None = None
    file: str | None = None
    """The file scored now (None: none)."""
    sha256: str | None = None
    changed: list[str] = []
    """Criteria whose self-score in the file scored differs from the one the council saw."""


class UnitResult(_Model):
    """One unit's scores, place, class, gaps and staff outcome."""

    unit: Unit
    """The unit as in the units file."""
    provisional: bool = False
    """Not (fully) appraised yet, or survey results missing: the scores may change."""
    excluded: str | None = None
    """Reason the unit is left out of the ranking (None: ranked)."""
    criteria: list[CriterionResult] = []
    """Every criterion and bonus/penalty item, in the order of the grid."""
    areas: list[AreaResult] = []
    """Every area that applies to the unit type."""
    bonus: Points = Decimal(0)
    """Bonus points counted (within the section's cap)."""
    penalty: Points = Decimal(0)
    """Penalty points counted (within the section's cap)."""
    self_total: Points = Decimal(0)
    """What the unit claimed in all, counted like final_total."""
    final_total: Points = Decimal(0)
    """Tree points + bonus - penalty."""
    possible: Points = Decimal(0)
    """Points possible: the tree's maxima for the unit type, less not-applicable exclusions."""
    index: Percent = Decimal(0)
    """final_total / possible x 100, exact."""
    rank: Count | None = None
    """Rank among all ranked units (ties share it); None when excluded."""
    rank_in_group: Count | None = None
    """Rank within the unit type or group, when ranking_scope says so."""
    set_group: str | None = Field(None, exclude_if=lambda v: v is None)
    """Id of the group of units (``groups:`` in par-index.yaml) whose set scored the unit and
    within which its rank, class and staff outcome are decided (``rank`` is its rank in that
    group); absent when every unit is scored on one set."""
    class_id: str | None = None
    """Id of the classification band (e.g. tot, kha)."""
    class_label: str | None = None
    """Name of the band, e.g. Khá."""
    class_reason: str | None = None
    """Set when an override forced the class."""
    gap: Points = Decimal(0)
    """Self total minus final total (points over-claimed when positive)."""
    inflation: Ratio | None = None
    """Self total / final total (1 = honest)."""
    inflation_rank: Count | None = None
    """1 for the most inflated self-scoring (ties share it)."""
    findings: dict[str, Count] = {}
    """Finding counts by severity."""
    finding_codes: dict[str, Count] = {}
    """Finding counts by code (the staff rules test codes)."""
    submitted: bool = True
    """False when no self-assessment workbook was received (unit-scored criteria give 0)."""
    scored_file: str | None = None
    """The file scored for the unit (None: none counts, see ``set_aside``)."""
    scored_version: FileVersion | None = None
    """Which version of the unit's files the scored file is, and when it was received."""
    set_aside: list[SetAside] = []
    """The unit's other files (by name or hidden code), not scored, with why."""
    head_disciplined: bool = False
    """The unit head was disciplined this year (from the configuration or a declared figure)."""
    over_claimed: Points = Decimal(0)
    """Sum of the positive per-criterion gaps: points claimed that appraisal did not grant."""
    rank_from_bottom: Count | None = None
    """1 for the lowest index in the ranking scope (ties share it)."""
    notes: list[str] = []
    """Why the unit is provisional or incomplete, in the language of the run."""
    group_values: dict[str, Decimal] = Field(default_factory=dict, exclude=True)
    """Criterion code -> the figure a rule over all units (best_in_group) compares across
    units: the unit's declared value. Carried from the per-unit step to the step over all units
    (``scoring.with_group_rules``); not written to results.json (``recomputed`` has the points)."""
    survey_missing: list[str] = []
    """Codes of the survey criteria the survey has no result for (never counted as 0
    silently: the unit is marked in every report and its staff outcome)."""
    stale_appraisal: StaleAppraisal | None = None
    """Set when the council appraised another file than the one scored (a re-sent workbook)."""
    previous_index: Percent | None = None
    """Last period's index (matched by unit code)."""
    previous_rank: Count | None = None
    """Last period's rank."""
    index_change: Percent | None = None
    """Published index minus last period's published index."""
    rank_change: Count | None = None
    """Positive when the unit moved up."""
    staff: StaffOutcome | None = None
    """What the result means for the head's evaluation and emulation."""
    rank_margin_up: Percent | None = None
    """Index points (published) up to the next higher ranked unit: how near the rank above is
    (None: first, or not ranked)."""
    rank_margin_down: Percent | None = None
    """Index points (published) down to the next lower ranked unit (None: last, or not
    ranked)."""
    class_margin_up: Percent | None = None
    """Index points (published) up to the next class's minimum (None: the highest class, or a
    forced class)."""
    class_margin_down: Percent | None = None
    """Index points (published) above this class's minimum (None: the lowest class, or a
    forced class)."""
    pending: list[str] = []
    """Codes of the criteria whose score may still change: not appraised yet, or without a
    survey result."""
    rank_low: Count | None = None
    """Rank interval, best end: the simulated ranks' low percentile (the survey's sampling
    error, the criteria still under appraisal; ``firmness`` in par-index.yaml). None: not
    ranked, or no simulation."""
    rank_high: Count | None = None
    """Rank interval, worst end: the simulated ranks' high percentile."""
    index_low: Percent | None = None
    """The simulated published index's low percentile (None: no simulation)."""
    index_high: Percent | None = None
    """The simulated published index's high percentile."""
    class_share: Ratio | None = None
    """Share of the simulated draws (0 to 1) that keep the unit in its class (None: a forced
    class, no class, or no simulation)."""
    weights_rank_min: Count | None = None
    """Best rank over the area checks: each area left out (the index on the other areas'
    maxima) and each area's weight up and down (10 % by default, the others rescaled)."""
    weights_rank_max: Count | None = None
    """Worst rank over the area checks."""
    weights_index_min: Percent | None = None
    """Lowest published index over the area checks."""
    weights_index_max: Percent | None = None
    """Highest published index over the area checks."""
    weights_moves: list[str] = []
    """The area checks that change the unit's rank or class: "-A" (area A left out), "A+10%",
    "A-10%"."""
    firm: bool = True
    """False when the rank interval is more than the rank itself, the class holds in fewer draws
    than the interval's coverage, or an area check moves the rank or class."""

    def compact(self, pool: dict) -> UnitResult:
        """This result with equal texts, numbers and field sets of its rows shared with those
        of results compacted before into ``pool`` (a row's own copies cost ~3 KiB: 3,321 units
        x 70 rows would not fit the memory budget). Values are immutable; nothing is copied."""
        share = pool.setdefault
        numbers = share(Decimal, {})  # keyed by text: "1.0" and "1" are equal, not the same
        for row in (*self.criteria, *self.areas):
            state = row.__dict__
            for name, value in state.items():
                kind = type(value)
                if kind is str:
                    state[name] = share(value, value)
                elif kind is Decimal:
                    state[name] = numbers.setdefault(str(value), value)
            names = row.__pydantic_fields_set__
            object.__setattr__(row, "__pydantic_fields_set__", share(frozenset(names), names))
        return self


class InputProblem(_Model):
    """A problem in an appraisal workbook or survey file, at its sheet and cell or line."""

    code: str
    """Stable code, e.g. "appraisal.note-missing"."""
    severity: str = "error"
    """"error" (fix before publishing) or "warning"."""
    file: str
    """File name as in the workspace."""
    sheet: str | None = None
    cell: str | None = None
    line: Count | None = None
    unit: str | None = None
    criterion: str | None = None
    message: str
    """The message, naming where and what to do, in the language of the run."""


class ResultGroup(_Model):
    """A group of units scored and ranked on its own set (a workspace with ``groups:``)."""

    id: str
    """The group's id, as in each unit's ``set_group``."""
    name: str
    """Its heading, e.g. "Sở, ban, ngành"."""
    criteria_id: str
    criteria_version: str
    criteria_title: str
    criteria_documents: list[str] = []
    """The legal documents the group's set follows."""


class Results(_Model):
    """The results of one period."""

    schema_version: Count = SCHEMA_VERSION
    """Version of this format; load_results refuses other versions."""
    generated_at: str
    """When the results were computed (ISO 8601, UTC)."""
    tool_version: str
    """par-index version that computed them."""
    period: str
    """Assessment period, e.g. 2021."""
    criteria_id: str
    """Id of the criteria set (with groups: the groups' set ids joined by "+")."""
    criteria_version: str
    """Version of the criteria set (with groups: the versions joined by "+")."""
    criteria_title: str
    """Title of the criteria set (with groups: the titles joined by "; ")."""
    criteria_documents: list[str] = []
    """The legal documents the set follows (with groups: every group's, once each)."""
    groups: list[ResultGroup] = Field(default_factory=list, exclude_if=lambda v: not v)
    """The groups of units, each on its own set, in the configuration's order; units are
    listed group by group, ranked within their group. Absent: every unit on one set."""
    units: list[UnitResult] = []
    """In ranking order (ranked units first, then excluded ones)."""
    ranking_scope: str = "all"
    """"all", "unit_type" or "group"."""
    precision: Count = 2
    """Decimals of the index at which ties are decided."""
    staff_table: str | None = None
    """Which staff-rule table was applied ("nd90", "nd335", "custom")."""
    firmness_draws: Count = 0
    """Simulated draws behind the rank intervals (0: none made)."""
    firmness_seed: Count | None = None
    """The simulation's seed (the same inputs and seed give the same intervals)."""
    firmness_interval: Count = 90
    """The rank interval's coverage in percent (90: 5th to 95th percentile)."""
    firmness_weight_change: Percent = Decimal(10)
    """The area checks' change of each area's weight, in percent."""
    problems: list[InputProblem] = []
    """Problems found in the appraisal workbooks (their values were left out or flagged)."""
