"""Reading a workspace's inputs, each file once: configuration, criteria, units, appraisal
workbooks, survey and last period's results -> ``Inputs``, the data every stage takes."""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path

from par_index import __version__
from par_index.appraisal.read import read_appraisals
from par_index.check.context import CheckContext
from par_index.criteria import load_criteria
from par_index.criteria.load import resolve
from par_index.criteria.model import CriteriaSet
from par_index.errors import ParIndexError
from par_index.i18n import Lang, current_lang
from par_index.inputs import Inputs
from par_index.io import write_text_atomic
from par_index.pipeline.names import criteria_ref
from par_index.results import Results
from par_index.results_io import load_results
from par_index.survey import read_surveys
from par_index.units import Unit, load_units
from par_index.workspace import Workspace

CACHE_ENV = "PAR_INDEX_CACHE"
"""A folder for the criteria cache instead of the user's cache folder; "off" for none."""


def load_inputs(ws: Workspace, lang: Lang | str | None = None, *, scoring: bool = True) -> Inputs:
    """Everything a run needs from the workspace, each file read once. ``scoring=False``
    (checking, the appraisal workbook) opens no appraisal workbook and no survey file."""
    cs = cached_criteria(ws)
    units: list[Unit] = load_units(ws.path(ws.config.units), cs.type_ids())
    previous = previous_results(ws)
    inputs = Inputs(
        cs=cs,
        units=units,
        period=ws.config.period,
        context=check_context(ws, previous, lang),
        previous=previous,
        ranking=ws.config.ranking,
        staff=ws.config.staff,
        survey_config=ws.config.survey,
        firmness=ws.config.firmness,
    )
    if scoring:
        appraisals = read_appraisals(ws.path(ws.config.paths.appraisal), cs, units)
        # a sheet whose columns could not be found leaves its unit unappraised (provisional)
        inputs.appraisals = {c: a for c, a in appraisals.items() if a.entries or not a.problems}
        inputs.problems = [p for a in appraisals.values() for p in a.problems]
        inputs.survey = read_surveys(
            ws.path(ws.config.paths.survey), cs, units, inputs.survey_answers
        )
    return inputs


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


# -- the criteria cache -------------------------------------------------------------------------
def cached_criteria(ws: Workspace) -> CriteriaSet:
    """The workspace's criteria set. A valid set is kept as JSON in the user's cache folder,
    keyed by the tool's version and the YAML's bytes, so later runs skip the YAML parse
    (~0.3 s); an entry that no longer validates is ignored and the YAML read again."""
    cache = _cache_file(criteria_ref(ws))
    if cache is not None and cache.is_file():
        with contextlib.suppress(ValueError, OSError):  # unusable entry: parse the YAML again
            return CriteriaSet.model_validate_json(cache.read_bytes())
    cs = load_criteria(criteria_ref(ws))  # raises, with file:line, when the set is invalid
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
