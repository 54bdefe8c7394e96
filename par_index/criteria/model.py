"""The criteria set: a province's PAR criteria as plain, validated data.

A set is a tree: area (lĩnh vực) -> criterion (tiêu chí) -> sub-criterion (tiêu chí thành phần).
Leaves carry a scoring rule; parents only add up their children. Bonus (điểm thưởng) and penalty
(điểm trừ) sections sit outside the tree, each capped per year. Every field is documented because
the JSON Schema exported from these models is the format's reference for criteria authors.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Mapping
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from par_index.i18n import text

CODE_PATTERN = r"^([A-Z]+)?[0-9]+(\.[0-9]+)*$"
NAME_PATTERN = r"^[a-z][a-z0-9_]*$"
TYPE_PATTERN = r"^[a-z][a-z0-9_-]*$"


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class LocalText(Model):
    """Text in Vietnamese with an optional English version. A plain string means Vietnamese."""

    vi: str
    """Vietnamese text (shown by default)."""
    en: str | None = None
    """English text (shown with --lang en; falls back to Vietnamese)."""

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, data: Any) -> Any:
        return {"vi": data} if isinstance(data, str) else data

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: Any, handler: Any) -> dict[str, Any]:
        """In the schema, as in YAML: a plain string (Vietnamese) or {vi, en}."""
        schema = handler.resolve_ref_schema(handler(core_schema))
        return {
            "anyOf": [{"type": "string"}, dict(schema)],
            "description": schema.get("description"),
        }

    def __str__(self) -> str:
        return text(self.vi, self.en)


class Document(Model):
    """A legal document the set follows (quyết định, hướng dẫn)."""

    number: str
    """Number and symbol, e.g. "2204/QĐ-UBND"."""
    date: dt.date | None = None
    """Date of issue."""
    issuer: str
    """Issuing body, e.g. "UBND tỉnh Thừa Thiên Huế"."""
    title: LocalText | None = None
    """What the document is about."""


class UnitType(Model):
    """A kind of unit the set applies to: xã, phường, thị trấn, sở, ..."""

    id: Annotated[str, Field(pattern=TYPE_PATTERN)]
    """Short identifier used in units files and per-type maxima, e.g. "xa"."""
    label: LocalText
    """Name shown to users, e.g. "Xã"."""


class ScoredBy(StrEnum):
    """Who gives a criterion its points."""

    UNIT = "unit"
    """The unit self-scores; the appraisal council checks it."""
    APPRAISER = "appraiser"
    """Only the appraisal council scores it (thẩm định)."""
    SURVEY = "survey"
    """Points come from the sociological survey (điều tra xã hội học)."""


class NotApplicablePolicy(StrEnum):
    """What a criterion answered "Không áp dụng" gives."""

    EXCLUDE = "exclude"
    """It leaves the maximum: its points are removed from the points possible."""
    FULL_POINTS = "full_points"
    """It earns its full points."""


class FigureType(StrEnum):
    COUNT = "count"
    """A whole number >= 0 (dossiers, documents, violations)."""
    PERCENT = "percent"
    """A percentage 0..100."""
    NUMBER = "number"
    """Any decimal number."""
    YES_NO = "yes_no"
    """Có / Không."""
    CHOICE = "choice"
    """One of ``choices``."""
    DATE = "date"
    """A date (day first, as Vietnamese write it)."""
    SCORE = "score"
    """A score on its own scale, from ``min`` (default 0) to ``max`` (required), e.g. a 0–10
    sub-index. Percentage rules refuse it: 7.98 of 10 is not 7.98 %."""


class FigureSource(StrEnum):
    """Where par-index takes a figure's value from instead of the unit's cell."""

    DAYS_LATE = "days_late"
    """Days the workbook was sent after the self-assessment deadline (par-index.yaml
    ``deadlines.self_assessment``) by the submission date written in its header; 0 when on
    time. The same count the check's ``late-submission`` finding gives."""


class PlanMeasure(StrEnum):
    """A count par-index takes from the unit's plan workbook (Kế hoạch CCHC năm) or from the
    inspection workbook, as of the end of the assessment period (``par_index.plan``). The one
    list of plan measures: the criteria validator, scoring and the check all use it."""

    PLANNED = "planned"
    """Tasks in the unit's plan: the province's tasks for its unit type and its own."""
    DONE = "done"
    """Tasks done (a done date on or before the period's end), on time or late."""
    DONE_ON_TIME = "done_on_time"
    """Tasks done by their due date."""
    DONE_LATE = "done_late"
    """Tasks done after their due date."""
    NOT_DONE = "not_done"
    """Tasks without a done date by the period's end."""
    REPORTS_PLANNED = "reports_planned"
    """Periodic reports in the unit's plan: the province's tasks of kind ``bao_cao``
    (plan/nhiem-vu.csv, column "loại nhiệm vụ")."""
    REPORTS_ON_TIME = "reports_on_time"
    """Periodic reports sent by their due date."""
    REPORTS_LATE = "reports_late"
    """Periodic reports sent after their due date."""
    REPORTS_NOT_DONE = "reports_not_done"
    """Periodic reports not sent by the period's end."""
    INSPECTIONS_PLANNED = "inspections_planned"
    """Inspections of the unit in the Home Affairs office's schedule (the inspection
    workbook, made from plan/kiem-tra.csv)."""
    INSPECTIONS_DONE = "inspections_done"
    """Inspections of the unit held by the period's end (a date in "Ngày kiểm tra thực tế")."""

    @property
    def from_inspections(self) -> bool:
        """Counted from the inspection workbook, not from the unit's plan workbook."""
        return self in (PlanMeasure.INSPECTIONS_PLANNED, PlanMeasure.INSPECTIONS_DONE)


class Figure(Model):
    """A figure the unit declares (số liệu kê khai), from which the engine computes the score."""

    model_config = ConfigDict(populate_by_name=True)

    name: Annotated[str, Field(pattern=NAME_PATTERN)]
    """Identifier used by rules, e.g. "received"."""
    label: LocalText
    """What the officer reads in the workbook, e.g. "Tổng số hồ sơ tiếp nhận"."""
    type: FigureType = FigureType.COUNT
    """Kind of value."""
    min: Decimal | None = None
    """Lowest value allowed (counts default to 0, percents to 0)."""
    max: Decimal | None = None
    """Highest value allowed (percents default to 100)."""
    choices: list[str] = []
    """Allowed answers of a ``choice`` figure."""
    unit: str | None = None
    """Unit of measure shown next to the value, e.g. "hồ sơ"."""
    source: FigureSource | None = Field(None, alias="from")
    """Written ``from:``. ``days_late``: par-index counts the value (a count figure), e.g. the
    days late that feed a per_event late-submission penalty (days late x ``each``, within the
    item's maximum); the unit does not type it and what it types is not used. Without a
    deadline or a submission date the unit's own value counts."""


class Op(StrEnum):
    EQ = "eq"
    NE = "ne"
    LT = "lt"
    LE = "le"
    GT = "gt"
    GE = "ge"
    IN = "in"


class Condition(Model):
    """A test on declared values, without arbitrary expressions.

    Either a comparison (``figure``, ``op``, ``value``; ``figure: answer`` tests the criterion's
    answer) or a group (``all`` / ``any``). ``criterion`` names whose figure is meant, where the
    condition sits outside that criterion.
    """

    criterion: Annotated[str, Field(pattern=CODE_PATTERN)] | None = None
    """Code of the criterion whose figure is tested (default: the one carrying the condition)."""
    figure: str | None = None
    """Figure name, or ``answer`` for the criterion's choice (Có / Không / a level)."""
    op: Op = Op.EQ
    """Comparison."""
    value: Decimal | bool | str | list[Decimal | bool | str] | None = None
    """Value compared with."""
    all: list[Condition] | None = None
    """True when every condition is true."""
    any: list[Condition] | None = None
    """True when at least one condition is true."""

    @model_validator(mode="after")
    def _one_form(self) -> Condition:
        forms = [self.figure is not None, self.all is not None, self.any is not None]
        if sum(forms) != 1:
            raise ValueError("a condition needs exactly one of: figure, all, any")
        return self

    def figure_names(self, criterion: str | None = None) -> list[str]:
        """The figures the condition tests that belong to ``criterion`` (None: the criterion
        carrying the condition), in order, ``answer`` included."""
        if self.all is not None or self.any is not None:
            return [n for sub in (self.all or self.any or []) for n in sub.figure_names(criterion)]
        return [self.figure] if self.figure and self.criterion == criterion else []


class FinalFrom(StrEnum):
    """Where a criterion's final score comes from when the council gave it none."""

    SELF = "self"
    """The unit's self-score (kept within 0..max); blank gives 0."""
    RECOMPUTED = "recomputed"
    """The points the rule computes from the unit's declared figures and choices, whatever the
    self-score (a blank self-score then costs nothing)."""


class IndexExtras(StrEnum):
    """How bonus and penalty points count when criteria left the scale (not applicable, no
    survey)."""

    POINTS = "points"
    """As points added to (taken from) the total: the index is total ÷ points possible, so a
    bonus point weighs more on a scale that shrank (1 of 18 rather than 1 of 20)."""
    SCALED = "scaled"
    """Shrunk with the scale: bonus − penalty is multiplied by points possible ÷ ``scale`` before
    it is added, so a bonus point is always worth 1/``scale`` of the index."""


class IndexPolicy(Model):
    """How the index is made from the total (written in the set: it is the decision's rule)."""

    cap: bool = False
    """Cap the total at the points possible, so bonus cannot lift the index above 100 %."""
    extras: IndexExtras = IndexExtras.POINTS
    """How bonus and penalty count when the scale shrank."""


class Override(Model):
    """A condition that sets a criterion's points whatever its rule gives."""

    when: Condition
    points: Decimal
    """Points forced when the condition holds."""
    reason: LocalText
    """Why, shown wherever the override applies."""


class UnitOverride(Model):
    """A condition that sets the unit's class whatever its points (e.g. a disciplined leader)."""

    when: Condition
    force_class: str
    """Id of the classification band the unit gets."""
    reason: LocalText


class Ratio(Model):
    """A ratio of two declared figures, as a percentage: numerator / denominator x 100."""

    numerator: str
    denominator: str


class ZeroDenominator(StrEnum):
    """What a ratio rule gives when the denominator is 0 (e.g. no dossier received)."""

    FULL = "full"
    """Full points."""
    ZERO = "zero"
    """No points."""
    NOT_APPLICABLE = "not_applicable"
    """The criterion is treated as not applicable (per the set's policy)."""


class Level(Model):
    """One answer of a levels rule, worth points or a percentage of the maximum."""

    label: LocalText
    """Answer the officer picks, e.g. "Đúng hạn"."""
    points: Decimal | None = None
    percent: Decimal | None = None

    @model_validator(mode="after")
    def _points_or_percent(self) -> Level:
        if (self.points is None) == (self.percent is None):
            raise ValueError("a level needs exactly one of: points, percent")
        return self


class Band(Model):
    """A threshold band on a percentage: from ``min`` up to ``max``."""

    min: Decimal | None = None
    """Lower edge (none: no lower edge)."""
    max: Decimal | None = None
    """Upper edge (none: no upper edge)."""
    min_inclusive: bool = True
    max_inclusive: bool = False
    points: Decimal | None = None
    percent: Decimal | None = None

    @model_validator(mode="after")
    def _points_or_percent(self) -> Band:
        if (self.points is None) == (self.percent is None):
            raise ValueError("a band needs exactly one of: points, percent")
        return self

    def contains(self, value: Decimal) -> bool:
        """Whether a percentage falls in this band, edges per their inclusive flags."""
        above_min = (
            self.min is None or value > self.min or (value == self.min and self.min_inclusive)
        )
        below_max = (
            self.max is None or value < self.max or (value == self.max and self.max_inclusive)
        )
        return above_min and below_max


class YesNoRule(Model):
    """Có: ``yes`` points (default: the maximum); Không: ``no`` points."""

    kind: Literal["yes_no"]
    yes: Decimal | None = None
    no: Decimal = Decimal(0)


class LevelsRule(Model):
    """The officer picks one level; each level is worth points or a percentage of the max."""

    kind: Literal["levels"]
    levels: list[Level]


class ThresholdsRule(Model):
    """Bands on a percentage computed from declared figures (or declared directly)."""

    kind: Literal["thresholds"]
    ratio: Ratio | None = None
    """Percentage computed as numerator / denominator x 100."""
    figure: str | None = None
    """Or: a declared percent figure tested directly."""
    zero_denominator: ZeroDenominator | None = None
    """Required with ``ratio``: what a zero denominator gives."""
    bands: list[Band]


class ProportionalRule(Model):
    """Points = percentage / 100 x max, rounded half up to ``places`` decimals; with a
    ``target``, points = percentage / target x max, full points at or above the target."""

    kind: Literal["proportional"]
    ratio: Ratio | None = None
    figure: str | None = None
    zero_denominator: ZeroDenominator | None = None
    places: int = 2
    target: Decimal | None = None
    """The percentage that earns full points ("dưới 80 %: tỷ lệ ÷ 80 % × điểm tối đa");
    default 100."""


class DeductionRule(Model):
    """Start from the max, take ``each`` off per event, at most ``cap`` in all, not below floor."""

    kind: Literal["deduction"]
    figure: str
    """Count figure with the number of events (violations, late reports)."""
    each: Decimal
    floor: Decimal = Decimal(0)
    cap: Decimal | None = None


class ShareDeductionRule(Model):
    """Start from the max, take ``each`` percent of the max off per event ("trừ 25 % điểm"),
    at most ``cap`` percent in all, never below ``floor`` percent of the max: right when maxima
    differ by unit type."""

    kind: Literal["share_deduction"]
    figure: str
    """Count figure with the number of events."""
    each: Decimal
    """Percent of the criterion's maximum taken off per event."""
    cap: Decimal | None = None
    """At most this percent of the maximum taken off in all."""
    floor: Decimal = Decimal(0)
    """Never below this percent of the maximum."""


class ScaledRule(Model):
    """A figure on its own scale: points = value / ``out_of`` x max (a 0–10 sub-index:
    value / 10 x max), or value / ``divide_by`` points; rounded half up to ``places``."""

    kind: Literal["scaled"]
    figure: str
    """A ``score`` (or ``number``) figure."""
    out_of: Decimal | None = None
    """The figure's full scale (default: the figure's ``max``): reaching it earns the max."""
    divide_by: Decimal | None = None
    """Or: points are the value divided by this constant."""
    places: int = 2


class GroupScope(StrEnum):
    """Which units a group rule compares a unit with."""

    ALL = "all"
    """Every unit scored with the set in the period."""
    UNIT_TYPE = "unit_type"
    """The units of the same unit type."""
    GROUP = "group"
    """The units of the same group of the units file."""


class BestInGroupRule(Model):
    """Normalised to the best unit: points = value / the highest value in the group x max,
    rounded half up to ``places``. A rule over all units: each unit's points are known once
    every unit's figures are read (scoring fills them after the units; alone, a unit's points
    are pending)."""

    kind: Literal["best_in_group"]
    figure: str
    """The figure compared across units (higher is better)."""
    within: GroupScope = GroupScope.ALL
    """Which units are compared."""
    places: int = 2


class Case(Model):
    """One case of a conditions rule: when the condition holds, these points (or percent)."""

    when: Condition
    points: Decimal | None = None
    percent: Decimal | None = None
    """Percent of the maximum."""
    label: LocalText | None = None
    """How results and the method text name the case, e.g. "Ban hành kịp thời và có kinh phí"."""

    @model_validator(mode="after")
    def _points_or_percent(self) -> Case:
        if (self.points is None) == (self.percent is None):
            raise ValueError("a case needs exactly one of: points, percent")
        return self


class ConditionsRule(Model):
    """Cases over several figures, first that holds wins ("ban hành đúng hạn và bố trí kinh
    phí: 1 điểm"); none holds: ``otherwise`` points. Every figure a case tests must be
    declared."""

    kind: Literal["conditions"]
    cases: list[Case]
    otherwise: Decimal = Decimal(0)


class PerEventRule(Model):
    """``each`` points per event, up to the item's max (bonus and penalty items)."""

    kind: Literal["per_event"]
    figure: str
    each: Decimal


class SurveyRule(Model):
    """Points from survey answers: the share of each answer option times its weight (%)."""

    kind: Literal["survey"]
    options: dict[str, Decimal]
    """Answer option -> weight in percent of the max, e.g. A: 100, B: 60, C: 20, D: 0."""


class AppraiserRule(Model):
    """Only the appraisal council scores it, between 0 and the max."""

    kind: Literal["appraiser"]
    guidance: LocalText | None = None


Rule = Annotated[
    YesNoRule
    | LevelsRule
    | ThresholdsRule
    | ProportionalRule
    | DeductionRule
    | PerEventRule
    | SurveyRule
    | AppraiserRule
    | ShareDeductionRule
    | ScaledRule
    | BestInGroupRule
    | ConditionsRule,
    Field(discriminator="kind"),
]


class FigureCheck(Model):
    """A consistency check between figures: ``left`` <= ``right``, or parts adding up to a total."""

    kind: Literal["le", "sum"]
    left: str | None = None
    right: str | None = None
    total: str | None = None
    parts: list[str] = []


class EvidenceKind(StrEnum):
    """What a unit may cite as evidence."""

    DOCUMENT = "document"
    """A document with its number and date of issue (văn bản: số, ngày ban hành)."""
    WEB = "web"
    """A web address, e.g. the unit's web page or a page of the public-service portal."""
    FILE = "file"
    """A file sent with the workbook, e.g. a photo or an extract (ảnh chụp, tệp đính kèm)."""
    NONE = "none"
    """Nothing: the criterion needs no evidence."""


DAY_MONTH_PATTERN = r"^(0?[1-9]|[12][0-9]|3[01])/(0?[1-9]|1[0-2])$"


class EvidenceRequirement(Model):
    """What proves the criterion (tài liệu kiểm chứng)."""

    document: LocalText
    """The document expected, e.g. "Kế hoạch CCHC năm của UBND xã"."""
    required_for_points: bool = True
    """Points above 0 need at least one evidence reference."""
    accepts: list[EvidenceKind] = [EvidenceKind.DOCUMENT]
    """What counts as evidence: ``document`` (number and date needed), ``web`` (a web
    address), ``file`` (a file named in the cell); ``[none]``: nothing is needed. A citation of
    a kind the criterion does not accept is flagged (``evidence-wrong-kind``)."""
    standing: bool = False
    """A standing document issued before the period is acceptable (e.g. the decision that
    founded the one-stop shop): dated before the period it gives no finding when the unit
    explains it, an info otherwise. Without ``standing``, an explanation lowers the
    ``evidence-outside-period`` warning to info; a date after the period stays a warning."""
    deadline: Annotated[str, Field(pattern=DAY_MONTH_PATTERN)] | None = None
    """The day the document is due, "dd/mm" of the period's year (e.g. "31/01"). With
    ``on_time``: choosing one of those answers while every dated citation is later is flagged
    (``answer-contradicts-date``)."""
    on_time: list[str] = []
    """The answers (level labels, or "Có") that claim the document was issued by ``deadline``."""

    def due(self, year: int) -> dt.date | None:
        """The deadline in a period's year (None: no deadline)."""
        if self.deadline is None:
            return None
        day, month = (int(part) for part in self.deadline.split("/"))
        try:
            return dt.date(year, month, day)
        except ValueError:  # 29/02 in a common year: the last day of February
            return dt.date(year, month, day - 1)

    @property
    def needed(self) -> bool:
        """Some evidence is expected at all."""
        return EvidenceKind.NONE not in self.accepts


class Node(Model):
    """What areas, criteria and sub-criteria share."""

    code: Annotated[str, Field(pattern=CODE_PATTERN)]
    """Hierarchical code: "3" for an area, "3.2" for a criterion, "3.2.1" for a sub-criterion."""
    title: LocalText
    max: Decimal
    """Maximum points (for unit types not listed in ``max_by_type``)."""
    max_by_type: dict[str, Decimal] = {}
    """A different maximum for some unit types, e.g. {phuong: 1.5}."""
    applies_to: list[str] | None = None
    """Unit types the node exists for (default: all of the set's types)."""
    criteria: list[Criterion] = []
    """Children (criteria of an area, sub-criteria of a criterion)."""


class Criterion(Node):
    """A criterion or sub-criterion. A leaf (no ``criteria``) must have a ``rule``."""

    method: LocalText | None = None
    """The scoring-method text officers read (cách tính điểm)."""
    rule: Rule | None = None
    scored_by: ScoredBy | None = None
    """Who scores it; defaults from the rule (survey -> survey, appraiser -> appraiser)."""
    figures: list[Figure] = []
    checks: list[FigureCheck] = []
    evidence: EvidenceRequirement | None = None
    explanation_required: bool = False
    """A score below the max needs an explanation (giải trình)."""
    na_allowed: bool = False
    """The unit may answer "Không áp dụng"."""
    na_policy: NotApplicablePolicy | None = None
    """Overrides the set's not-applicable policy for this criterion."""
    overrides: list[Override] = []
    unmet_message: LocalText | None = None
    """What feedback says when the criterion is not fully met."""
    final_from: FinalFrom | None = None
    """Overrides the set's ``final_from`` for this criterion."""
    since: int | None = None
    """The first assessment year the criterion exists (e.g. 2022 for Bộ chỉ số 766, 2025 for the
    two-tier local government); a set whose ``years`` include an earlier year is refused."""
    plan: dict[str, PlanMeasure] | None = None
    """Figures taken from the unit's plan workbook (Kế hoạch CCHC năm) where the unit has one:
    figure name -> what is counted, e.g. ``{tasks_planned: planned, tasks_done: done}``. The
    figures must be counts; the plan's counts replace what the unit typed, and the check flags a
    self-assessment whose declared figures contradict its plan record."""

    @property
    def is_leaf(self) -> bool:
        return not self.criteria

    @property
    def scorer(self) -> ScoredBy:
        if self.scored_by is not None:
            return self.scored_by
        kind = getattr(self.rule, "kind", None)
        if kind == "survey":
            return ScoredBy.SURVEY
        if kind == "appraiser":
            return ScoredBy.APPRAISER
        return ScoredBy.UNIT

    def figure(self, name: str) -> Figure | None:
        return next((f for f in self.figures if f.name == name), None)


class Area(Node):
    """An area (lĩnh vực) of the set."""


class Extras(Model):
    """A bonus or penalty section outside the tree, capped per year."""

    title: LocalText
    max: Decimal
    """Cap on the section's total per year."""
    items: list[Criterion]


class ClassBand(Model):
    """A classification band: units at or above ``min`` (index %) get this class."""

    id: Annotated[str, Field(pattern=TYPE_PATTERN)]
    label: LocalText
    min: Decimal
    inclusive: bool = True
    """Whether a unit exactly at ``min`` belongs to this band."""
    color: str = "#888888"


class Classification(Model):
    bands: list[ClassBand]
    """Bands from highest to lowest."""
    by_type: dict[str, list[ClassBand]] = {}
    """Other bands for some unit types."""


class CriteriaSet(Model):
    """A whole criteria set (Bộ chỉ số / Bộ tiêu chí CCHC) for one level of government."""

    format: Literal[1] = 1
    """Format version of this file."""
    id: Annotated[str, Field(pattern=TYPE_PATTERN)]
    title: LocalText
    documents: list[Document]
    """The legal documents the set follows."""
    illustrative: LocalText | None = None
    """Which numbers are illustrative and must be replaced with the province's own annex."""
    years: list[int] = []
    """Assessment years the set is used for; none may come before a criterion's ``since``."""
    version: str
    unit_types: list[UnitType]
    scale: Decimal = Decimal(100)
    survey_share: Decimal = Decimal(0)
    """Points of the scale that come from the survey."""
    not_applicable_policy: NotApplicablePolicy = NotApplicablePolicy.EXCLUDE
    classification: Classification
    areas: list[Area]
    bonus: Extras | None = None
    penalty: Extras | None = None
    overrides: list[UnitOverride] = []
    final_from: FinalFrom = FinalFrom.SELF
    """Where a criterion's final score comes from when the council gave it none."""
    index: IndexPolicy = IndexPolicy()
    """Whether the index is capped at 100 % and how bonus and penalty count on a shrunk scale."""

    # -- navigation -------------------------------------------------------------------------
    def walk(self) -> Iterator[Node]:
        """Every area, criterion and sub-criterion in the order of the grid."""

        def visit(node: Node) -> Iterator[Node]:
            yield node
            for child in node.criteria:
                yield from visit(child)

        for area in self.areas:
            yield from visit(area)

    @cached_property
    def _index(self) -> dict[str, Node]:
        return {node.code: node for node in self.walk()}

    def node(self, code: str) -> Node | None:
        return self._index.get(code)

    def leaves(self) -> list[Criterion]:
        """Scored leaves of the tree, in order (no bonus or penalty items)."""
        return [n for n in self.walk() if isinstance(n, Criterion) and n.is_leaf]

    def extras_items(self) -> list[tuple[str, Criterion]]:
        """("bonus" | "penalty", item) for every item outside the tree."""
        out: list[tuple[str, Criterion]] = []
        for name in ("bonus", "penalty"):
            section = getattr(self, name)
            if section is not None:
                out.extend((name, item) for item in section.items)
        return out

    def type_ids(self) -> list[str]:
        return [t.id for t in self.unit_types]

    def applies(self, node: Node, unit_type: str) -> bool:
        """Whether the node (and all its ancestors) exist for the unit type."""
        code = node.code
        parts = code.split(".")
        for depth in range(1, len(parts) + 1):
            ancestor = self.node(".".join(parts[:depth])) if depth < len(parts) else node
            limits = ancestor.applies_to if ancestor is not None else None
            if limits is not None and unit_type not in limits:
                return False
        return True

    def max_for(self, node: Node, unit_type: str) -> Decimal | None:
        """The node's maximum for a unit type, or None when the node does not apply to it."""
        if not self.applies(node, unit_type):
            return None
        return node.max_by_type.get(unit_type, node.max)

    def bands_for(self, unit_type: str) -> list[ClassBand]:
        return self.classification.by_type.get(unit_type, self.classification.bands)

    def na_policy_for(self, criterion: Criterion) -> NotApplicablePolicy:
        return criterion.na_policy or self.not_applicable_policy

    def final_from_for(self, criterion: Criterion) -> FinalFrom:
        return criterion.final_from or self.final_from

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy whose cached index and content hash are computed afresh."""
        copy = super().model_copy(update=update, deep=deep)
        for name in ("_index", "content_hash"):
            copy.__dict__.pop(name, None)
        return copy

    @cached_property
    def content_hash(self) -> str:
        """SHA-256 of the set's canonical JSON: a workbook made for other content is refused.
        Keys added to the format later are left out while at their default (``LATE_DEFAULTS``),
        so a set that does not use them keeps its hash and its workbooks stay valid."""
        canonical = _without_late_defaults(self.model_dump(mode="json"))
        payload = json.dumps(canonical, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


LATE_DEFAULTS: dict[str, tuple[Any, ...]] = {
    "final_from": (None, "self"),
    "index": ({"cap": False, "extras": "points"},),
    "target": (None,),
    "source": (None,),
    "since": (None,),
    "plan": (None,),
}
"""Keys added to format 1 after workbooks were made with it -> their default values (in JSON).
``content_hash`` leaves such a key out while it holds a default: a set that does not use the
key hashes as before. A key added to a model with a default belongs here."""


def _without_late_defaults(data: Any) -> Any:
    if isinstance(data, dict):
        return {
            key: _without_late_defaults(value)
            for key, value in data.items()
            if not (key in LATE_DEFAULTS and value in LATE_DEFAULTS[key])
        }
    if isinstance(data, list):
        return [_without_late_defaults(item) for item in data]
    return data
