"""Evidence files sent beside the workbook (``Submission.attachments``): each file a citation
names is there, readable and what its name says, holds the cited number and date and the cited
page, and was not made before the document it is said to be; one file is not used for unrelated
criteria, nor sent by two units (across units, by content hash).

Nothing here opens a file: ``par_index.evidence_files`` read them in the read stage's worker.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from par_index.attachments import Attachments, EvidenceFile, search_key
from par_index.check import catalogue as c
from par_index.check.checks.base import at_row, emit, found, produces, words
from par_index.check.checks.evidence import area_of, document_key
from par_index.check.checks.plan import Row, rows
from par_index.check.context import CheckContext
from par_index.check.finding import (
    SEVERITY_ORDER,
    CitedFile,
    Finding,
    FindingKind,
    Report,
    Severity,
)
from par_index.check.outcome import SentFile, UnitCheck
from par_index.criteria.model import CriteriaSet
from par_index.i18n import Lang, Message
from par_index.submission import CellRef, EvidenceRef, Submission
from par_index.units import Unit

SHOWN_SENT = 5
"""Files a missing-file finding names as sent; the rest are counted."""


def _cited(row: Row) -> Iterator[EvidenceRef]:
    for ref in row.entry.evidence:
        if ref.file:
            yield ref


@produces(
    c.EVIDENCE_FILE_MISSING,
    c.EVIDENCE_FILE_UNREADABLE,
    c.EVIDENCE_FILE_UNVERIFIABLE,
    c.EVIDENCE_FILE_MISMATCH,
    c.EVIDENCE_FILE_PAGE_MISSING,
    c.EVIDENCE_FILE_DATED_BEFORE,
)
def check_evidence_files(
    cs: CriteriaSet, submission: Submission, unit: Unit, ctx: CheckContext
) -> Iterator[Finding]:
    """Each cited file against the files sent; then every file or folder that could not be
    read and that no row cites, once."""
    sent = submission.attachments
    if not sent.files and not sent.problems and not _any_cited(cs, submission, unit, ctx):
        return
    reported: set[str] = set()
    for row in rows(cs, submission, unit, ctx.memo):
        where = Citing.of_row(row, submission, unit, ctx)
        for ref in _cited(row):
            file = sent.find(ref.file or "")
            if file is not None and file.problem is not None:
                reported.add(file.shown)
            yield from check_cited(ref, sent, where)
    for file in sent.files:
        if file.problem is not None and file.shown not in reported:
            yield found(c.EVIDENCE_FILE_UNREADABLE, submission, unit, ctx,
                        evidence_file=file.shown, cited="", reason=file.problem)  # fmt: skip
    for bundle, problem in sorted(sent.problems.items()):
        yield found(c.EVIDENCE_FILE_UNREADABLE, submission, unit, ctx,
                    evidence_file=bundle, cited="", reason=problem)  # fmt: skip


def _any_cited(cs: CriteriaSet, submission: Submission, unit: Unit, ctx: CheckContext) -> bool:
    return any(ref.file for row in rows(cs, submission, unit, ctx.memo) for ref in _cited(row))


@dataclass(frozen=True)
class Citing:
    """Where a file is cited: the findings' unit, file, criterion (with its title) and cell. A
    self-assessment's row, or an explanation workbook's (``pipeline.explanations``)."""

    unit: str | None
    file: str | None
    criterion: str
    name: str
    at: CellRef | None
    ctx: CheckContext

    @classmethod
    def of_row(cls, row: Row, submission: Submission, unit: Unit | None, ctx: CheckContext):
        code = unit.code if unit else None
        name = words(row.criterion.title, ctx)
        return cls(code, submission.file, row.code, name, row.entry.evidence_cell, ctx)

    def finding(
        self,
        kind: FindingKind,
        *,
        named: bool = True,
        severity: Severity | None = None,
        **values: Any,
    ) -> Finding:
        """The finding at the citing cell (``named``: with the criterion's title; ``severity``:
        other than the kind's)."""
        extra: dict[str, Any] = {"name": self.name} if named else {}
        if severity is not None:
            extra["severity"] = severity
        return emit(kind, self.ctx, self.unit, self.file, criterion=self.criterion, at=self.at,
                    **extra, **values)  # fmt: skip


def check_cited(ref: EvidenceRef, sent: Attachments, where: Citing) -> Iterator[Finding]:
    """One citation of a file against the files sent: missing (unless a whole folder or .zip
    could not be opened: told once by the caller), unreadable, or its page, number, date and
    the file's own date."""
    if not ref.file:
        return
    file = sent.find(ref.file)
    if file is None:
        if not sent.problems:
            yield _missing(ref, sent, where)
        return
    yield from _against(ref, file, where)


def _missing(ref: EvidenceRef, sent: Attachments, where: Citing) -> Finding:
    names = [f.shown for f in sent.files]
    shown = ", ".join(names[:SHOWN_SENT])
    if len(names) > SHOWN_SENT:
        shown += c.D_MORE_UNITS.format(where.ctx.lang, count=len(names) - SHOWN_SENT)
    return where.finding(
        c.EVIDENCE_FILE_MISSING, evidence_file=ref.file, sent=shown or c.D_FILES_NONE
    )


def _against(ref: EvidenceRef, file: EvidenceFile, where: Citing) -> Iterator[Finding]:
    """One cited file: unreadable; else the page, the text and the file's own date."""
    shown = file.shown
    if file.problem is not None:
        cell = where.at.cell if where.at else ""
        cited = c.D_CITED_AT.format(where.ctx.lang, criterion=where.criterion, cell=cell)
        yield where.finding(c.EVIDENCE_FILE_UNREADABLE, named=False, evidence_file=shown,
                            cited=cited, reason=file.problem)  # fmt: skip
        return
    if ref.pages and file.pages is not None and ref.pages[-1] > file.pages:
        yield where.finding(c.EVIDENCE_FILE_PAGE_MISSING, evidence_file=shown,
                            page=ref.pages[-1], pages=file.pages)  # fmt: skip
    if ref.number or ref.date:
        yield from _text(ref, file, where)
    if ref.date is not None and file.created is not None and file.created < ref.date:
        severity = Severity.INFO if file.kind == "docx" else None  # Word keeps a template's date
        yield where.finding(c.EVIDENCE_FILE_DATED_BEFORE, severity=severity, evidence_file=shown,
                            created=file.created, date=ref.date)  # fmt: skip


def _text(ref: EvidenceRef, file: EvidenceFile, where: Citing) -> Iterator[Finding]:
    """The cited number and date looked for in the file's text (a file without text: info)."""
    if not file.text:
        yield where.finding(c.EVIDENCE_FILE_UNVERIFIABLE, evidence_file=file.shown)
        return
    lang = where.ctx.lang
    lacking = []
    if ref.number and not holds_number(file.text, search_key(ref.number)):
        lacking.append(c.D_NUMBER_IS.format(lang, number=ref.number))
    if ref.date and ref.date not in file.dates:
        lacking.append(c.D_DATE_IS.format(lang, date=ref.date.strftime("%d/%m/%Y")))
    if lacking:
        yield where.finding(c.EVIDENCE_FILE_MISMATCH, evidence_file=file.shown,
                            evidence=_short(ref.text),
                            lacking=c.D_AND.format(lang).join(lacking))  # fmt: skip


def holds_number(text: str, number: str) -> bool:
    """The folded text holds the folded number, not as the tail of a longer one ("3832/tb"
    is not in "93832/tb")."""
    at = text.find(number)
    while at >= 0:
        if at == 0 or not text[at - 1].isdigit():
            return True
        at = text.find(number, at + 1)
    return False


def _short(text: str, width: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


@produces(c.EVIDENCE_FILE_REUSED)
def check_evidence_file_reused(
    cs: CriteriaSet, submission: Submission, unit: Unit, ctx: CheckContext
) -> Iterator[Finding]:
    """One file's content cited for criteria of different areas (under one name or several).
    A row whose citation repeats the same document number is left to ``evidence-reused``."""
    sent = submission.attachments
    if not sent.files:
        return
    first: dict[str, tuple[Row, EvidenceRef, EvidenceFile]] = {}
    for row in rows(cs, submission, unit, ctx.memo):
        for ref in _cited(row):
            file = sent.find(ref.file or "")
            if file is None or file.sha256 is None:
                continue
            seen = first.setdefault(file.sha256, (row, ref, file))
            other, other_ref, other_file = seen
            if area_of(other.code) == area_of(row.code) or _same_number(ref, other_ref, ctx):
                continue
            yield at_row(c.EVIDENCE_FILE_REUSED, row, submission, unit, ctx,
                         at=row.entry.evidence_cell, evidence_file=file.shown,
                         other_file=other_file.shown, other=other.code)  # fmt: skip


def _same_number(one: EvidenceRef, other: EvidenceRef, ctx: CheckContext) -> bool:
    if not (one.number and other.number):
        return False
    return document_key(one.number, ctx.memo) == document_key(other.number, ctx.memo)


def sent_files(cs: CriteriaSet, submission: Submission, unit: Unit, ctx: CheckContext) -> tuple[
    dict[str, SentFile], list[CitedFile]
]:  # fmt: skip
    """What the batch keeps of a file's evidence files: each file sent by content hash (with
    the criteria citing it), and each citation of a file with where it lies."""
    sent = submission.attachments
    by_hash: dict[str, SentFile] = {}
    for one in sent.files:
        if one.sha256 is not None:
            by_hash.setdefault(one.sha256, SentFile(name=one.shown))
    cited: list[CitedFile] = []
    for row in rows(cs, submission, unit, ctx.memo):
        for ref in _cited(row):
            file = sent.find(ref.file or "")
            cited.append(
                CitedFile(
                    criterion=row.code,
                    file=file.shown if file is not None else ref.file or "",
                    link=file.link if file is not None else None,
                )
            )
            if file is None or file.sha256 is None:
                continue
            holder = by_hash[file.sha256]
            if row.code not in holder.criteria:
                holder.criteria.append(row.code)
                holder.cell = holder.cell or row.entry.evidence_cell
    return by_hash, cited


@produces(c.EVIDENCE_FILE_SHARED)
def cross_evidence_file_shared(
    cs: CriteriaSet, checks: list[UnitCheck], units: list[Unit], ctx: CheckContext
) -> Iterator[Finding]:
    """The same evidence file (by content) sent by two units or more: each unit is told,
    at the first row citing it."""
    holders: dict[str, list[UnitCheck]] = defaultdict(list)
    for result in checks:
        if result.unit is not None:
            for sha in result.digest.files:
                holders[sha].append(result)
    names = {u.code: u.name for u in units}
    for sha in sorted(holders):
        same = holders[sha]
        if len({r.unit for r in same}) < 2:
            continue
        for result in same:
            others = sorted({_who(r, names) for r in same if r.unit != result.unit})
            sent = result.digest.files[sha]
            code = sent.criteria[0] if sent.criteria else None
            cited = ""
            if code is not None:
                cell = sent.cell.cell if sent.cell else ""
                cited = c.D_CITED_AT.format(ctx.lang, criterion=code, cell=cell)
            node = cs.node(code) if code else None
            yield emit(c.EVIDENCE_FILE_SHARED, ctx, result.unit, result.file, criterion=code,
                       at=sent.cell, evidence_file=sent.name, cited=cited,
                       others=", ".join(others),
                       name=words(node.title, ctx) if node is not None else "")  # fmt: skip


def _who(result: UnitCheck, names: dict[str, str]) -> str:
    name = names.get(result.unit or "")
    return f"{name} ({result.unit})" if name else (result.unit or result.file)


L_CHECKED = Message(
    "evidence.checked", "đã kiểm tra, không thấy vấn đề", "checked, no problem found"
)
L_NOT_SENT = Message("evidence.not-sent", "chưa gửi tệp", "not sent")


def cited_status(cited: CitedFile, report: Report, unit: str, lang: Lang | str | None) -> tuple[
    Severity | None, str
]:  # fmt: skip
    """A cited evidence file's check result for the feedback page and the appraisal
    workbook: the worst severity of its findings (None: none) and their titles."""
    found = cited.findings(report, unit)
    if not found:
        return None, L_CHECKED.format(lang) if cited.link else L_NOT_SENT.format(lang)
    worst = min((f.severity for f in found), key=SEVERITY_ORDER.__getitem__)
    return worst, "; ".join(dict.fromkeys(f.title for f in found))


def cited_line(file: str, result: str) -> str:
    """How a cited file and its check result are listed under the citing text (the appraisal
    workbook's evidence cell, an explanation's)."""
    return f"↳ {file}: {result}"


def relative_link(link: str, submissions: Path, page_folder: Path, *, url: bool = True) -> str:
    """A cited file's link (relative to the submissions folder) relative to the folder of the
    page or workbook that shows it: a URL (``url``), else a "/"-separated path."""
    target = Path(os.path.relpath(submissions / link, page_folder)).as_posix()
    return quote(target) if url else target
