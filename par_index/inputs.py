"""Everything one period's check and scoring need, already read: the data every stage takes.

``par_index.pipeline.load_inputs`` builds it from a workspace (each file read once); tests and
library callers build it from data. The stages never open the workspace themselves.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from par_index.appraisal.model import Appraisal
from par_index.check.context import CheckContext
from par_index.criteria.model import CriteriaSet
from par_index.criteria.sets import Sets, UnitGroup, UnitSets
from par_index.firmness.config import FirmnessConfig
from par_index.memo import Memo
from par_index.ranking import RankingConfig
from par_index.results import InputProblem, Results
from par_index.staff import StaffConfig
from par_index.units import Unit

Survey = dict[str, dict[str, Decimal]]
"""Unit code -> survey criterion code -> points (from ``par_index.survey.read_surveys``)."""


@dataclass(frozen=True)
class SurveySample:
    """The answers behind one unit's survey points: (weight in percent of the max, answer
    count) per option. Kept for the sampling error of the rank interval (``par_index.firmness``)."""

    answers: tuple[tuple[Decimal, Decimal], ...]

    @property
    def size(self) -> Decimal:
        """How many people answered."""
        return sum((count for _weight, count in self.answers), Decimal(0))


SurveyAnswers = dict[str, dict[str, SurveySample]]
"""Unit code -> survey criterion code -> its answers (rows given as counts; a row given as a
percentage has no sample size and is absent)."""


class MissingSurvey(StrEnum):
    """What a survey criterion gives a unit the survey has no result for (``survey.missing``)."""

    RESCALE = "rescale"
    """Left off the unit's scale (its index is computed on the other criteria), provisional."""
    PROVISIONAL = "provisional"
    """0 points on the full scale, provisional until the result arrives."""
    ZERO = "zero"
    """0 points on the full scale, final (the province's decision)."""


class SurveyConfig(BaseModel):
    """``survey:`` in par-index.yaml."""

    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    missing: MissingSurvey = MissingSurvey.RESCALE
    """rescale (default), provisional or zero. The default never lets a survey that did not
    reach a unit sink it: 0 of 20 points would drop it to last and cap its head's grade for a
    gap that is not its own; rescaled and provisional, it is ranked on what it did and marked
    until the result arrives."""


@dataclass
class Inputs:
    """One period's inputs: the set, the units, the council's and the survey's results, last
    period's results, the check context and the ranking and staff rules.

    A workspace with groups of units (``groups:``) has ``sets``, a set per group; each group is
    checked and scored on its set and ranked on its own (``of_group``)."""

    cs: CriteriaSet
    """The set (with groups: the first group's; a unit's own is ``set_for``)."""
    units: Sequence[Unit]
    period: str
    context: CheckContext = field(default_factory=CheckContext)
    appraisals: Mapping[str, Appraisal] = field(default_factory=dict)
    """Unit code -> its appraisal sheet (sheets whose columns could not be found left out)."""
    survey: Survey | None = None
    """None: no survey this period (survey criteria leave the scale)."""
    survey_config: SurveyConfig = field(default_factory=SurveyConfig)
    """What a survey criterion without a result for the unit gives."""
    survey_answers: SurveyAnswers = field(default_factory=dict)
    """The answer counts behind the survey points (the rank interval's sampling error)."""
    previous: Results | None = None
    """Last period's results, for year-over-year comparison and the far-above check."""
    ranking: RankingConfig = field(default_factory=RankingConfig)
    staff: StaffConfig = field(default_factory=StaffConfig)
    firmness: FirmnessConfig = field(default_factory=FirmnessConfig)
    """The rank interval's simulation and the area-weight check."""
    problems: Sequence[InputProblem] = ()
    """Problems found in the plan files (every run) and the appraisal workbooks (scoring)."""
    sets: UnitSets | None = None
    """The groups of units and their sets (None: every unit on ``cs``)."""
    _by_code: tuple[int, dict[str, Unit]] = field(
        default=(0, {}), init=False, repr=False, compare=False
    )
    _groups: dict[str, Inputs] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def memo(self) -> Memo:
        """The run's memo (row plans, rule evaluations): the check context's, dropped with
        the inputs."""
        return self.context.memo

    def unit(self, code: str | None) -> Unit | None:
        """The unit of the units file with this code, else None."""
        made_for, by_code = self._by_code
        if made_for != id(self.units):  # made once per units list
            by_code = {u.code: u for u in self.units}
            self._by_code = (id(self.units), by_code)
        return by_code.get(code or "")

    @property
    def all_sets(self) -> Sets:
        """What the readers and writers over many units take: the set, or the set per group."""
        return self.cs if self.sets is None else self.sets

    def set_for(self, unit_type: str) -> CriteriaSet:
        """The set a unit of this type is checked and scored on."""
        return self.cs if self.sets is None else self.sets.of(unit_type)

    def of_group(self, group: UnitGroup) -> Inputs:
        """These inputs for one group of units: its set and its units only. Made once, on first
        use, from the fields as they are then: fill the inputs (appraisals, survey) first."""
        made = self._groups.get(group.id)
        if made is None:
            types = set(group.cs.type_ids())
            units = [u for u in self.units if u.unit_type in types]
            made = self._groups[group.id] = replace(self, cs=group.cs, units=units, sets=None)
        return made

    def within(self, unit: Unit) -> Inputs:
        """The inputs a unit is checked and scored with: its group's (itself without groups)."""
        return self if self.sets is None else self.of_group(self.sets.group_of(unit.unit_type))

    def by_group(self) -> list[tuple[UnitGroup | None, Inputs]]:
        """Each group with its inputs, in the configuration's order; (None, self) without
        groups."""
        if self.sets is None:
            return [(None, self)]
        return [(group, self.of_group(group)) for group in self.sets.groups]
