"""The explanation round's file work: the per-unit explanation workbooks written from round 1
(``make_explanation_workbooks``), and the answers the units send back read and written into the
appraisal workbooks (``answer_into_appraisal``). The library parts live in
``par_index.appraisal.explanation``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from par_index.appraisal.bodies import plan
from par_index.appraisal.explanation import (
    BookHeading,
    UnitExplanations,
    fill_appraisal,
    read_explanations,
    scored_down,
    write_explanation_workbook,
)
from par_index.inputs import Inputs
from par_index.pipeline.load import load_inputs
from par_index.pipeline.names import appraisal_workbooks, explanation_workbook
from par_index.results import InputProblem
from par_index.workbook import guard
from par_index.workspace import Workspace


@dataclass
class ExplanationBooks:
    """What ``make_explanation_workbooks`` wrote: a workbook per unit scored down."""

    written: dict[str, Path] = field(default_factory=dict)
    """Unit code -> its explanation workbook."""
    rows: dict[str, int] = field(default_factory=dict)
    """Unit code -> how many criteria it is asked about."""
    not_appraised: list[str] = field(default_factory=list)
    """Units whose round 1 is not marked done (no workbook made for them)."""
    problems: list[InputProblem] = field(default_factory=list)
    """Problems of the appraisal workbooks read."""


def make_explanation_workbooks(ws: Workspace) -> ExplanationBooks:
    """After round 1: for every unit the council marked appraised and scored down (or noted
    something on), its explanation workbook in outputs/giai-trinh. Units not yet marked
    appraised get none (listed)."""
    inputs = load_inputs(ws)
    out = ExplanationBooks(problems=list(inputs.problems))
    config = ws.config
    for unit in inputs.units:
        cs = inputs.set_for(unit.unit_type)
        heading = BookHeading(config.period, cs.id, config.deadlines.explanation, config.contact)
        appraisal = inputs.appraisals.get(unit.code)
        if appraisal is None or not appraisal.complete:
            out.not_appraised.append(unit.code)
            continue
        rows = scored_down(cs, unit, appraisal)
        if not rows:
            continue
        path = explanation_workbook(ws, unit)
        path.parent.mkdir(parents=True, exist_ok=True)
        out.written[unit.code] = write_explanation_workbook(path, cs, unit, rows, heading)
        out.rows[unit.code] = len(rows)
    return out


def explanations_received(ws: Workspace) -> bool:
    """Some file lies in the explanations folder (lock and hidden files aside)."""
    folder = ws.path(ws.config.paths.explanations)
    entries = folder.glob("*.xlsx") if folder.is_dir() else []
    return any(guard.ignored_reason(p.name) is None for p in entries)


@dataclass
class Answered:
    """What ``answer_into_appraisal`` did."""

    units: dict[str, UnitExplanations] = field(default_factory=dict)
    """Unit code -> its explanations, read and validated."""
    cells: int = 0
    """Explanation cells written into the appraisal workbooks."""
    files: list[Path] = field(default_factory=list)
    """The appraisal workbooks changed."""
    problems: list[InputProblem] = field(default_factory=list)


def read_received(ws: Workspace, inputs: Inputs | None = None) -> Answered:
    """The explanation workbooks the units returned, read and validated."""
    inputs = inputs or load_inputs(ws, scoring=False)
    folder = ws.path(ws.config.paths.explanations)
    found, loose = read_explanations(folder, inputs.all_sets, inputs.units)
    problems = [*loose, *(p for u in found.values() for p in u.problems)]
    return Answered(units=found, problems=problems)


def answer_into_appraisal(
    ws: Workspace, paths: list[Path] | None = None, inputs: Inputs | None = None
) -> Answered:
    """Read the returned explanation workbooks and write each answer into the explanation
    column of the appraisal workbooks (``paths``, else every one of the workspace): only empty
    cells are written; nothing the council typed changes."""
    answered = read_received(ws, inputs)
    if paths is None:
        cs = inputs.cs if inputs is not None else load_inputs(ws, scoring=False).cs
        targets = appraisal_workbooks(ws, plan(cs, ws.config.appraisal))
        paths = [path for path, _body in targets if path.is_file()]
    for path in paths:
        filled = fill_appraisal(path, answered.units)
        answered.cells += filled.cells
        answered.problems += filled.problems
        if filled.cells:
            answered.files.append(path)
    return answered
