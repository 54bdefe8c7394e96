"""The check step's library entry points; nothing here reads or writes files.

``check_unit`` checks one file (cheap to send to a worker process and back), ``cross_check``
compares the small results of many, ``assemble`` makes the batch's Report. The batch itself is
checked by ``par_index.assess.check``, the library's one path.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, TypeVar

from par_index.check import catalogue as c
from par_index.check.attribution import attribute
from par_index.check.checks.attached import sent_files
from par_index.check.checks.base import emit, grid_order
from par_index.check.checks.evidence import citations, evidence_text, issued_documents
from par_index.check.checks.plan import rows
from par_index.check.config import CheckConfig
from par_index.check.context import CheckContext
from par_index.check.finding import KINDS, CitedFile, Finding, Report
from par_index.check.outcome import EvidenceDigest, EvidenceText, UnitCheck
from par_index.check.registry import CROSS_CHECKS, UNIT_CHECKS
from par_index.criteria.model import CriteriaSet
from par_index.errors import ParIndexError
from par_index.filenames import unit_part
from par_index.submission import Submission
from par_index.units import Unit
from par_index.workbook.guard_messages import IGNORED_CODES

V = TypeVar("V")

_TEMPLATE = {"criteria-mismatch", "missing-row", "extra-row", "max-changed", "hash-mismatch"}
_TEMPLATE |= {"old-template", "template-mismatch", "not-a-template", "other-set"}
_TEMPLATE |= {"missing-sheet", "missing-column", "no-metadata"}
_UNIT = {"wrong-unit", "other-unit", "unit-mismatch", "unknown-unit"}
_PERIOD = {"wrong-period", "other-period", "period-mismatch", "wrong-year"}
_CODE_CHARS = re.compile(r"[0-9A-Za-z]")


def check_unit(
    cs: CriteriaSet, submission: Submission, unit: Unit | None, ctx: CheckContext
) -> UnitCheck:
    """Run every single-file check on one submission (``unit`` None: its unit is unknown)."""
    findings: list[Finding] = []
    for run in UNIT_CHECKS:
        if unit is None and run.needs_unit:
            continue
        findings.extend(run(cs, submission, unit, ctx))
    digest = evidence_digest(cs, submission, unit, ctx) if unit else EvidenceDigest()
    cited: list[CitedFile] = []
    if unit is not None and (submission.attachments.files or submission.attachments.problems):
        digest.files, cited = sent_files(cs, submission, unit, ctx)
    return UnitCheck(
        file=submission.file,
        unit=unit.code if unit else None,
        named=ctx.expected_unit.code if ctx.expected_unit else None,
        coded=submission.unit_code,
        declared=submission.submission_date,
        findings=configured(findings, ctx.config),
        digest=digest,
        cited=cited,
    )


def evidence_digest(
    cs: CriteriaSet, submission: Submission, unit: Unit, ctx: CheckContext
) -> EvidenceDigest:
    """Per criterion the folded evidence text's hash, per document number its criteria."""
    texts = {}
    for row in rows(cs, submission, unit, ctx.memo):
        key, length = evidence_text(row.entry)
        if key is not None and length >= ctx.config.copied_min_chars:
            texts[row.code] = EvidenceText(hash=key, cell=row.entry.evidence_cell)
    own, issuers, cells = issued_documents(cs, submission, unit, ctx.memo)
    return EvidenceDigest(
        texts=texts,
        documents=citations(cs, submission, unit, ctx.memo),
        own_documents=own,
        issuers=issuers,
        cells=cells,
    )


def cross_check(
    cs: CriteriaSet,
    unit_checks: list[UnitCheck],
    units: list[Unit] | None = None,
    ctx: CheckContext | None = None,
) -> list[Finding]:
    """Findings across units: copied evidence, two files for one unit, units that sent nothing."""
    ctx = ctx or CheckContext()
    found: list[Finding] = []
    for run in CROSS_CHECKS:
        found.extend(run(cs, unit_checks, list(units or []), ctx))
    return configured(found, ctx.config)


def unreadable(
    file: str, unit_code: str | None, error: BaseException | str, ctx: CheckContext | None = None
) -> Finding:
    """The finding of a file that could not be read; wrong templates keep their own code."""
    ctx = ctx or CheckContext()
    code = getattr(error, "code", "") or ""
    detail = error.render(ctx.lang) if isinstance(error, ParIndexError) else str(error)
    values: dict[str, Any]
    entry, values = c.UNREADABLE_FILE, {"detail": detail or type(error).__name__}
    suffix = code.rsplit(".", 1)[-1]
    if suffix in _TEMPLATE | _UNIT:
        entry = c.TEMPLATE_MISMATCH if suffix in _TEMPLATE else c.WRONG_UNIT
        values = {"detail": _without_file(detail, file).rstrip(" .")}  # the message ends it
    elif suffix in _PERIOD:
        period = str(getattr(error, "fields", {}).get("period", "?"))
        entry, values = c.WRONG_PERIOD, {"period": period, "expected": ctx.period or "?"}
    return emit(entry, ctx, unit_code, file, **values)


def failed(
    file: str, unit: Unit | None, error: BaseException | str, ctx: CheckContext | None = None
) -> UnitCheck:
    """The result of a file that could not be read: one finding, nothing to compare. A lock,
    hidden or system file is no one's: its one finding says it was ignored, for no unit."""
    ctx = ctx or CheckContext()
    if getattr(error, "code", None) in IGNORED_CODES:
        detail = error.render(ctx.lang) if isinstance(error, ParIndexError) else str(error)
        finding = emit(c.IGNORED_FILE, ctx, None, file, detail=detail)
        findings = configured([finding], ctx.config)
        return UnitCheck(file=file, findings=findings, readable=False, ignored=True)
    code = unit.code if unit else None
    finding = unreadable(file, code, error, ctx)
    return UnitCheck(
        file=file, unit=code, named=code, findings=configured([finding], ctx.config), readable=False
    )


def assemble(
    unit_checks: list[UnitCheck],
    units: list[Unit],
    ctx: CheckContext,
    groups: Sequence[tuple[CriteriaSet, list[Unit]]],
) -> Report:
    """The report of a batch from the per-file results: which file counts for each unit
    (``check.attribution``, over every unit), the checks across units added within each group
    of units on one set (``groups``: a set and its units; one pair without groups), in grid
    order."""
    decided = attribute(unit_checks, units, ctx)
    unit_checks = decided.checks
    findings = [f for result in unit_checks for f in result.findings]
    findings += configured(decided.findings, ctx.config)
    if len(groups) == 1:
        findings += cross_check(groups[0][0], unit_checks, units, ctx)
    else:
        for cs, members in groups:
            codes = {u.code for u in members}
            mine = [r for r in unit_checks if r.unit in codes]
            findings += cross_check(cs, mine, members, ctx)
    unit_files: dict[str, list[str]] = {}
    for result in sorted(unit_checks, key=lambda r: r.file):
        if result.unit is not None:
            unit_files.setdefault(result.unit, []).append(result.file)
    return Report(
        findings=sort_findings(findings, groups, units),
        units=[u.code for u in units],
        files=sorted(result.file for result in unit_checks if not result.ignored),
        unit_files=unit_files,
        scored_files=_in_units_order(decided.scored, units),
        set_aside=_in_units_order(decided.set_aside, units),
        evidence_files=_in_units_order(_cited_files(unit_checks, decided.scored), units),
    )


def _cited_files(checks: list[UnitCheck], scored: dict[str, str]) -> dict[str, list[CitedFile]]:
    """Unit code -> the evidence files its counted workbook cites."""
    by_file = {check.file: check for check in checks}
    return {
        code: by_file[file].cited
        for code, file in scored.items()
        if file in by_file and by_file[file].cited
    }


def _in_units_order(by_unit: dict[str, V], units: list[Unit]) -> dict[str, V]:
    """The same mapping, keyed in the units file's order (workers finish in any order, and the
    report must read the same from run to run)."""
    order = {u.code: i for i, u in enumerate(units)}
    return dict(sorted(by_unit.items(), key=lambda item: (order.get(item[0], len(order)), item[0])))


def unit_for(
    submission: Submission, units: list[Unit], ctx: CheckContext
) -> tuple[Unit | None, CheckContext]:
    """The unit a file is checked for and its context (with the unit its file name names).

    The unit its file name names (the sender: its feedback shows the file), else the unit of
    the workbook's hidden code. Whether the file counts, and for whom, is decided across the
    batch's files (``check.attribution``): a name and a code that disagree count for no one.
    """
    named = ctx.expected_unit or expected_unit(submission.file, units)
    coded = next((u for u in units if u.code == submission.unit_code), None)
    if named is not None and ctx.expected_unit is None:
        ctx = ctx.model_copy(update={"expected_unit": named})
    return named or coded, ctx


def expected_unit(file: str, units: list[Unit]) -> Unit | None:
    """The unit whose code the file name carries: its first part ("QD-QAN_Xã Quảng An.xlsx", as
    templates are named), else a whole token anywhere in the name (longest code wins)."""
    stem = file.rsplit("/", 1)[-1].rsplit(".", 1)[0].casefold()
    first = stem.split("_", 1)[0].strip()
    lead = next((u for u in units if first in _forms(u)), None)
    if lead is not None:
        return lead
    matches = [u for u in units if any(_has_token(stem, form) for form in _forms(u))]
    matches.sort(key=lambda u: len(u.code), reverse=True)
    if not matches:
        return None
    best = matches[0]
    rivals = [u for u in matches[1:] if u.code.casefold() not in best.code.casefold()]
    return None if rivals else best


def _forms(unit: Unit) -> tuple[str, ...]:
    """How a file name may carry a unit's code: as written, or as the templates write it
    (``filenames.unit_part``: a code with characters a file name cannot hold gets a hash)."""
    return (unit.code.casefold(), unit_part(unit.code).casefold())


def _has_token(stem: str, code: str) -> bool:
    start = stem.find(code)
    while start >= 0:
        before = stem[start - 1] if start > 0 else ""
        after = stem[start + len(code) : start + len(code) + 1]
        if not _CODE_CHARS.match(before or " ") and not _CODE_CHARS.match(after or " "):
            return True
        start = stem.find(code, start + 1)
    return False


def configured(findings: list[Finding], config: CheckConfig) -> list[Finding]:
    """Apply ``check.severity``: another severity for a code, or the code switched off."""
    if not config.severity:
        return findings
    out = []
    for finding in findings:
        if finding.code not in config.severity:
            out.append(finding)
        elif (severity := config.severity[finding.code]) is not None:
            out.append(finding.model_copy(update={"severity": severity}))
    return out


def sort_findings(
    findings: list[Finding],
    groups: Sequence[tuple[CriteriaSet, list[Unit]]],
    units: list[Unit],
) -> list[Finding]:
    """Per unit (units-file order, unknown units last), per file, then in the order of the grid
    of the unit's set; findings about the whole file come before those of its rows."""
    position = {u.code: i for i, u in enumerate(units)}
    first = grid_order(groups[0][0])
    grids: dict[str, dict[str, int]] = {}
    for cs, members in groups[1:]:
        grid = grid_order(cs)
        grids.update((u.code, grid) for u in members)
    kinds = {code: i for i, code in enumerate(KINDS)}

    def key(f: Finding) -> tuple:
        grid = grids.get(f.unit or "", first)
        row = -1 if f.criterion is None else grid.get(f.criterion, len(grid))
        return (position.get(f.unit or "", len(units)), f.file or "", row, kinds.get(f.code, 0))

    return sorted(findings, key=key)


def _without_file(detail: str, file: str) -> str:
    """A reader message without its leading "<file>: " (the finding names the file itself)."""
    name = file.rsplit("/", 1)[-1]
    for prefix in (f"{file}: ", f"{name}: "):
        if detail.startswith(prefix):
            return detail[len(prefix) :]
    return detail
