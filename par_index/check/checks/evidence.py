"""Evidence (tài liệu kiểm chứng): present where points need it, complete, dated in the period,
not one document stretched over unrelated criteria."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from functools import lru_cache

from par_index.check import catalogue as c
from par_index.check.checks.base import Row, at_row, fmt, fmt_date, produces, rows, words
from par_index.check.context import CheckContext
from par_index.check.finding import Finding
from par_index.criteria.model import CriteriaSet
from par_index.submission import Entry, EvidenceRef, Submission
from par_index.text import fold
from par_index.units import Unit

SHOWN_CHARS = 80
_NOT_WORD = re.compile(r"[\W_]+")
_SPACES = re.compile(r"\s+")


@produces(c.EVIDENCE_MISSING)
def check_evidence_present(
    cs: CriteriaSet, submission: Submission, unit: Unit | None, ctx: CheckContext
) -> Iterator[Finding]:
    """Points above 0 on a criterion whose evidence is required for points need a citation."""
    for row in rows(cs, submission, unit):
        need = row.criterion.evidence
        score = row.entry.self_score
        if need is None or not need.required_for_points or row.section == "penalty":
            continue
        if score is None or score <= 0 or has_evidence(row.entry):
            continue
        yield at_row(
            c.EVIDENCE_MISSING,
            row,
            submission,
            unit,
            ctx,
            at=row.entry.evidence_cell or row.score_cell,
            self_score=fmt(score),
            document=words(need.document, ctx),
        )


@produces(c.EVIDENCE_INCOMPLETE, c.EVIDENCE_OUTSIDE_PERIOD, c.EVIDENCE_AFTER_SUBMISSION)
def check_evidence_refs(
    cs: CriteriaSet, submission: Submission, unit: Unit | None, ctx: CheckContext
) -> Iterator[Finding]:
    """Each citation has a number and a date, within the period and not after the submission."""
    period = (ctx.start, ctx.end)
    for row in rows(cs, submission, unit):
        for ref in row.entry.evidence:
            yield from _one_ref(row, ref, period, submission, unit, ctx)


def _one_ref(
    row: Row,
    ref: EvidenceRef,
    period: tuple[dt.date | None, dt.date | None],
    submission: Submission,
    unit: Unit,
    ctx: CheckContext,
) -> Iterator[Finding]:
    start, end = period
    problems = []
    lacking = [m for m, v in ((c.D_NUMBER, ref.number), (c.D_DATE, ref.date)) if not v]
    if lacking:
        joined = c.D_AND.format(ctx.lang).join(m.format(ctx.lang) for m in lacking)
        problems.append((c.EVIDENCE_INCOMPLETE, {"lacking": joined}))
    submitted = submission.submission_date
    if ref.date is None:
        pass
    elif submitted is not None and ref.date > submitted:
        dates = {"date": fmt_date(ref.date), "submitted": fmt_date(submitted)}
        problems.append((c.EVIDENCE_AFTER_SUBMISSION, dates))
    elif (start and ref.date < start) or (end and ref.date > end):
        dates = {"date": fmt_date(ref.date), "start": fmt_date(start), "end": fmt_date(end)}
        problems.append((c.EVIDENCE_OUTSIDE_PERIOD, dates))
    at = row.entry.evidence_cell
    for kind, values in problems:
        yield at_row(kind, row, submission, unit, ctx, at=at, evidence=_short(ref.text), **values)


@produces(c.EVIDENCE_REUSED)
def check_evidence_reused(
    cs: CriteriaSet, submission: Submission, unit: Unit | None, ctx: CheckContext
) -> Iterator[Finding]:
    """One document cited for criteria of different areas: the later citations are flagged."""
    by_code = {row.code: row for row in rows(cs, submission, unit)}
    for number, codes in citations(cs, submission, unit).items():
        first = codes[0]
        for code in codes[1:]:
            if area_of(code) != area_of(first):
                row = by_code[code]
                at = row.entry.evidence_cell
                yield at_row(
                    c.EVIDENCE_REUSED, row, submission, unit, ctx, at=at, number=number, other=first
                )


def citations(cs: CriteriaSet, submission: Submission, unit: Unit) -> dict[str, list[str]]:
    """Document number as cited -> the criteria citing it, in grid order (each once)."""
    cited: dict[str, list[str]] = {}
    shown: dict[str, str] = {}
    for row in rows(cs, submission, unit):
        for ref in row.entry.evidence:
            if not ref.number:
                continue
            key = document_key(ref.number)
            shown.setdefault(key, ref.number.strip())
            codes = cited.setdefault(shown[key], [])
            if row.code not in codes:
                codes.append(row.code)
    return cited


@lru_cache(maxsize=4096)
def document_key(number: str) -> str:
    """A document number folded for comparison: "12/KH-UBND" == "12 / kh-ubnd"."""
    return _SPACES.sub("", fold(number))


def evidence_text(entry: Entry) -> tuple[str | None, int]:
    """(hash, length) of the evidence text with case, spacing and punctuation folded away;
    the length counts letters and digits only."""
    raw = entry.evidence_raw or " ".join(ref.text for ref in entry.evidence)
    return _folded(raw) if raw else (None, 0)


@lru_cache(maxsize=4096)
def _folded(raw: str) -> tuple[str | None, int]:
    words = _NOT_WORD.sub(" ", fold(raw)).split()
    if not words:
        return None, 0
    key = " ".join(words)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:24], len(key) - len(words) + 1


def has_evidence(entry: Entry) -> bool:
    return bool(entry.evidence) or bool((entry.evidence_raw or "").strip())


def area_of(code: str) -> str:
    """The area a criterion belongs to ("3.2.1" -> "3"; bonus items are their own area)."""
    return code.split(".")[0]


def _short(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= SHOWN_CHARS else value[: SHOWN_CHARS - 1] + "…"
