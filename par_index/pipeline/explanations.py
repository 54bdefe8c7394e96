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
    Explanation,
    UnitExplanations,
    fill_appraisal,
    read_explanations,
    scored_down,
    write_explanation_workbook,
)
from par_index.appraisal.read import where_at
from par_index.attachments import Attachments
from par_index.check.catalogue import EVIDENCE_FILE_UNREADABLE
from par_index.check.checks.attached import L_CHECKED, Citing, check_cited, cited_line
from par_index.check.checks.base import emit, words
from par_index.check.context import CheckContext
from par_index.check.finding import Finding, Severity
from par_index.criteria.model import CriteriaSet
from par_index.evidence_files import read_attachments
from par_index.i18n import Lang
from par_index.inputs import Inputs
from par_index.pipeline.load import load_inputs
from par_index.pipeline.names import appraisal_workbooks, explanation_workbook
from par_index.pipeline.read import evidence_bundles, submission_files
from par_index.results import InputProblem
from par_index.submission import CellRef, EvidenceRef
from par_index.workbook import guard
from par_index.workbook.parse import parse_evidence
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
    """The explanation workbooks the units returned, read and validated, the evidence files
    their answers cite checked."""
    inputs = inputs or load_inputs(ws, scoring=False)
    folder = ws.path(ws.config.paths.explanations)
    found, loose = read_explanations(folder, inputs.all_sets, inputs.units)
    problems = [*loose, *(p for u in found.values() for p in u.problems)]
    problems += check_evidence(folder, inputs, found)
    return Answered(units=found, problems=problems)


def check_evidence(
    folder: Path, inputs: Inputs, found: dict[str, UnitExplanations]
) -> list[InputProblem]:
    """The evidence files a unit sends beside its explanation workbook (a folder or .zip named
    for it in the explanations folder, read as beside a self-assessment), each file an answer
    cites checked as in the self-assessment; each answer lists its files with their result
    (``Explanation.files``, shown in round 2). Returns the findings as problems."""
    bundles = evidence_bundles(folder, submission_files(folder), list(inputs.units))
    ctx = inputs.context
    problems: list[InputProblem] = []
    for code, answers in found.items():
        mine = list(bundles.get(code, ()))
        sent = read_attachments(folder, mine, memo=inputs.memo, lang=ctx.lang)
        for bundle, problem in sorted(sent.problems.items()):
            bad = emit(EVIDENCE_FILE_UNREADABLE, ctx, code, answers.file, evidence_file=bundle,
                       cited="", reason=problem)  # fmt: skip
            problems.append(_problem(bad))
        cs = inputs.set_for(next(u.unit_type for u in inputs.units if u.code == code))
        for key, entry in answers.entries.items():
            refs = [ref for ref in parse_evidence(entry.evidence) if ref.file]
            if not refs:
                continue
            where = _citing(cs, answers, entry, ctx)
            lines = []
            for ref in refs:
                findings = list(check_cited(ref, sent, where))
                problems += [_problem(f) for f in findings if f.severity != Severity.INFO]
                lines.append(cited_line(_shown(ref, sent), _result(findings, ctx.lang)))
            answers.entries[key] = entry.model_copy(update={"files": lines})
    return problems


def _citing(
    cs: CriteriaSet, answers: UnitExplanations, entry: Explanation, ctx: CheckContext
) -> Citing:
    sheet, _, cell = entry.cells.get("evidence", "").rpartition("!")
    node = cs.node(entry.code) or next(
        (item for _name, item in cs.extras_items() if item.code == entry.code), None
    )
    name = words(node.title, ctx) if node is not None else entry.code
    at = CellRef(sheet=sheet, cell=cell) if cell else None
    return Citing(answers.unit_code, answers.file, entry.code, name, at, ctx)


def _shown(ref: EvidenceRef, sent: Attachments) -> str:
    file = sent.find(ref.file or "")
    return file.shown if file is not None else ref.file or ""


def _result(findings: list[Finding], lang: Lang | None) -> str:
    if not findings:
        return L_CHECKED.format(lang)
    return "; ".join(dict.fromkeys(f.title for f in findings))


def _problem(finding: Finding) -> InputProblem:
    """A finding on an explanation workbook as its problem: where, what and what to do."""
    file = finding.file or ""
    where = where_at(file, finding.sheet, finding.cell) if finding.sheet else file
    return InputProblem(
        code=finding.code, severity="error" if finding.severity == Severity.ERROR else "warning",
        file=file, sheet=finding.sheet, cell=finding.cell, unit=finding.unit,
        criterion=finding.criterion, message=f"{where}: {finding.message} {finding.fix}",
    )  # fmt: skip


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
