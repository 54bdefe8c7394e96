"""Reading a workspace's inputs, each file once: configuration, criteria, units, appraisal
workbooks, survey and last period's results -> ``Inputs``, the data every stage takes."""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

from par_index import __version__
from par_index.appraisal.bodies import plan
from par_index.appraisal.read import read_appraisals
from par_index.check.context import CheckContext
from par_index.criteria import load_criteria
from par_index.criteria.load import period_year, resolve, shipped_sets_for
from par_index.criteria.model import CriteriaSet
from par_index.criteria.sets import UnitGroup, UnitSets, shared_type
from par_index.errors import ConfigError, ParIndexError
from par_index.i18n import Lang, Message, current_lang
from par_index.inputs import Inputs
from par_index.io import write_text_atomic
from par_index.pipeline.names import criteria_ref
from par_index.pipeline.plan import year_end
from par_index.results import Results
from par_index.results_io import load_results
from par_index.survey import read_surveys
from par_index.units import Unit, load_units
from par_index.workspace import CONFIG_NAME, Workspace
from par_index.yamlsrc import load_yaml

M_PERIOD_OUTSIDE = Message(
    "config.period-outside-set",
    "{file}: kỳ đánh giá “{period}” nằm ngoài các năm bộ tiêu chí “{criteria}” được dùng "
    "({years}); điểm sẽ chấm theo tiêu chí chưa có hoặc đã bỏ trong năm đó. Hãy chọn bộ tiêu chí "
    "cho năm {year} ở mục criteria ({fits}), hoặc, nếu bộ là của tỉnh và vẫn dùng cho năm này, "
    "thêm {year} vào mục years của bộ.",
    "{file}: the period “{period}” lies outside the years the criteria set “{criteria}” is used "
    "for ({years}); it would score criteria that did not exist or were dropped that year. Choose "
    "a set for {year} under criteria ({fits}), or, if the set is the province's own and still "
    "applies, add {year} to the set's years.",
)
M_NO_SET_FITS = Message("config.period-no-shipped-set", "không có bộ có sẵn nào", "no shipped set")

M_TYPE_TWICE = Message(
    "config.unit-type-twice",
    "{where}: loại đơn vị “{unit_type}” có trong bộ tiêu chí của cả khối “{first}” "
    "({first_set}) và khối “{second}” ({second_set}), nên không biết đơn vị loại này thuộc khối "
    "nào. Mỗi loại đơn vị chỉ được thuộc một khối: hãy chọn bộ tiêu chí khác cho một trong hai "
    "khối.",
    "{where}: unit type “{unit_type}” is in the set of both group “{first}” ({first_set}) and "
    "group “{second}” ({second_set}), so a unit of this type belongs to no one group. Each unit "
    "type belongs to one group: choose another set for one of the two groups.",
)

CACHE_ENV = "PAR_INDEX_CACHE"
"""A folder for the criteria cache instead of the user's cache folder; "off" for none."""


def load_inputs(ws: Workspace, lang: Lang | str | None = None, *, scoring: bool = True) -> Inputs:
    """Everything a run needs from the workspace, each file read once. ``scoring=False``
    (checking, the appraisal workbook) opens no appraisal workbook and no survey file."""
    sets = unit_sets(ws)
    cs = cached_criteria(ws) if sets is None else sets.groups[0].cs
    for one in [cs] if sets is None else [group.cs for group in sets.groups]:
        refuse_outside_years(ws, one)
    known = cs.type_ids() if sets is None else sets.type_ids()
    units: list[Unit] = load_units(ws.path(ws.config.units), known)
    previous = previous_results(ws)
    context = check_context(ws, previous, lang)
    year_plan = year_end(ws, context, cs.type_ids(), units)
    inputs = Inputs(
        cs=cs,
        sets=sets,
        units=units,
        period=ws.config.period,
        context=context.model_copy(update={"plan": year_plan}) if year_plan else context,
        previous=previous,
        ranking=ws.config.ranking,
        staff=ws.config.staff,
        survey_config=ws.config.survey,
        firmness=ws.config.firmness,
    )
    inputs.problems = list(year_plan.problems) if year_plan else []
    if scoring:
        folder = ws.path(ws.config.paths.appraisal)
        the_plan = plan(cs, ws.config.appraisal)
        appraisals = read_appraisals(folder, inputs.all_sets, units, the_plan)
        # a sheet whose columns could not be found leaves its unit unappraised (provisional)
        inputs.appraisals = {c: a for c, a in appraisals.items() if a.entries or not a.problems}
        found = [p for a in appraisals.values() for p in a.problems]
        inputs.problems = [*inputs.problems, *found]
        inputs.survey = read_surveys(
            ws.path(ws.config.paths.survey), inputs.all_sets, units, inputs.survey_answers
        )
    return inputs


def refuse_outside_years(ws: Workspace, cs: CriteriaSet) -> None:
    """Refuse a period whose year the set does not list under ``years`` (a set without
    ``years``, or a period without a year in it, is not checked)."""
    year = period_year(ws.config.period)
    if year is None or not cs.years or year in cs.years:
        return
    fits = shipped_sets_for(year)
    raise ConfigError(
        M_PERIOD_OUTSIDE,
        file=str(ws.root / CONFIG_NAME),
        period=ws.config.period,
        criteria=cs.id,
        years=", ".join(map(str, cs.years)),
        year=year,
        fits=", ".join(fits) or M_NO_SET_FITS.format(),
    )


def previous_results(ws: Workspace) -> Results | None:
    """Last period's results.json, when the workspace names one that exists."""
    relative = ws.config.paths.previous
    if not relative:
        return None
    path = ws.path(relative)
    return load_results(path) if path.is_file() else None


def check_context(
    ws: Workspace, previous: Results | None, lang: Lang | str | None = None
) -> CheckContext:
    """The check context of a workspace: its period, dates, deadline, thresholds and last
    period's appraised totals (provisional units left out)."""
    config = ws.config
    totals = {} if previous is None else {
        u.unit.code: u.final_total for u in previous.units if not u.provisional
    }  # fmt: skip
    return CheckContext(
        period=config.period,
        assessment_start=config.assessment_start,
        assessment_end=config.assessment_end,
        deadline=config.deadlines.self_assessment,
        previous_totals=totals,
        config=config.check,
        lang=Lang(lang or current_lang()),
    )


def unit_sets(ws: Workspace) -> UnitSets | None:
    """The groups of units and their sets (``groups:``), each unit type in exactly one set;
    None for a workspace with one set (``criteria:``)."""
    if not ws.config.groups:
        return None
    groups = [UnitGroup(g.id, g.name, cached_criteria(ws, g.criteria)) for g in ws.config.groups]
    shared = shared_type([g.cs for g in groups])
    if shared is not None:
        unit_type, first, second = shared
        raise ConfigError(M_TYPE_TWICE, **_both(ws, groups, first, second), unit_type=unit_type)
    return UnitSets(tuple(groups))


def _both(ws: Workspace, groups: list[UnitGroup], first: int, second: int) -> dict[str, object]:
    """Where the second of two groups declaring one unit type names its set, and both sets."""
    file = ws.root / CONFIG_NAME
    line = load_yaml(file).line_of(("groups", second, "criteria"))
    return {
        "where": f"{file}:{line}" if line else str(file),
        "first": groups[first].name,
        "first_set": groups[first].cs.id,
        "second": groups[second].name,
        "second_set": groups[second].cs.id,
    }


# -- the criteria cache -------------------------------------------------------------------------
def cached_criteria(ws: Workspace, name: str | None = None) -> CriteriaSet:
    """The workspace's criteria set (``name``: a group's set). A valid set is kept as JSON in
    the user's cache folder, keyed by the tool's version and the YAML's bytes, so later runs
    skip the YAML parse (~0.3 s); an entry that no longer validates is ignored and the YAML
    read again."""
    ref = criteria_ref(ws, name)
    cache = _cache_file(ref)
    if cache is not None and cache.is_file():
        with contextlib.suppress(ValueError, OSError):  # unusable entry: parse the YAML again
            return CriteriaSet.model_validate_json(cache.read_bytes())
    cs = load_criteria(ref)  # raises, with file:line, when the set is invalid
    if cache is not None:
        with contextlib.suppress(OSError):  # a read-only cache only costs the next run 0.3 s
            cache.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomic(cache, cs.model_dump_json())
    return cs


def _cache_file(ref: str | Path) -> Path | None:
    """Where the set's cached JSON lives; None when caching is off or the YAML is missing."""
    folder = cache_folder()
    if folder is None:
        return None
    try:
        source = resolve(ref)
        key = hashlib.sha256(source.read_bytes())
    except (ParIndexError, OSError):
        return None
    key.update(__version__.encode())
    return folder / f"criteria-{key.hexdigest()[:32]}.json"


def cache_folder() -> Path | None:
    """``$PAR_INDEX_CACHE`` ("off": no cache), else the user's cache folder for par-index."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return None if chosen.strip().lower() in {"", "off", "0", "no"} else Path(chosen)
    from platformdirs import user_cache_path

    return user_cache_path("par-index", appauthor=False)
