"""Evidence (tài liệu kiểm chứng): present where points need it, of a kind the criterion accepts,
complete, dated in the period (a standing document explained by the unit is accepted), agreeing
with the answer that claims a deadline, not one document stretched over unrelated criteria."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from par_index.check import catalogue as c
from par_index.check.checks.base import at_row, produces, words
from par_index.check.checks.explanation import explained
from par_index.check.checks.identity import of_another_period
from par_index.check.checks.plan import Row, rows, shared
from par_index.check.context import CheckContext
from par_index.check.finding import Finding, FindingKind, Severity
from par_index.criteria.model import CriteriaSet, EvidenceKind, EvidenceRequirement
from par_index.memo import Memo
from par_index.submission import Entry, EvidenceRef, Submission
from par_index.text import clean, fold, nfc, strip_accents
from par_index.units import Unit

SHOWN_CHARS = 80
_WORD = re.compile(r"[^\W_]+")
_SPACES = re.compile(r"\s+")
_LOOKALIKE = re.compile("[ÐðƉɖ]")
"""The look-alike letters ``text.nfc`` replaces (its other replacements are spaces)."""
_WEB = re.compile(
    r"(?i)(https?://|www\.)\S+|\b[a-z0-9-]+(\.[a-z0-9-]+)*\.(gov\.vn|com\.vn|org\.vn|vn|com|org|net)"
    r"\b(/\S*)?"
)
_FILE = re.compile(r"(?i)\.(pdf|docx?|xlsx?|jpe?g|png|zip|rar)\b|^\s*(ảnh|tệp|file)\b")
_DOCUMENT_ONLY = (EvidenceKind.DOCUMENT,)


def citation_kind(ref: EvidenceRef) -> EvidenceKind:
    """What a citation is: a document when it has a number or a date, else a web address or a
    file when it looks like one, else a document (lacking its number and date)."""
    if ref.number or ref.date:
        return EvidenceKind.DOCUMENT
    if _WEB.search(ref.text):
        return EvidenceKind.WEB
    if _FILE.search(ref.text):
        return EvidenceKind.FILE
    return EvidenceKind.DOCUMENT


@produces(c.EVIDENCE_MISSING)
def check_evidence_present(
    cs: CriteriaSet, submission: Submission, unit: Unit, ctx: CheckContext
) -> Iterator[Finding]:
    """Points above 0 on a criterion whose evidence is required for points need a citation."""
    for row in rows(cs, submission, unit, ctx.memo):
        need = row.criterion.evidence
        if need is None or not row.item.needs_evidence:  # also [none]: nothing is needed
            continue
        score = row.entry.self_score
        if score is None or score <= 0 or has_evidence(row.entry):
            continue
        yield at_row(
            c.EVIDENCE_MISSING,
            row,
            submission,
            unit,
            ctx,
            at=row.entry.evidence_cell or row.score_cell,
            self_score=score,
            document=words(need.document, ctx),
        )


@produces(
    c.EVIDENCE_INCOMPLETE,
    c.EVIDENCE_WRONG_KIND,
    c.EVIDENCE_OUTSIDE_PERIOD,
    c.EVIDENCE_AFTER_SUBMISSION,
)
def check_evidence_refs(
    cs: CriteriaSet, submission: Submission, unit: Unit, ctx: CheckContext
) -> Iterator[Finding]:
    """Each citation is of a kind the criterion accepts; a document has a number and a date,
    within the period (or explained, see ``_period_severity``) and not after the submission. A
    file of another period has its own finding (``wrong-period``): its dates are not compared
    with this period, which would only repeat that on every row."""
    period = (None, None) if of_another_period(submission, ctx) else (ctx.start, ctx.end)
    for row in rows(cs, submission, unit, ctx.memo):
        need = row.criterion.evidence
        accepts = need.accepts if need is not None else _DOCUMENT_ONLY
        if EvidenceKind.NONE in accepts:
            continue
        for ref in row.entry.evidence:
            kind = citation_kind(ref)
            if kind not in accepts:
                yield _wrong_kind(row, ref, kind, accepts, submission, unit, ctx)
                continue
            if kind != EvidenceKind.DOCUMENT:
                continue
            late = _date_problem(ref.date, period, submission.submission_date)
            if late is not None or not (ref.number and ref.date):
                yield from _one_ref(row, ref, late, period, submission, unit, ctx)


def _wrong_kind(
    row: Row,
    ref: EvidenceRef,
    kind: EvidenceKind,
    accepts: tuple[EvidenceKind, ...] | list[EvidenceKind],
    submission: Submission,
    unit: Unit,
    ctx: CheckContext,
) -> Finding:
    need = row.criterion.evidence
    wanted = c.D_OR.format(ctx.lang).join(c.D_KIND[k.value].format(ctx.lang) for k in accepts)
    return at_row(
        c.EVIDENCE_WRONG_KIND,
        row,
        submission,
        unit,
        ctx,
        at=row.entry.evidence_cell,
        found=c.D_KIND[kind.value].format(ctx.lang),
        evidence=_short(ref.text),
        accepts=wanted,
        document=words(need.document, ctx) if need is not None else "",
    )


def _date_problem(
    date: dt.date | None, period: tuple[dt.date | None, dt.date | None], submitted: dt.date | None
) -> FindingKind | None:
    """What is wrong with a citation's date: after the submission, or outside the period."""
    start, end = period
    if date is None:
        return None
    if submitted is not None and date > submitted:
        return c.EVIDENCE_AFTER_SUBMISSION
    if (start and date < start) or (end and date > end):
        return c.EVIDENCE_OUTSIDE_PERIOD
    return None


def _period_severity(
    need: EvidenceRequirement | None, entry: Entry, date: dt.date, start: dt.date | None
) -> Severity | None:
    """How serious a document dated outside the period is. Before the period: a criterion that
    accepts a standing document gives nothing when the unit explains it and info otherwise;
    another criterion gives info when explained. After the period: the usual warning. None:
    no finding; the catalogue's severity is the kind's own."""
    if start is None or date >= start:
        return c.EVIDENCE_OUTSIDE_PERIOD.severity
    said = explained(entry)
    if need is not None and need.standing:
        return None if said else Severity.INFO
    return Severity.INFO if said else c.EVIDENCE_OUTSIDE_PERIOD.severity


def _one_ref(
    row: Row,
    ref: EvidenceRef,
    late: FindingKind | None,
    period: tuple[dt.date | None, dt.date | None],
    submission: Submission,
    unit: Unit,
    ctx: CheckContext,
) -> Iterator[Finding]:
    """A citation's findings: what it lacks, then what is wrong with its date (``late``)."""
    start, end = period
    problems: list[tuple[FindingKind, dict[str, Any]]] = []
    lacking = [m for m, v in ((c.D_NUMBER, ref.number), (c.D_DATE, ref.date)) if not v]
    if lacking:
        joined = c.D_AND.format(ctx.lang).join(m.format(ctx.lang) for m in lacking)
        problems.append((c.EVIDENCE_INCOMPLETE, {"lacking": joined}))
    if late is c.EVIDENCE_AFTER_SUBMISSION:
        dates = {"date": ref.date, "submitted": submission.submission_date}
        problems.append((late, dates))
    elif late is c.EVIDENCE_OUTSIDE_PERIOD and ref.date is not None:
        severity = _period_severity(row.criterion.evidence, row.entry, ref.date, start)
        if severity is not None:
            values = {"date": ref.date, "start": start, "end": end, "severity": severity}
            problems.append((late, values))
    at = row.entry.evidence_cell
    year = str(ctx.year or (start.year if start else dt.date.today().year))  # the fix's example
    for kind, values in problems:
        yield at_row(
            kind, row, submission, unit, ctx, at=at, evidence=_short(ref.text), year=year, **values
        )


@produces(c.ANSWER_CONTRADICTS_DATE)
def check_answer_on_time(
    cs: CriteriaSet, submission: Submission, unit: Unit, ctx: CheckContext
) -> Iterator[Finding]:
    """An answer that claims a deadline was met ("Ban hành đúng hạn") while every dated document
    cited for it is later than the deadline the criterion states."""
    year = ctx.year or (ctx.start.year if ctx.start else None)
    if year is None:
        return
    for row in rows(cs, submission, unit, ctx.memo):
        need, answer = row.criterion.evidence, row.entry.answer
        if need is None or need.deadline is None or answer is None:
            continue
        if fold(answer) not in {fold(label) for label in need.on_time}:
            continue
        due = need.due(year)
        dates = [ref.date for ref in row.entry.evidence if ref.date is not None]
        if due is None or not dates or min(dates) <= due:
            continue
        yield at_row(
            c.ANSWER_CONTRADICTS_DATE,
            row,
            submission,
            unit,
            ctx,
            at=row.entry.answer_cell,
            answer=answer,
            evidence_cell=row.entry.evidence_cell.cell if row.entry.evidence_cell else "",
            date=min(dates),
            deadline=due,
        )


@produces(c.EVIDENCE_REUSED)
def check_evidence_reused(
    cs: CriteriaSet, submission: Submission, unit: Unit, ctx: CheckContext
) -> Iterator[Finding]:
    """One document cited for criteria of different areas: the later citations are flagged."""
    cited = citations(cs, submission, unit, ctx.memo)
    if all(len(codes) == 1 for codes in cited.values()):
        return
    by_code = {row.code: row for row in rows(cs, submission, unit, ctx.memo)}
    for number, codes in cited.items():
        first = codes[0]
        for code in codes[1:]:
            if area_of(code) != area_of(first):
                row = by_code[code]
                at = row.entry.evidence_cell
                yield at_row(
                    c.EVIDENCE_REUSED, row, submission, unit, ctx, at=at, number=number, other=first
                )


def citations(
    cs: CriteriaSet, submission: Submission, unit: Unit, memo: Memo
) -> dict[str, list[str]]:
    """Document number as cited -> the criteria citing it, in grid order (each once); worked
    out once per file (the reuse check and the evidence digest both need it)."""
    return shared(cs, submission, unit, memo, "citations", _citations)


def _citations(
    cs: CriteriaSet, submission: Submission, unit: Unit, memo: Memo
) -> dict[str, list[str]]:
    cited: dict[str, list[str]] = {}
    shown: dict[str, str] = {}
    for row in rows(cs, submission, unit, memo):
        for ref in row.entry.evidence:
            if not ref.number:
                continue
            key = document_key(ref.number, memo)
            shown.setdefault(key, ref.number.strip())
            codes = cited.setdefault(shown[key], [])
            if row.code not in codes:
                codes.append(row.code)
    return cited


def document_key(number: str, memo: Memo | None = None) -> str:
    """A document number folded for comparison: "12/KH-UBND" == "12 / kh-ubnd"."""
    if memo is None:
        return _SPACES.sub("", fold(number))
    return memo.get("check.document-key", number, lambda: _SPACES.sub("", fold(number)))


def evidence_text(entry: Entry) -> tuple[str | None, int]:
    """(hash, length) of the evidence text with case, spacing and punctuation folded away;
    the length counts letters and digits only."""
    raw = entry.evidence_raw or " ".join(ref.text for ref in entry.evidence)
    return _folded(raw) if raw else (None, 0)


def _folded(raw: str) -> tuple[str | None, int]:
    words = folded_words(raw)
    if not words:
        return None, 0
    key = " ".join(words)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24], len(key) - len(words) + 1


def folded_words(raw: str) -> list[str]:
    """The words (letters and digits) of ``text.fold(raw)``, without its space folding: white
    space separates words anyway, and an evidence text is folded once per row of every file."""
    text = nfc(raw) if _LOOKALIKE.search(raw) else unicodedata.normalize("NFC", raw)
    return _WORD.findall(text.casefold())


def has_evidence(entry: Entry) -> bool:
    return bool(entry.evidence) or bool((entry.evidence_raw or "").strip())


def area_of(code: str) -> str:
    """The area a criterion belongs to ("3.2.1" -> "3"; bonus items are their own area)."""
    return code.split(".")[0]


def _short(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= SHOWN_CHARS else value[: SHOWN_CHARS - 1] + "…"


# -- who issued a citation ------------------------------------------------------------------
_TYPE_WORDS = ("xa", "phuong", "thi tran", "dac khu", "thi xa", "thanh pho", "huyen", "quan")
_NAME_CHARS = re.compile(r"[^0-9a-z]+")


def name_key(text: str) -> str:
    """A name folded for matching: no accents, case or punctuation ("UBND xã Quảng An" ->
    "ubnd xa quang an")."""
    return " ".join(_NAME_CHARS.split(strip_accents(fold(text)).lower())).strip()


def unit_names(unit: Unit) -> tuple[str, ...]:
    """The keys a citation may name the unit by: its full name, and the name without its type
    word when that leaves two words or more ("Xã Quảng An" -> "xa quang an", "quang an")."""
    full = name_key(unit.name)
    keys = [full]
    for word in _TYPE_WORDS:
        if full.startswith(word + " "):
            core = full[len(word) + 1 :]
            if len(core.split()) >= 2:
                keys.append(core)
    return tuple(keys)


def names_any(issuer_key: str, keys: tuple[str, ...]) -> bool:
    """The issuer names one of the keys, as whole words."""
    padded = f" {issuer_key} "
    return any(f" {key} " in padded for key in keys)


def issued_documents(
    cs: CriteriaSet, submission: Submission, unit: Unit, memo: Memo
) -> tuple[dict[str, list[str]], dict[str, list[str]], dict[str, Any]]:
    """What the cross-unit checks compare of a file's citations: the documents it gives as the
    unit's own ("number|date" -> criteria), the other issuers it cites (as typed -> criteria)
    and the evidence cell of each of those criteria."""
    own_keys = unit_names(unit)
    own: dict[str, list[str]] = {}
    others: dict[str, list[str]] = {}
    cells: dict[str, Any] = {}
    for row in rows(cs, submission, unit, memo):
        for ref in row.entry.evidence:
            if not ref.issuer:
                continue
            if names_any(name_key(ref.issuer), own_keys):
                if not (ref.number and ref.date):
                    continue
                key = f"{document_key(ref.number, memo)}|{ref.date.isoformat()}"
                _add(own, key, row.code)
            else:
                _add(others, clean(ref.issuer), row.code)
            cells[row.code] = row.entry.evidence_cell
    return own, others, cells


def _add(index: dict[str, list[str]], key: str, code: str) -> None:
    codes = index.setdefault(key, [])
    if code not in codes:
        codes.append(code)
