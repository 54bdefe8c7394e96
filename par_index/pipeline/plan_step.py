"""``par-index plan`` as a step of the pipeline: the plan workbooks, or the plan on a date
written to outputs/ (the reading and writing it uses are in ``pipeline.plan``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from par_index.pipeline.load import cached_criteria
from par_index.pipeline.manifest import write_manifest
from par_index.pipeline.plan import (
    default_as_of,
    make_plan_workbooks,
    read_records,
    require_plan,
    save_plan_view,
)
from par_index.plan.status import PlanStatus, plan_status
from par_index.units import load_units
from par_index.workspace import Workspace


@dataclass
class PlanOutcome:
    """What ``par-index plan`` did: the workbooks made, the plan on the date asked about, the
    files written to outputs/."""

    made: list[Path] = field(default_factory=list)
    status: PlanStatus | None = None
    written: list[Path] = field(default_factory=list)
    mixed: list[str] = field(default_factory=list)
    """Outputs no complete run wrote (``pipeline.manifest``)."""


def run_plan(
    ws: Workspace,
    *,
    templates: bool = False,
    as_of: dt.date | None = None,
    write: bool = True,
    today: dt.date | None = None,
) -> PlanOutcome:
    """``templates``: the plan workbooks; else (or also, with ``as_of``) the plan on ``as_of``
    (default: today, at most the period's end), written to outputs/ unless ``write`` is
    false."""
    cs = cached_criteria(ws)
    units = load_units(ws.path(ws.config.units), cs.type_ids())
    plan = require_plan(ws, cs.type_ids(), units)
    outcome = PlanOutcome()
    if templates:
        outcome.made = make_plan_workbooks(ws, plan, units)
        if as_of is None:
            return outcome
    day = as_of or default_as_of(ws, today)
    records = read_records(ws, plan, units, today)
    outcome.status = plan_status(records, units, day)
    if write:
        outcome.written = save_plan_view(ws, outcome.status)
        outcome.mixed = write_manifest(ws, ("plan",), outcome.written)
    return outcome
