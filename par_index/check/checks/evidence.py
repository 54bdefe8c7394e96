"""Evidence (tài liệu kiểm chứng): present where points need it, complete, dated in the period,
not one document stretched over unrelated criteria."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from par_index.check import catalogue as c
from par_index.check.checks.base import at_row, produces, words
from par_index.check.checks.plan import Row, rows, shared
from par_index.check.context import CheckContext
from par_index.check.finding import Finding, FindingKind
from par_index.criteria.model import CriteriaSet
from par_index.memo import Memo
from par_index.submission import Entry, EvidenceRef, Submission
from par_index.text import fold, nfc
from par_index.units import Unit

SHOWN_CHARS = 80
_WORD = re.compile(r"[^\W_]+")
_SPACES = re.compile(r"\s+")
_LOOKALIKE = re.compile("[ÐðƉɖ]")
"""The look-alike letters ``text.nfc`` replaces (its other replacements are spaces)."""


@produces(c.EVIDENCE_MISSING)
def check_evidence_present(
    cs: CriteriaSet, submission: Submission, unit: Unit, ctx: CheckContext
) -> Iterator[Finding]:
    """Points above 0 on a criterion whose evidence is required for points need a citation."""
    for row in rows(cs, submission, unit, ctx.memo):
        need = row.criterion.evidence
        if need is None or not row.item.needs_evidence:
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


@produces(c.EVIDENCE_INCOMPLETE, c.EVIDENCE_OUTSIDE_PERIOD, c.EVIDENCE_AFTER_SUBMISSION)
def check_evidence_refs(
    cs: CriteriaSet, submission: Submission, unit: Unit, ctx: CheckContext
) -> Iterator[Finding]:
    """Each citation has a number and a date, within the period and not after the submission."""
    period = (ctx.start, ctx.end)
    for row in rows(cs, submission, unit, ctx.memo):
        for ref in row.entry.evidence:
            late = _date_problem(ref.date, period, submission.submission_date)
            if late is not None or not (ref.number and ref.date):
                yield from _one_ref(row, ref, late, period, submission, unit, ctx)


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
    elif late is c.EVIDENCE_OUTSIDE_PERIOD:
        dates = {"date": ref.date, "start": start, "end": end}
        problems.append((late, dates))
    at = row.entry.evidence_cell
    for kind, values in problems:
        yield at_row(kind, row, submission, unit, ctx, at=at, evidence=_short(ref.text), **values)


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
